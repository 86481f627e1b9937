import { describe, expect, it } from 'vitest';
import { kindOf, readAgenda, readAgendaLine } from '../../shared/features/core/agenda-paste.ts';

// A running order pasted into the console (Ordre du jour → Coller un programme): what each line
// becomes. The console previews it before anything is added.

describe('readAgendaLine', () => {
  it.each([
    ['Accueil des membres (30 min)', { title: 'Accueil des membres', kind: 'talk', durationMin: 30 }],
    ['09:30 Accueil des membres — 30 min', { title: 'Accueil des membres', kind: 'talk', durationMin: 30 }],
    ['9h30 - Présentation des 4 scénarios de l’ADEME, 1h15', { title: 'Présentation des 4 scénarios de l’ADEME', kind: 'talk', durationMin: 75 }],
    ['14h Pause 20\'', { title: 'Pause', kind: 'break', durationMin: 20 }],
    ['Conférence inversée sur la justice environnementale 1 h', { title: 'Conférence inversée sur la justice environnementale', kind: 'questions', durationMin: 60 }],
    ['Questions à l’intervenante\t25', { title: 'Questions à l’intervenante', kind: 'questions', durationMin: 25 }],
    ['1. Travail en tables : visions 2050 (1h30)', { title: 'Travail en tables : visions 2050', kind: 'tables', durationMin: 90 }],
    ['- Sondage : quel scénario ? 10 mn', { title: 'Sondage : quel scénario ?', kind: 'poll', durationMin: 10 }],
    ['Adoption des propositions', { title: 'Adoption des propositions', kind: 'vote', durationMin: null }],
    ['Mot du président', { title: 'Mot du président', kind: 'other', durationMin: null }],
    ['Speed meeting inspiration 90 minutes', { title: 'Speed meeting inspiration', kind: 'tables', durationMin: 90 }],
  ])('%s', (line, expected) => {
    expect(readAgendaLine(line)).toEqual(expected);
  });

  it('keeps numbers that are part of the title', () => {
    expect(readAgendaLine('Les 9 leviers')).toEqual({ title: 'Les 9 leviers', kind: 'other', durationMin: null });
    expect(readAgendaLine('Neutralité carbone en 2050')?.durationMin).toBeNull();
  });

  it('drops a duration it cannot use (0 or over a day) but keeps the item', () => {
    expect(readAgendaLine('Veille (0 min)')).toEqual({ title: 'Veille', kind: 'other', durationMin: null });
    expect(readAgendaLine('Retraite 2000 min')).toEqual({ title: 'Retraite', kind: 'other', durationMin: null });
  });

  it('reads nothing from a blank line or a line that is only a time or a duration', () => {
    expect(readAgendaLine('   ')).toBeNull();
    expect(readAgendaLine('(30 min)')).toBeNull();
  });

  it('cuts a very long title to the agenda’s limit', () => {
    expect(readAgendaLine(`${'a'.repeat(300)} 10 min`)!.title).toHaveLength(200);
  });
});

describe('readAgenda', () => {
  it('reads every non-blank line in order, whatever the line endings', () => {
    const text = 'Accueil (15 min)\r\n\r\nPrésentation — 45 min\rPause 15\'\nTravail en tables 1h\n';
    expect(readAgenda(text).map((i) => [i.title, i.kind, i.durationMin])).toEqual([
      ['Accueil', 'talk', 15],
      ['Présentation', 'talk', 45],
      ['Pause', 'break', 15],
      ['Travail en tables', 'tables', 60],
    ]);
  });
});

describe('kindOf', () => {
  it.each([
    ['Déjeuner', 'break'],
    ['ÉCHANGES avec la Métropole', 'questions'],
    ['Forum Métro', 'questions'],
    ['Vote d’adoption', 'vote'],
    ['Ateliers thématiques', 'tables'],
    ['Clôture', 'talk'],
    ['Photo de groupe', 'tables'],
    ['Divers', 'other'],
  ] as const)('%s → %s', (title, kind) => expect(kindOf(title)).toBe(kind));
});
