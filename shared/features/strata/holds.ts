import { adoptionResult } from '../../math/adoption.ts';
import { agreementSides, consensusMarker, type ConsensusMarker } from '../../math/consensus.ts';
import { majorityGrade } from '../../math/majority-judgment.ts';
import { scaleStats } from '../../math/poll-counts.ts';
import { markerThresholds } from '../deliberation/views.ts';
import type { ConsensusCheck } from '../deliberation/types.ts';
import { voteOutcome, type VoteOutcome } from '../votes/outcome.ts';
import type { VoteBasis, VoteResult } from '../votes/types.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN, type StratumCells } from './types.ts';

// Does a result hold in every part of the room? (issue 17, docs/methods.md "Reading a result by
// stratum"). Each stratum's counts are read with the very rule the room's result was read with
// (the vote's threshold, the check's marker thresholds, majority judgment's majority grade, the
// poll's leading option or scale median), and the result holds in a stratum when that stratum
// alone would have given the same result. Pure: counts in, readings out. The counts come k-safe
// (counts.ts, resultByStratum): nothing here can show a group under k that was not
// already shown.

/** The rule a decision's counts are read with: its kind's, with that decision's own settings. */
export type StratumRule =
  /** An adoption vote; cells for, against, abstain. */
  | { kind: 'vote'; thresholdBp: number; basis: VoteBasis }
  /** A consensus check on one proposal; cells per level (full agreement first), then "unsure". */
  | { kind: 'check'; levels: number; thresholds: ConsensusCheck['thresholds'] }
  /** A grading of one proposal; cells per grade, best first. */
  | { kind: 'grading'; grades: number }
  /** A poll with options; cells per option. `multiple`: a member may choose several (cells then count choices, not members). */
  | { kind: 'choices'; options: number; multiple: boolean }
  /** A poll on a scale from `min`; cells per value, `min` first. */
  | { kind: 'scale'; min: number; max: number };

/** A result as its kind states it: the room's, or one stratum's read with the same rule. */
export type Verdict =
  /** `none`: no ballot counted by the threshold's basis (every ballot an abstention), nothing to adopt or reject. `share`: of 'for', 0..1. */
  | { kind: 'vote'; outcome: VoteOutcome | 'none'; share: number }
  /** `agree`, `disagree`: shares of the answers on the gradient ("unsure" apart), 0..1. */
  | { kind: 'check'; marker: ConsensusMarker; agree: number; disagree: number }
  /** The majority grade's index (0 = best); null without a grade. */
  | { kind: 'grading'; grade: number | null }
  /** The options with the most answers (indices; several on a tie); empty without an answer. */
  | { kind: 'choices'; leading: number[] }
  /** The median answer (it may end in .5); null without an answer. */
  | { kind: 'scale'; median: number | null };

export interface StratumRow {
  /** The stratum's value; VALUE_NOT_GIVEN for "not given", OTHER_VALUES for the values under k merged. */
  value: string;
  cells: number[];
  /** Ballots (answers) in the stratum; null for a multiple-choice poll, whose cells count choices. */
  ballots: number | null;
  verdict: Verdict;
  /** Whether the room's result holds there; null when it cannot be said (methods.md: no result in the room or in the stratum). */
  holds: boolean | null;
}

export interface AttributeReading {
  attribute: string;
  rows: StratumRow[];
}

export interface HoldsReading {
  room: Verdict;
  attributes: AttributeReading[];
  /** Every stratum the room's result does not hold in, attribute by attribute, in the rows' order: the marker. */
  notHolding: { attribute: string; value: string }[];
  /** Strata where it could be said (holds true or false): "holds in every stratum" needs at least one. */
  judged: number;
}

const sum = (cells: readonly number[]) => cells.reduce((a, b) => a + b, 0);

/** The room's verdict of a closed vote, from its result (paper ballots included): what the projector showed. */
export function voteVerdict(result: Pick<VoteResult, 'quorumMet' | 'adopted' | 'share'>): Verdict {
  return { kind: 'vote', outcome: voteOutcome(result), share: result.share };
}

/**
 * One set of counts read with `rule`. A vote's stratum is read on its own ballots: who was
 * present in it but did not vote is not known, so the bases 'present' and 'members' count the
 * ballots cast (abstentions included) as the denominator, and there is no quorum.
 */
