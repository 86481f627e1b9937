import { describe, expect, it } from 'vitest';
import { replay } from '../../shared/registry.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { actorBatches, previewActors } from '../../shared/features/speed/import.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { memberView, publicView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';
import { shortName } from '../../shared/features/speed/views.ts';
import { command, conventionWith, must, run } from '../helpers/domain-fixtures.ts';

// The speed meeting's rules (shared/features/speed/decide.ts), its events replayed, its views per channel,
// and the actors' list import preview.

const NAMES = Array.from({ length: 24 }, (_, i) => `Membre${i} Nom${String.fromCharCode(65 + (i % 26))}`);
const LIVE = { connected: new Set<string>(), publicUrl: 'http://192.0.2.10:3000' };

/** A live session with 24 members, 20 of them present, and a speed meeting with 8 actors. */
function setup(): { conv: Convention; meetingId: string; sessionId: string; events: DomainEvent[] } {
  let conv = conventionWith({ members: NAMES, sessions: 1 });
  const sessionId = conv.sessionOrder[0]!;
  conv = must(conv, command('session.open', { sessionId }));
  conv = must(conv, command('presence.mark', { sessionId, memberIds: conv.memberOrder.slice(0, 20), present: true }));
  const created = run(conv, command('speed.create', { sessionId }));
  const meetingId = (created.data as { meetingId: string }).meetingId;
  conv = created.state;
  const actors = Array.from({ length: 8 }, (_, i) => ({ name: '', organisation: `Acteur ${i + 1}`, theme: conv.levers[i % 9]!.title, table: String(i + 11) }));
  conv = must(conv, command('speed.actorsAdd', { meetingId, actors }));
  conv = must(conv, command('speed.settings', { meetingId, rounds: 4, roundMinutes: 20, minTable: 3, maxTable: 6 }));
  return { conv, meetingId, sessionId, events: [] };
}

const codeOf = (result: ReturnType<typeof run>) => result.error?.code ?? 'ok';

describe('speed meeting: setting up', () => {
  it('creates one meeting per session: creating it again answers the same id', () => {
    const { conv, meetingId, sessionId } = setup();
    const again = run(conv, command('speed.create', { sessionId }));
    expect(again.events).toEqual([]);
    expect(again.data).toEqual({ meetingId });
    expect(codeOf(run(conv, command('speed.create', { sessionId: 'nope' })))).toBe('NOT_FOUND');
  });

  it('refuses a plan without actors, or without anyone present', () => {
    let conv = conventionWith({ members: NAMES.slice(0, 4), sessions: 1 });
    const sessionId = conv.sessionOrder[0]!;
    const created = run(conv, command('speed.create', { sessionId }));
    conv = created.state;
    const meetingId = (created.data as { meetingId: string }).meetingId;
    expect(codeOf(run(conv, command('speed.generate', { meetingId, basis: 'present' })))).toBe('NO_ACTORS');
    conv = must(conv, command('speed.actorsAdd', { meetingId, actors: [{ name: '', organisation: 'négaWatt', theme: '', table: '' }] }));
    expect(codeOf(run(conv, command('speed.generate', { meetingId, basis: 'present' })))).toBe('NO_PRESENT_MEMBERS');
    // Prepared ahead, for every active member.
    const ahead = run(conv, command('speed.generate', { meetingId, basis: 'all' }));
    expect(codeOf(ahead)).toBe('ok');
    expect(ahead.state.speedMeetings[meetingId]!.plan!.rounds[0]!.tables[0]!.memberIds).toHaveLength(4);
  });

  it('caps the actors at the limit, and checks settings', () => {
    const { conv, meetingId } = setup();
    const many = Array.from({ length: 40 }, (_, i) => ({ name: '', organisation: `Org ${i}`, theme: '', table: '' }));
    let state = conv;
    for (let i = 0; i < 3; i++) state = must(state, command('speed.actorsAdd', { meetingId, actors: many }));
    expect(codeOf(run(state, command('speed.actorsAdd', { meetingId, actors: many })))).toBe('LIMIT_REACHED');
    expect(() => command('speed.settings', { meetingId, rounds: 4, roundMinutes: 20, minTable: 5, maxTable: 3 })).toThrow();
    expect(run(conv, command('speed.settings', { meetingId, rounds: 4, roundMinutes: 20, minTable: 3, maxTable: 6 })).events).toEqual([]);
  });

  it('generates a plan with a seed from the context, kept in the event; going back to the previous plan swaps them', () => {
    const { conv, meetingId } = setup();
    const first = run(conv, command('speed.generate', { meetingId, basis: 'present' }));
    const event = first.events[0] as Extract<DomainEvent, { type: 'SpeedPlanSet' }>;
    expect(event.type).toBe('SpeedPlanSet');
    expect(event.plan.seed).toBe((first.data as { seed: number }).seed);
    expect(event.plan.rounds).toHaveLength(4);
    const second = run(first.state, command('speed.generate', { meetingId, basis: 'present' }));
    const m2 = second.state.speedMeetings[meetingId]!;
    expect(m2.previousPlan).toEqual(event.plan);
    expect(m2.plan!.seed).not.toBe(event.plan.seed);
    const back = must(second.state, command('speed.restorePlan', { meetingId }));
    expect(back.speedMeetings[meetingId]!.plan).toEqual(event.plan);
    expect(back.speedMeetings[meetingId]!.previousPlan).toEqual(m2.plan);
    expect(codeOf(run(first.state, command('speed.restorePlan', { meetingId })))).toBe('NOT_FOUND');
  });

  it('leaves members marked absent and actors marked away out of the plan', () => {
    const { conv, meetingId } = setup();
    const absentId = conv.memberOrder[0]!;
    const actorId = conv.speedMeetings[meetingId]!.actors[0]!.id;
    let state = must(conv, command('speed.memberAbsent', { meetingId, memberIds: [absentId], absent: true }));
    state = must(state, command('speed.actorAway', { meetingId, actorId, away: true }));
    state = must(state, command('speed.generate', { meetingId, basis: 'present' }));
    const plan = state.speedMeetings[meetingId]!.plan!;
    for (const round of plan.rounds) {
      expect(round.tables.some((t) => t.actorId === actorId)).toBe(false);
      expect(round.tables.some((t) => t.memberIds.includes(absentId)) || round.unassigned.includes(absentId)).toBe(false);
    }
  });
});

describe('speed meeting: running the rounds', () => {
  it('starting a round needs a live session and a plan; it starts the countdown and shows the panel', () => {
    const { conv, meetingId, sessionId } = setup();
    expect(codeOf(run(conv, command('speed.round', { meetingId, round: 1 })))).toBe('NO_PLAN');
    const planned = must(conv, command('speed.generate', { meetingId, basis: 'present' }));
    expect(codeOf(run(planned, command('speed.round', { meetingId, round: 5 })))).toBe('NOT_FOUND');
    const started = run(planned, command('speed.round', { meetingId, round: 1 }));
    expect(started.events.map((e) => e.type)).toEqual(['SpeedRoundStarted', 'TimerSet', 'ScreenPanelSet']);
    const timer = started.state.timers[sessionId]!;
    expect(timer).toMatchObject({ durationMs: 20 * 60_000, status: 'running', source: { kind: 'speed-round', id: meetingId } });
    expect(timer.endsAt! - timer.durationMs).toBeGreaterThan(0);
    expect(started.state.sessions[sessionId]!.screenPanel).toBe('speed');
    // The same round again (a retry, a double click) does not start the countdown over.
    expect(run(started.state, command('speed.round', { meetingId, round: 1 })).events).toEqual([]);
    const next = run(started.state, command('speed.round', { meetingId, round: 2 }));
    expect(next.events.map((e) => e.type)).toEqual(['SpeedRoundStarted', 'TimerSet']);
    expect(next.state.speedMeetings[meetingId]).toMatchObject({ status: 'running', round: 2 });

    const closed = must(planned, command('session.close', { sessionId }));
    expect(codeOf(run(closed, command('speed.round', { meetingId, round: 1 })))).toBe('SESSION_NOT_LIVE');

    // Closed for lunch during round 2, then reopened: the round has lost its countdown, and the
    // same round again gives it back (it was a no-op while the countdown ran).
    const lunch = must(next.state, command('session.close', { sessionId }));
    expect(lunch.timers[sessionId]).toBeUndefined();
    const back = must(lunch, command('session.open', { sessionId }));
    const restarted = run(back, command('speed.round', { meetingId, round: 2 }));
    expect(restarted.events.map((e) => e.type)).toEqual(['SpeedRoundStarted', 'TimerSet']);
    expect(restarted.state.timers[sessionId]).toMatchObject({ status: 'running', source: { kind: 'speed-round', id: meetingId } });
    expect(restarted.state.speedMeetings[meetingId]).toMatchObject({ status: 'running', round: 2 });
  });

  it('once started: no new whole plan, no removal of actors, no change of shape; the length may change', () => {
    const { conv, meetingId } = setup();
    let state = must(conv, command('speed.generate', { meetingId, basis: 'present' }));
    state = must(state, command('speed.round', { meetingId, round: 1 }));
    expect(codeOf(run(state, command('speed.generate', { meetingId, basis: 'present' })))).toBe('WRONG_PHASE');
    expect(codeOf(run(state, command('speed.restorePlan', { meetingId })))).toBe('WRONG_PHASE');
    const actorId = state.speedMeetings[meetingId]!.actors[0]!.id;
    expect(codeOf(run(state, command('speed.actorRemove', { meetingId, actorId })))).toBe('WRONG_PHASE');
    expect(codeOf(run(state, command('speed.settings', { meetingId, rounds: 5, roundMinutes: 20, minTable: 3, maxTable: 6 })))).toBe('WRONG_PHASE');
    expect(codeOf(run(state, command('speed.settings', { meetingId, rounds: 4, roundMinutes: 15, minTable: 3, maxTable: 6 })))).toBe('ok');
  });

  it('re-plans for absentees from the current round on, keeping the rounds already played', () => {
    const { conv, meetingId, sessionId } = setup();
    let state = must(conv, command('speed.generate', { meetingId, basis: 'present' }));
    state = must(state, command('speed.round', { meetingId, round: 1 }));
    state = must(state, command('speed.round', { meetingId, round: 2 }));
    const before = state.speedMeetings[meetingId]!.plan!;
    const leaving = state.memberOrder.slice(0, 3);
    state = must(state, command('speed.memberAbsent', { meetingId, memberIds: leaving, absent: true }));
    // A late arrival (present now, not in the plan).
    const late = state.memberOrder[22]!;
    state = must(state, command('presence.mark', { sessionId, memberIds: [late], present: true }));
    const changes = consoleView(state, LIVE).sessions[0]!.speed!.changes!;
    expect(changes).toMatchObject({ from: 3, arrivals: [late], departures: leaving });

    expect(codeOf(run(state, command('speed.replan', { meetingId, fromRound: 1, basis: 'present' })))).toBe('WRONG_PHASE');
    expect(codeOf(run(state, command('speed.replan', { meetingId, fromRound: 5, basis: 'present' })))).toBe('NOT_FOUND');
    state = must(state, command('speed.replan', { meetingId, fromRound: 3, basis: 'present' }));
    const after = state.speedMeetings[meetingId]!.plan!;
    expect(after.keptRounds).toBe(2);
    expect(after.rounds.slice(0, 2)).toEqual(before.rounds.slice(0, 2));
    for (const round of after.rounds.slice(2)) {
      const everyone = round.tables.flatMap((t) => t.memberIds).concat(round.unassigned);
      for (const id of leaving) expect(everyone).not.toContain(id);
      expect(everyone).toContain(late);
      for (const t of round.tables) expect(t.memberIds.length).toBeGreaterThanOrEqual(3);
      for (const t of round.tables) expect(t.memberIds.length).toBeLessThanOrEqual(6);
    }
    // No member meets an actor twice across played and re-planned rounds.
    const met = new Set<string>();
    for (const round of after.rounds) for (const t of round.tables) for (const id of t.memberIds) {
      expect(met.has(`${id}:${t.actorId}`)).toBe(false);
      met.add(`${id}:${t.actorId}`);
    }
    expect(consoleView(state, LIVE).sessions[0]!.speed!.changes).toMatchObject({ arrivals: [], departures: [] });
  });

  it('ending takes its own countdown down and leaves another feature’s countdown alone', () => {
    const { conv, meetingId, sessionId } = setup();
    let state = must(conv, command('speed.generate', { meetingId, basis: 'present' }));
    expect(codeOf(run(state, command('speed.end', { meetingId })))).toBe('WRONG_PHASE');
    state = must(state, command('speed.round', { meetingId, round: 1 }));
    const ended = run(state, command('speed.end', { meetingId }));
    expect(ended.events.map((e) => e.type)).toEqual(['SpeedEnded', 'TimerSet']);
    expect(ended.state.timers[sessionId]).toBeUndefined();
    expect(run(ended.state, command('speed.end', { meetingId })).events).toEqual([]);
    // Another countdown took over meanwhile: ending the meeting keeps it.
    const other = { ...state, timers: { [sessionId]: { ...state.timers[sessionId]!, source: { kind: 'manual' as const, id: null } } } };
    expect(run(other, command('speed.end', { meetingId })).events.map((e) => e.type)).toEqual(['SpeedEnded']);
    // Back to a round after ending by mistake.
    expect(must(ended.state, command('speed.round', { meetingId, round: 1 })).speedMeetings[meetingId]!.status).toBe('running');
  });

  it('replays to the same state (the plan is in the events, not recomputed)', () => {
    const { conv, meetingId } = setup();
    const events: DomainEvent[] = [];
    let state = conv;
    for (const cmd of [
      command('speed.generate', { meetingId, basis: 'present' }),
      command('speed.generate', { meetingId, basis: 'all' }),
      command('speed.restorePlan', { meetingId }),
      command('speed.round', { meetingId, round: 1 }),
      command('speed.memberAbsent', { meetingId, memberIds: [conv.memberOrder[1]!], absent: true }),
      command('speed.replan', { meetingId, fromRound: 2, basis: 'present' }),
      command('speed.round', { meetingId, round: 2 }),
      command('speed.end', { meetingId }),
    ]) {
      const result = run(state, cmd);
      expect(result.error).toBeNull();
      events.push(...result.events);
      state = result.state;
    }
    expect(replay(events, conv)).toEqual(state);
  });
});

describe('speed meeting: views', () => {
  function running() {
    const { conv, meetingId } = setup();
    let state = must(conv, command('speed.generate', { meetingId, basis: 'present' }));
    state = must(state, command('speed.round', { meetingId, round: 1 }));
    return { state, meetingId };
  }

  it('a phone sees its own schedule only; the public view carries the round and countdown, no seat', () => {
    const { state } = running();
    const [me, other] = state.memberOrder as [string, string];
    const mine = memberView(state, me)!.speed!;
    expect(mine.planned).toBe(true);
    expect(mine.schedule).toHaveLength(4);
    expect(mine.schedule[0]).toMatchObject({ organisation: expect.stringMatching(/^Acteur /), table: expect.stringMatching(/^1\d$/) });
    const json = JSON.stringify(memberView(state, me));
    expect(json).not.toContain(other);
    const pub = publicView(state).speed!;
    expect(pub).toMatchObject({ status: 'running', round: 1, rounds: 4 });
    expect(pub.timer?.source.kind).toBe('speed-round');
    expect(JSON.stringify(publicView(state).speed)).not.toContain(me);
  });

  it('before the meeting starts, phones and the projector get no plan', () => {
    const { conv, meetingId } = setup();
    const planned = must(conv, command('speed.generate', { meetingId, basis: 'present' }));
    expect(memberView(planned, planned.memberOrder[0]!)!.speed).toBeNull();
    expect(publicView(planned).speed).toBeNull();
    expect(screenView(planned, LIVE).session!.speed!.lookup).toEqual([]);
  });

  it('the projector lists where each present member goes this round, by short name, alphabetically', () => {
    const { state } = running();
    const lookup = screenView(state, LIVE).session!.speed!.lookup;
    expect(lookup).toHaveLength(20);
    expect(lookup.every((row) => /^Membre\d+ N\.$/.test(row.name))).toBe(true);
    const names = lookup.map((r) => r.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('fr', { sensitivity: 'base' }).compare));
  });

  it('the console gets the plan with its quality report', () => {
    const { state } = running();
    const speed = consoleView(state, LIVE).sessions[0]!.speed!;
    expect(speed.quality).toMatchObject({ actorRepeats: 0, rounds: 4, members: 20 });
    expect(speed.eligible).toEqual({ present: 20, all: 24 });
    expect(speed.actors.map((a) => a.label)).toEqual(['11', '12', '13', '14', '15', '16', '17', '18']);
  });

  it.each([
    ['Zoé Lefèvre', 'Zoé L.'],
    ['Jean-Noël de la Fontaine', 'Jean-Noël F.'],
    ['Cher', 'Cher'],
    ['  Aïcha   N’Diaye ', 'Aïcha N.'],
  ])('shortName(%s) = %s', (name, short) => {
    expect(shortName(name)).toBe(short);
  });
});

