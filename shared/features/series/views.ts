import { liveSession, own } from '../../domain/lookup.ts';
import { smallGroupMin } from '../../domain/small-groups.ts';
import type { Convention } from '../../domain/types.ts';
import { countChoices, scaleStats } from '../../math/poll-counts.ts';
import { checkRecord } from '../deliberation/record.ts';
import type { ConsensusCheck, ProposalRef } from '../deliberation/types.ts';
import { markerThresholds } from '../deliberation/views.ts';
import { pollRecord } from '../polls/record.ts';
import type { Poll } from '../polls/types.ts';
import { findSeries, seriesList, wavePhase, type WavePhase } from './lookup.ts';
import { shiftBetween, waveFigures, type Shift, type WaveCounts, type WaveFigures } from './shift.ts';
import { pollTransitions, transitionTable, type TransitionTable } from './transitions.ts';
import type { Series, Wave } from './types.ts';

// Series as each screen sees them. A closed wave's figures are final; an open one's follow its
// activity (the console sees them live, the room once revealed or when results are live; a
// consensus check's counts move only by ballot-box batches, as the check's own readings do). A
// transition table appears once its later wave is closed (a live one would move by one member's
// change), with counts under k hidden (transitions.ts).

export interface WaveView {
  activityId: string;
  /** The wave's own name ("Avant les experts"); '' : its session's title names it. */
  label: string;
  sessionId: string;
  sessionTitle: string;
  /** The session's first day (YYYY-MM-DD). */
  sessionDate: string;
  phase: WavePhase;
  /** Null while this audience may not see its counts (a draft, or open and neither revealed nor live). */
  figures: WaveFigures | null;
}

export interface WaveTransitions {
  /** Places of the two waves in the series (consecutive). */
  from: number;
  to: number;
  /** The check's proposal the table is about; null for a poll. */
  proposalId: string | null;
  table: TransitionTable;
}

export interface SeriesView {
  id: string;
  kind: Series['kind'];
  title: string;
  /** What every wave asks: the poll's question or the check's title. */
  question: string;
  /** A poll's form: 'single', 'multiple' or 'scale'; 'check' for a consensus check. */
  format: 'single' | 'multiple' | 'scale' | 'check';
  /** A check's proposals, in its order (empty for a poll). */
  proposals: ProposalRef[];
  /** A check's levels, full agreement first (empty for a poll). */
  levels: string[];
  /** A scale's end labels ('' otherwise). */
  minLabel: string;
  maxLabel: string;
  waves: WaveView[];
  /** From the first wave with figures to the last one; null until two have figures. */
  overall: Shift | null;
  /** Between each wave with figures and the next one with figures. */
  steps: Shift[];
  transitions: boolean;
  /** Whether transitions may still be switched (no later wave has opened, and not a multiple-choice poll). */
  transitionsEditable: boolean;
  /** Transition tables between consecutive closed waves (a check's: one per proposal). */
  tables: WaveTransitions[];
  /**
   * With transitions on, the steps between consecutive closed waves of a consensus check that
   * have no table because the phones kept no answer of the earlier wave (Wave.previousLost):
   * screens say why instead (docs/methods.md, "Opinion change").
   */
  untracked: { from: number; to: number }[];
  /** k: the fewest members a shown count of a transition table stands for. */
  smallGroupMin: number;
}

function pollOf(conv: Convention, id: string): Poll | undefined {
  return own(conv.polls, id);
}

function checkOf(conv: Convention, id: string): ConsensusCheck | undefined {
  return own(conv.checks, id);
}

function pollCounts(conv: Convention, poll: Poll): WaveCounts {
  const answers = Object.values(poll.answers);
  const present = pollRecord(conv, poll).present;
  const format = poll.format;
  if (format.kind === 'scale') {
    const stats = scaleStats(format.min, format.max, answers.flatMap((a) => (a.kind === 'scale' ? [a.value] : [])));
    return { kind: 'scale', min: format.min, max: format.max, counts: stats.distribution.map((d) => d.count), respondents: answers.length, present };
  }
  const options = format.kind === 'words' ? [] : format.options;
  const counted = countChoices(options.map((o) => o.id), answers.flatMap((a) => (a.kind === 'choices' ? [a.optionIds] : [])));
  return { kind: 'choices', options: options.map((o) => ({ key: o.id, label: o.label })), counts: counted.options.map((o) => o.count), respondents: answers.length, present };
}