export function verdictOf(rule: StratumRule, cells: readonly number[]): Verdict {
  switch (rule.kind) {
    case 'vote': {
      const [yes = 0, no = 0, abstain = 0] = cells;
      const cast = yes + no + abstain;
      const basis = rule.basis === 'expressed' ? 'expressed' : 'present';
      const result = adoptionResult({ tally: { for: yes, against: no, abstain }, threshold: rule.thresholdBp / 10_000, basis, present: cast });
      if (result.denominator === 0) return { kind: 'vote', outcome: 'none', share: 0 };
      return { kind: 'vote', outcome: result.adopted ? 'adopted' : 'rejected', share: result.share };
    }
    case 'check': {
      const sides = agreementSides(rule.levels);
      const levels = cells.slice(0, rule.levels);
      const answers = sum(levels);
      const agree = sides.agree.reduce((n, i) => n + (levels[i] ?? 0), 0);
      const disagree = sides.disagree.reduce((n, i) => n + (levels[i] ?? 0), 0);
      const marker = consensusMarker(agree, disagree, answers, markerThresholds(rule.thresholds));
      return { kind: 'check', marker, agree: answers === 0 ? 0 : agree / answers, disagree: answers === 0 ? 0 : disagree / answers };
    }
    case 'grading':
      return { kind: 'grading', grade: majorityGrade(cells.slice(0, rule.grades)) };
    case 'choices': {
      const counts = cells.slice(0, rule.options);
      const top = Math.max(0, ...counts);
      return { kind: 'choices', leading: top === 0 ? [] : counts.flatMap((n, i) => (n === top ? [i] : [])) };
    }
    case 'scale': {
      // The room's own median (shared/math/poll-counts.ts), on the values the cells stand for.
      const values = cells.flatMap((n, i) => Array.from({ length: n }, () => rule.min + i));
      return { kind: 'scale', median: scaleStats(rule.min, rule.max, values).median };
    }
  }
}

/** A consensus, strong or not, is one result: a stratum with a plain consensus holds the room's strong one, and the other way round. */
const markerFamily = (marker: ConsensusMarker) => (marker === 'strong_consensus' ? 'consensus' : marker);

/** Whether `stratum` gives the room's result; null when either has none to compare (docs/methods.md). */
export function holdsIn(room: Verdict, stratum: Verdict): boolean | null {
  switch (room.kind) {
    case 'vote':
      if (stratum.kind !== 'vote' || room.outcome === 'no_quorum' || room.outcome === 'none' || stratum.outcome === 'none') return null;
      return stratum.outcome === room.outcome;
    case 'check':
      if (stratum.kind !== 'check' || room.marker === 'insufficient' || stratum.marker === 'insufficient') return null;
      return markerFamily(stratum.marker) === markerFamily(room.marker);
    case 'grading':
      if (stratum.kind !== 'grading' || room.grade === null || stratum.grade === null) return null;
      return stratum.grade === room.grade;
    case 'choices':
      if (stratum.kind !== 'choices' || room.leading.length === 0 || stratum.leading.length === 0) return null;
      // A tie is a result of its own: it holds where the stratum ties between the same options.
      return stratum.leading.length === room.leading.length && stratum.leading.every((i, n) => room.leading[n] === i);
    case 'scale':
      if (stratum.kind !== 'scale' || room.median === null || stratum.median === null) return null;
      return stratum.median === room.median;
  }
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Values in a fixed order whatever the counts' order: named values by code point, then "not given", then the merged others. */
export function valuesInOrder(values: Iterable<string>): string[] {
  const rank = (v: string) => (v === OTHER_VALUES ? 2 : v === VALUE_NOT_GIVEN ? 1 : 0);
  return [...values].sort((a, b) => rank(a) - rank(b) || byCodePoint(a, b));
}

/**
 * Every stratum of `attributes` read with `rule` against the room's verdict. Values without a
 * ballot are left out; attributes the counts do not have give no rows. `sizes` (attribute ->
 * value -> members who answered) gives each stratum's ballots; without it, the sum of its
 * cells, which a multiple-choice poll does not have (null).
 */
export function readByStratum(rule: StratumRule, room: Verdict, cells: StratumCells, attributes: readonly string[], sizes?: Record<string, Record<string, number>>): HoldsReading {
  const notHolding: HoldsReading['notHolding'] = [];
  let judged = 0;
  const read = attributes.map((attribute) => {
    const byValue = Object.hasOwn(cells, attribute) ? cells[attribute]! : {};
    const rows = valuesInOrder(Object.keys(byValue)).flatMap((value): StratumRow[] => {
      const counts = byValue[value]!;
      if (sum(counts) === 0) return [];
      const verdict = verdictOf(rule, counts);
      const holds = holdsIn(room, verdict);
      if (holds !== null) judged += 1;
      if (holds === false) notHolding.push({ attribute, value });
      const size = sizes && Object.hasOwn(sizes, attribute) && Object.hasOwn(sizes[attribute]!, value) ? sizes[attribute]![value]! : null;
      return [{ value, cells: [...counts], ballots: size ?? (rule.kind === 'choices' && rule.multiple ? null : sum(counts)), verdict, holds }];
    });
    return { attribute, rows };
  });
  return { room, attributes: read, notHolding, judged };
}
