import { consensus, type ConsensusMarker, type ConsensusThresholds } from '../../math/consensus.ts';

// How the room moved between waves of a series (docs/methods.md, "Opinion change"): each wave's
// distribution and participation, and the shift between two waves, in percentage points per
// answer; for a scale, how its mean and median moved; for a consensus check, per proposal, how
// the share agreeing (the check's own sides and marker thresholds) and the mean level moved.
// Pure functions over counts: the views (views.ts) give them what each audience may see.

/** The answer counts of one wave. */
export type WaveCounts =
  | {
      kind: 'choices';
      /** In the poll's order; for a multiple-choice poll a member may be in several counts. */
      options: { key: string; label: string }[];
      counts: number[];
      respondents: number;
      present: number;
    }
  | { kind: 'scale'; min: number; max: number; /** One count per value, min first. */ counts: number[]; respondents: number; present: number }
  | {
      kind: 'check';
      levels: number;
      thresholds: Partial<ConsensusThresholds>;
      /** Per proposal, counts per level (full agreement first), then "Je ne sais pas". */
      proposals: { proposalId: string; counts: number[] }[];
      respondents: number;
      present: number;
    };

export interface OptionFigure {
  key: string;
  label: string;
  count: number;
  /** Of the wave's respondents, 0..1 (a multiple-choice poll's may add up to more than 1). */
  share: number;
}

export interface ProposalFigure {
  proposalId: string;
  /** Answers on the gradient ("Je ne sais pas" apart). */
  answers: number;
  unsure: number;
  /** Share of those answers on the agreeing side, 0..1. */
  agree: number;
  /** Mean level, 0 = full agreement; null without answers. */
  mean: number | null;
  marker: ConsensusMarker;
}

export interface WaveFigures {
  respondents: number;
  present: number;
  /** Respondents out of the members present, 0..1; null with nobody present. */
  participation: number | null;
  /** A poll's answers (a scale's values, as keys '0'…'10'); empty for a check. */
  options: OptionFigure[];
  /** A scale's mean and median; null otherwise or without answers. */
  mean: number | null;
  median: number | null;
  /** A check's proposals; empty for a poll. */
  proposals: ProposalFigure[];
}

/**
 * The one place that decides how precise points are (docs/methods.md, "Opinion change"): views
 * and exports carry them to a tenth (`points`, no floating-point dust); screens and the dossier
 * say them in whole points (`shownPoints`), and choose "up", "down" or "did not move" and the
 * plural on that shown number, so that "+0 points" or "+1 points" never appear.
 */
export const points = (share: number) => Math.round(share * 1000) / 10;
/** Whole points as read by people, rounded half away from zero (+0.5 and −0.5 mirror), never −0. */
export const shownPoints = (pts: number) => Math.sign(pts) * Math.round(Math.abs(pts)) || 0;
const tenth = (n: number) => Math.round(n * 10) / 10;

function median(min: number, counts: readonly number[]): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i]!;
      if (seen > rank) return min + i;
    }
    return min + counts.length - 1;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

export function waveFigures(wave: WaveCounts): WaveFigures {
  const participation = wave.present > 0 ? wave.respondents / wave.present : null;
  const base = { respondents: wave.respondents, present: wave.present, participation, options: [], mean: null, median: null, proposals: [] };
  const share = (count: number) => (wave.respondents > 0 ? count / wave.respondents : 0);
  switch (wave.kind) {
    case 'choices':
      return { ...base, options: wave.options.map((o, i) => ({ key: o.key, label: o.label, count: wave.counts[i] ?? 0, share: share(wave.counts[i] ?? 0) })) };
    case 'scale': {
      const n = wave.counts.reduce((a, b) => a + b, 0);
      const sum = wave.counts.reduce((a, c, i) => a + c * (wave.min + i), 0);
      return {
        ...base,
        options: wave.counts.map((count, i) => ({ key: String(wave.min + i), label: String(wave.min + i), count, share: n > 0 ? count / n : 0 })),
        mean: n > 0 ? sum / n : null,
        median: median(wave.min, wave.counts),
      };
    }
    case 'check':
      return {
        ...base,
        proposals: wave.proposals.map((p) => {
          const onGradient = p.counts.slice(0, wave.levels);
          const result = consensus({ counts: onGradient, abstain: p.counts[wave.levels] ?? 0 }, wave.thresholds);
          return { proposalId: p.proposalId, answers: result.answers, unsure: result.abstain, agree: result.agree, mean: result.mean, marker: result.marker };
        }),
      };
  }
}

export interface Shift {
  /** The waves compared, by their place in the series (0: the first). */
  from: number;
  to: number;
  /** Participation's move, in points; null when either wave had nobody present. */
  participationPoints: number | null;
  /** Per answer, its share's move in points (positive: more chose it). */
  options: { key: string; label: string; points: number }[];
  /** A scale's mean and median moves (null without answers on either side). */
  meanMove: number | null;
  medianMove: number | null;
  /** A check's proposals: the agreeing share's move in points, the mean level's move (negative: towards agreement), the markers. */
  proposals: { proposalId: string; agreePoints: number | null; meanMove: number | null; markerFrom: ConsensusMarker; markerTo: ConsensusMarker }[];
}

const move = (a: number | null, b: number | null) => (a === null || b === null ? null : tenth(b - a));

/** How the room moved from wave `a` (at place `from`) to wave `b` (at place `to`). */
export function shiftBetween(a: WaveFigures, b: WaveFigures, from: number, to: number): Shift {
  return {
    from,
    to,
    participationPoints: a.participation === null || b.participation === null ? null : points(b.participation - a.participation),
    options: b.options.map((o) => {
      const before = a.options.find((x) => x.key === o.key);
      return { key: o.key, label: o.label, points: points(o.share - (before?.share ?? 0)) };
    }),
    meanMove: move(a.mean, b.mean),
    medianMove: move(a.median, b.median),
    proposals: b.proposals.flatMap((p) => {
      const before = a.proposals.find((x) => x.proposalId === p.proposalId);
      if (!before) return [];
      const agreePoints = before.answers > 0 && p.answers > 0 ? points(p.agree - before.agree) : null;
      return [{ proposalId: p.proposalId, agreePoints, meanMove: move(before.mean, p.mean), markerFrom: before.marker, markerTo: p.marker }];
    }),
  };
}

/**
 * The answer that moved most between two waves (largest move in points, the first in the
 * poll's order among equals): the projector's sentence ("+18 points pour « D'accord »").
 * Null when nothing moved as shown (under half a point) or nothing was compared.
 */
export function largestMove(shift: Shift): { key: string; label: string; points: number } | null {
  return shift.options.reduce<Shift['options'][number] | null>((best, o) => (shownPoints(o.points) !== 0 && (best === null || Math.abs(o.points) > Math.abs(best.points)) ? o : best), null);
}