function checkCounts(conv: Convention, check: ConsensusCheck): WaveCounts {
  const width = check.levels.length + 1;
  const respondents = new Set(Object.values(check.answered).flatMap((who) => Object.keys(who))).size;
  return {
    kind: 'check',
    levels: check.levels.length,
    thresholds: markerThresholds(check.thresholds),
    proposals: check.proposalIds.map((proposalId) => {
      const counts = new Array<number>(width).fill(0);
      for (const cells of Object.values(check.counts[proposalId] ?? {})) cells.forEach((n, i) => (counts[i] = (counts[i] ?? 0) + n));
      return { proposalId, counts };
    }),
    respondents,
    present: checkRecord(conv, check).present,
  };
}

/**
 * Whether an audience sees a wave's counts now (see the top of this file). 'record' (the dossier,
 * the exports): closed waves only, as every record of the convention; `include` further keeps
 * only the waves whose poll or check is published, for public outputs.
 */
type Audience = 'console' | 'public' | 'record';

function visible(activity: { status: string; revealed: boolean; live: boolean }, audience: Audience): boolean {
  if (activity.status === 'closed') return true;
  if (audience === 'record') return false;
  if (activity.status !== 'open') return false;
  return audience === 'console' || activity.revealed || activity.live;
}

function waveView(conv: Convention, series: Series, wave: Wave, audience: Audience): WaveView | null {
  const activity = series.kind === 'poll' ? pollOf(conv, wave.activityId) : checkOf(conv, wave.activityId);
  if (!activity) return null;
  const session = conv.sessions[activity.sessionId];
  const counts = series.kind === 'poll' ? pollCounts(conv, activity as Poll) : checkCounts(conv, activity as ConsensusCheck);
  return {
    activityId: wave.activityId,
    label: wave.label,
    sessionId: activity.sessionId,
    sessionTitle: session?.title ?? '',
    sessionDate: session?.startDate ?? '',
    phase: wavePhase(conv, series.kind, wave)!,
    figures: visible(activity, audience) ? waveFigures(counts) : null,
  };
}

function tablesOf(conv: Convention, series: Series): { tables: WaveTransitions[]; untracked: { from: number; to: number }[] } {
  const out: WaveTransitions[] = [];
  const untracked: { from: number; to: number }[] = [];
  if (!series.transitions) return { tables: out, untracked };
  const k = smallGroupMin(conv);
  for (let i = 1; i < series.waves.length; i++) {
    const before = series.waves[i - 1]!;
    const after = series.waves[i]!;
    if (wavePhase(conv, series.kind, after) !== 'closed' || wavePhase(conv, series.kind, before) !== 'closed') continue;
    if (series.kind === 'poll') {
      const a = pollOf(conv, before.activityId)!;
      const b = pollOf(conv, after.activityId)!;
      const format = b.format;
      const answers =
        format.kind === 'single' ? format.options.map((o) => ({ key: o.id, label: o.label }))
        : format.kind === 'scale' ? Array.from({ length: format.max - format.min + 1 }, (_, j) => ({ key: String(format.min + j), label: String(format.min + j) }))
        : null;
      if (answers) out.push({ from: i - 1, to: i, proposalId: null, table: transitionTable(answers, pollTransitions(a.answers, b.answers), k) });
    } else if (after.previousLost) {
      untracked.push({ from: i - 1, to: i });
    } else {
      const check = checkOf(conv, after.activityId)!;
      const answers = [...check.levels.map((label, j) => ({ key: String(j), label })), ...(check.allowUnsure ? [{ key: String(check.levels.length), label: '' }] : [])];
      for (const proposalId of check.proposalIds) out.push({ from: i - 1, to: i, proposalId, table: transitionTable(answers, check.transitions?.[proposalId] ?? {}, k) });
    }
  }
  return { tables: out, untracked };
}

/** Whether a step's two waves are the series' own consecutive waves in what this audience sees. */
function keptPair(series: Series, waves: WaveView[], step: { from: number; to: number }): boolean {
  return step.from < waves.length && step.to < waves.length && waves[step.from]!.activityId === series.waves[step.from]!.activityId && waves[step.to]!.activityId === series.waves[step.to]!.activityId;
}

/**
 * Whether the transitions switch may change now: a poll's until its second wave opens; a
 * check's on only while no wave has opened (its phones must keep every answer of the first),
 * off until its second wave opens.
 */
function transitionsEditable(conv: Convention, series: Series): boolean {
  const draft = (w: Wave) => wavePhase(conv, series.kind, w) === 'draft';
  if (series.kind === 'check' && !series.transitions) return series.waves.every(draft);
  return series.waves.slice(1).every(draft);
}