describe('actors list import preview', () => {
  const levers = [
    { id: 'l5', title: 'Production d’énergie' },
    { id: 'l3', title: 'Mobilité des personnes' },
  ];

  it('reads a French spreadsheet with headers, matches themes to levers and flags each row’s problems', () => {
    const csv = [
      'Structure;Intervenant;Thème;N° table',
      'Association négaWatt;Claire Martin;production d’énergie;14',
      ';Sans structure;Énergie;15',
      'Vélo Cité;;Mobilité des personnes;14',
      'Association négaWatt;Claire Martin;Énergie;16',
      'La Coop Solaire;Paul;;17',
    ].join('\n');
    const existing = [{ id: 'x', name: '', organisation: 'Agence Rénov', theme: '', table: '17', away: false }];
    const preview = previewActors(csv, existing, levers);
    expect(preview.fileError).toBeNull();
    expect(preview.header).toBe(true);
    expect(preview.rows.map((r) => [r.line, r.problems])).toEqual([
      [2, []],
      [3, ['ORGANISATION_MISSING']],
      [4, ['TABLE_TAKEN']],
      [5, ['DUPLICATE_IN_FILE']],
      [6, ['TABLE_TAKEN', 'THEME_MISSING']],
    ]);
    expect(preview.rows[0]).toMatchObject({ organisation: 'Association négaWatt', theme: 'Production d’énergie', leverId: 'l5', table: '14' });
    expect(preview.importable).toBe(3);
    expect(actorBatches(preview).flat().map((a) => a.organisation)).toEqual(['Association négaWatt', 'Vélo Cité', 'La Coop Solaire']);
  });

  it('reads a pasted list without a header by position, and refuses what is already listed', () => {
    const pasted = 'The Shift Project,,Décarbonation\nAgence Rénov\nthe shift project,,Autre';
    const existing = [{ id: 'x', name: '', organisation: 'Agence Rénov', theme: '', table: '', away: false }];
    const preview = previewActors(pasted, existing, levers);
    expect(preview.header).toBe(false);
    expect(preview.rows.map((r) => [r.organisation, r.theme, r.problems])).toEqual([
      ['The Shift Project', 'Décarbonation', []],
      ['Agence Rénov', '', ['ALREADY_LISTED', 'THEME_MISSING']],
      ['the shift project', 'Autre', ['DUPLICATE_IN_FILE']],
    ]);
  });

  it('reports a broken file instead of guessing', () => {
    expect(previewActors('Structure;Thème\n"négaWatt;Énergie', [], levers).fileError).toEqual({ code: 'CSV_UNTERMINATED_QUOTE', line: 2 });
    expect(previewActors('', [], levers).fileError).toEqual({ code: 'EMPTY_FILE' });
  });

  it('sends long lists in batches a socket message holds', () => {
    const csv = ['Organisation', ...Array.from({ length: 95 }, (_, i) => `Org ${i}`)].join('\n');
    expect(actorBatches(previewActors(csv, [], levers)).map((b) => b.length)).toEqual([40, 40, 15]);
  });
});
