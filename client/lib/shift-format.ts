import type { SeriesView, WaveView } from '../../shared/features/series/views.ts';
import { largestMove, shownPoints, type Shift } from '../../shared/features/series/shift.ts';
import { NO_EARLIER } from '../../shared/features/series/transitions.ts';
import { dateRange } from './dates.ts';
import { i18n, t } from './i18n.svelte.ts';
import { isOne } from './plural.ts';

// How a series is written, the same on the console, the projector and in the dossier
// (docs/methods.md, "Opinion change"): a wave's name, shares and moves in points (a sign and a
// number, never a colour alone), the net shift's sentence, a transition table's headers.

const locale = () => (i18n.locale === 'fr' ? 'fr-FR' : 'en-GB');
export const percentText = (share: number) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
export const numberText = (n: number, digits = 1) => new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);

/** A wave as the room calls it: its own name, else its session's title. */
export function waveName(wave: Pick<WaveView, 'label' | 'sessionTitle'>, index: number): string {
  return wave.label || wave.sessionTitle || t('shift.wave.number', { number: index + 1 });
}

/** The day its session starts, in the chosen language. */
export const waveDate = (wave: Pick<WaveView, 'sessionDate'>) => (wave.sessionDate ? dateRange(wave.sessionDate, wave.sessionDate) : '');

/** "12 réponses · 1 présent": a wave's respondents and members present, each with its own plural. */
export function countsText(figures: { respondents: number; present: number }): string {
  return t('shift.wave.counts', {
    respondents: t(isOne(figures.respondents) ? 'shift.wave.respondents.one' : 'shift.wave.respondents.other', { count: figures.respondents }),
    present: t(isOne(figures.present) ? 'shift.wave.present.one' : 'shift.wave.present.other', { count: figures.present }),
  });
}

/** A move in whole points (shownPoints decides), with its sign and its plural: the number and the keys to say it. */
function shown(points: number): { n: number; sign: string; text: string; one: boolean } {
  const n = shownPoints(points);
  return { n, sign: n > 0 ? '+' : n < 0 ? '−' : '', text: numberText(Math.abs(n), 0), one: isOne(Math.abs(n)) };
}

/** "+18 pts", "−1 pt", "0 pt". */
export function pointsText(points: number): string {
  const s = shown(points);
  return t(s.one ? 'shift.points.one' : 'shift.points.other', { sign: s.sign, points: s.text });
}

/** A signed move of a mean or a median ("+0,7"). */
function moveText(move: number): string {
  return `${move > 0 ? '+' : move < 0 ? '−' : ''}${numberText(Math.abs(move))}`;
}

/** A proposal's name in a series of checks: "P-003 Titre". */
export function proposalName(series: SeriesView, proposalId: string): string {
  const p = series.proposals.find((x) => x.id === proposalId);
  return p ? `P-${String(p.number).padStart(3, '0')} ${p.title}` : proposalId;
}

/**
 * The net shift in one sentence or a few ("+18 points pour « D'accord » entre la session 1 et
 * la session 5"): the answer that moved most; a scale's mean and median; each proposal of a check.
 */
export function shiftSentences(series: SeriesView, shift: Shift | null): string[] {
  if (!shift) return [t('shift.sentence.wait')];
  const from = waveName(series.waves[shift.from]!, shift.from);
  const to = waveName(series.waves[shift.to]!, shift.to);
  if (series.kind === 'check') {
    return shift.proposals.map((p) => {
      const proposal = proposalName(series, p.proposalId);
      const s = shown(p.agreePoints ?? 0);
      if (s.n === 0) return t('shift.sentence.check.same', { proposal, from, to });
      const key = s.n > 0 ? (s.one ? 'shift.sentence.check.up.one' : 'shift.sentence.check.up.other') : s.one ? 'shift.sentence.check.down.one' : 'shift.sentence.check.down.other';
      return t(key, { points: s.text, proposal, from, to });
    });
  }
  const out: string[] = [];
  const top = largestMove(shift);
  if (series.format !== 'scale') {
    const s = top ? shown(top.points) : null;
    const key = s === null ? null : s.n > 0 ? (s.one ? 'shift.sentence.up.one' : 'shift.sentence.up.other') : s.one ? 'shift.sentence.down.one' : 'shift.sentence.down.other';
    out.push(top && s && key ? t(key, { points: s.text, answer: top.label, from, to }) : t('shift.sentence.same', { from, to }));
  }
  const a = series.waves[shift.from]!.figures;
  const b = series.waves[shift.to]!.figures;
  if (series.format === 'scale' && a && b && a.mean !== null && b.mean !== null) {
    out.push(t('shift.sentence.mean', { from: numberText(a.mean), to: numberText(b.mean), move: moveText(b.mean - a.mean) }));
    if (a.median !== null && b.median !== null) out.push(t('shift.sentence.median', { from: numberText(a.median), to: numberText(b.median) }));
  }
  return out.length > 0 ? out : [t('shift.sentence.same', { from, to })];
}

/** Why a step of a series counting transitions has no table (SeriesView.untracked). */
export function untrackedText(series: SeriesView, step: { from: number; to: number }): string {
  return t('shift.transitions.notKept', { from: waveName(series.waves[step.from]!, step.from), to: waveName(series.waves[step.to]!, step.to) });
}

/** A transition table's header: an answer's label, "Pas de réponse avant", "Je ne sais pas". */
export function headerText(header: { key: string; label: string }): string {
  if (header.key === NO_EARLIER) return t('shift.transitions.none');
  return header.label || t('shift.transitions.unsure');
}
