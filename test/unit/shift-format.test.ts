import { beforeAll, describe, expect, it } from 'vitest';
import type { SeriesView } from '../../shared/features/series/views.ts';
import type { Shift } from '../../shared/features/series/shift.ts';
import { i18n } from '../../client/lib/i18n.svelte.ts';
import { countsText, pointsText, shiftSentences } from '../../client/lib/shift-format.ts';

// How a shift is said on the console, the projector and in the dossier (client/lib/shift-format.ts):
// whole points, chosen up / down / "did not move" on the shown (rounded) number, with its plural,
// so no screen reads "+0 points" or "+1 points" (docs/methods.md, "Opinion change").

beforeAll(() => i18n.need(['shift']));

const wave = (label: string) => ({ activityId: label, label, sessionId: 's', sessionTitle: '', sessionDate: '', phase: 'closed' as const, figures: null });
const series = (kind: 'poll' | 'check') =>
  ({ kind, format: kind === 'check' ? 'check' : 'single', waves: [wave('Avant'), wave('Après')], proposals: [{ id: 'p1', number: 3, title: 'Bus' }] }) as unknown as SeriesView;
const pollShift = (points: number): Shift => ({ from: 0, to: 1, participationPoints: 0, options: [{ key: 'o1', label: 'Pour', points }, { key: 'o2', label: 'Contre', points: -points }], meanMove: null, medianMove: null, proposals: [] });
const checkShift = (agreePoints: number): Shift => ({ ...pollShift(0), options: [], proposals: [{ proposalId: 'p1', agreePoints, meanMove: null, markerFrom: 'divided', markerTo: 'divided' } as Shift['proposals'][number]] });

describe('a shift in words (French)', () => {
  it.each([
    [0.4, 'Les réponses n’ont pas bougé entre Avant et Après'],
    [0.5, '+1 point pour « Pour » entre Avant et Après'],
    [1, '+1 point pour « Pour » entre Avant et Après'],
    [1.4, '+1 point pour « Pour » entre Avant et Après'],
    [2.5, '+3 points pour « Pour » entre Avant et Après'],
    [-0.5, '−1 point pour « Pour » entre Avant et Après'], // the first of equal moves
  ])('a poll moved by %s points: %s', (points, sentence) => {
    expect(shiftSentences(series('poll'), pollShift(points))).toEqual([sentence]);
  });

  it.each([
    [0.3, 'L’accord sur « P-003 Bus » n’a pas bougé entre Avant et Après'],
    [-0.5, '−1 point d’accord sur « P-003 Bus » entre Avant et Après'],
    [-1.2, '−1 point d’accord sur « P-003 Bus » entre Avant et Après'],
    [12.6, '+13 points d’accord sur « P-003 Bus » entre Avant et Après'],
  ])('a check moved by %s points: %s', (points, sentence) => {
    expect(shiftSentences(series('check'), checkShift(points))).toEqual([sentence]);
  });

  it('says a move in a cell with its sign and plural, never "−0"', () => {
    expect([0.2, -0.2, 0.5, -0.5, 1.4, -2.5, 18].map(pointsText)).toEqual(['0 pt', '0 pt', '+1 pt', '−1 pt', '+1 pt', '−3 pts', '+18 pts']);
  });

  it('counts respondents and members present each with its own plural', () => {
    expect(countsText({ respondents: 1, present: 1 })).toBe('1 réponse · 1 présent');
    expect(countsText({ respondents: 0, present: 2 })).toBe('0 réponse · 2 présents');
    expect(countsText({ respondents: 12, present: 24 })).toBe('12 réponses · 24 présents');
  });
});