export function seriesView(conv: Convention, series: Series, audience: Audience, include: (kind: Series['kind'], id: string) => boolean = () => true): SeriesView {
  const waves = series.waves.filter((w) => include(series.kind, w.activityId)).flatMap((w) => waveView(conv, series, w, audience) ?? []);
  const first = series.kind === 'poll' ? pollOf(conv, series.waves[0]!.activityId) : undefined;
  const check = series.kind === 'check' ? checkOf(conv, series.waves[0]!.activityId) : undefined;
  const format = first?.format;
  const withFigures = waves.map((w, i) => ({ w, i })).filter(({ w }) => w.figures !== null);
  const steps = withFigures.slice(1).map(({ w, i }, j) => shiftBetween(withFigures[j]!.w.figures!, w.figures!, withFigures[j]!.i, i));
  const firstShown = withFigures[0];
  const lastShown = withFigures.at(-1);
  const pairs = tablesOf(conv, series);
  return {
    id: series.id,
    kind: series.kind,
    title: series.title,
    question: first?.question ?? check?.title ?? '',
    format: check ? 'check' : format?.kind === 'multiple' ? 'multiple' : format?.kind === 'scale' ? 'scale' : 'single',
    proposals: check ? checkRecord(conv, check).proposals : [],
    levels: check ? check.levels : [],
    minLabel: format?.kind === 'scale' ? format.minLabel : '',
    maxLabel: format?.kind === 'scale' ? format.maxLabel : '',
    waves,
    overall: firstShown && lastShown && firstShown !== lastShown ? shiftBetween(firstShown.w.figures!, lastShown.w.figures!, firstShown.i, lastShown.i) : null,
    steps,
    transitions: series.transitions,
    transitionsEditable: format?.kind !== 'multiple' && transitionsEditable(conv, series),
    tables: pairs.tables.filter((t) => keptPair(series, waves, t)),
    untracked: pairs.untracked.filter((t) => keptPair(series, waves, t)),
    smallGroupMin: smallGroupMin(conv),
  };
}

/** Every series of the convention, oldest first, as the console sees them. */
export function consoleSeries(conv: Convention): SeriesView[] {
  return seriesList(conv).map((s) => seriesView(conv, s, 'console'));
}

/**
 * Every series with at least one closed wave, its closed waves' figures only: the dossier and the
 * exports. `include` (public outputs) keeps the waves whose poll or check is published; a
 * transition table needs both its waves kept.
 */
export function recordSeries(conv: Convention, include: (kind: Series['kind'], id: string) => boolean = () => true): SeriesView[] {
  return seriesList(conv)
    .map((s) => seriesView(conv, s, 'record', include))
    .filter((s) => s.waves.some((w) => w.figures !== null));
}

/** The series of the projector's 'shift' panel, as the room sees it (null when none is shown). */
export function screenShift(conv: Convention, seriesId: string | null): SeriesView | null {
  const series = seriesId ? findSeries(conv, seriesId) : undefined;
  return series ? seriesView(conv, series, 'public') : null;
}

/** What phones need of series: nothing to learn, a reminder, and which answers to keep. */
export interface PhoneWaves {
  /**
   * Consensus checks whose answers the phone keeps after they close (their series counts
   * transitions and the next wave is not closed yet): it sends each with its next wave's answer,
   * and needs none once that wave closed.
   */
  keep: string[];
  /** The live session's polls and checks asked before in a series, by id. */
  asked: Record<string, PhoneWave>;
}

export interface PhoneWave {
  /** The first day of the session of the wave before (YYYY-MM-DD). */
  askedOn: string;
  /** With transitions on, the check whose kept answers go with this one's as `previous`; else null. */
  previousId: string | null;
}

export function phoneWaves(conv: Convention): PhoneWaves {
  const keep: string[] = [];
  const asked: Record<string, PhoneWave> = {};
  const live = liveSession(conv);
  for (const series of seriesList(conv)) {
    if (series.kind === 'check' && series.transitions) {
      series.waves.forEach((wave, i) => {
        const next = series.waves[i + 1];
        if (next && wavePhase(conv, 'check', next) !== 'closed') keep.push(wave.activityId);
      });
    }
    series.waves.forEach((wave, i) => {
      if (i === 0 || !live) return;
      const activity = series.kind === 'poll' ? pollOf(conv, wave.activityId) : checkOf(conv, wave.activityId);
      if (activity?.sessionId !== live.id) return;
      const before = series.waves[i - 1]!;
      const beforeActivity = series.kind === 'poll' ? pollOf(conv, before.activityId) : checkOf(conv, before.activityId);
      asked[wave.activityId] = {
        askedOn: (beforeActivity && conv.sessions[beforeActivity.sessionId]?.startDate) ?? '',
        previousId: series.kind === 'check' && series.transitions ? before.activityId : null,
      };
    });
  }
  return { keep, asked };
}
