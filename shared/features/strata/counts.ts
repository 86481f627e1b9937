import { own } from '../../domain/lookup.ts';
import { smallGroupMin } from '../../domain/small-groups.ts';
import type { Convention } from '../../domain/types.ts';
import { pollStrata, rollCallStrata } from './answers.ts';
import type { FrozenStrata } from './frozen.ts';
import { attributedOf, mergeSmallStrata } from './tally.ts';
import type { StratumCells } from './types.ts';

// The one reading of a decision's result per stratum (issue 17, item 3): what the console, the
// projector, the dossier and the exports show beside the room's result, and what the verdict
// "holds in every stratum or not" is read from. Every answer is k-safe: per attribute, no
// stratum under k stands alone, not even by subtraction from the room's count (mergeSmallStrata), nor, for a secret activity, from the batches its room counter moved by (merged at its close: closeStrataCounts). A secret activity's counts per stratum
// exist only once it closes (like its per-table counts: docs/security.md, "Secret ballots").

export type StratumRef =
  | { kind: 'vote'; id: string }
  | { kind: 'check'; id: string; proposalId: string }
  | { kind: 'grading'; id: string; proposalId: string }
  | { kind: 'poll'; id: string };

export interface StratumResult {
  /** The attributes reported when the activity opened, in the order chosen. */
  attributes: string[];
  /**
   * attribute -> value -> cells (a vote's for/against/abstain, a check's levels then unsure, a
   * grading's grades, a poll's options or scale values from its minimum). Values under k are in
   * OTHER_VALUES; an attribute with fewer than k answers in all has no entry.
   */
  cells: StratumCells;
  /** attribute -> value -> how many answered (a multiple-choice poll's answer fills several cells). */
  sizes: Record<string, Record<string, number>>;
  /** Answers in the room's count (electronic ones: a vote's paper counts have no strata). */
  total: number;
  /**
   * Answers counted per stratum: all of them, but for a secret activity the server restarted in
   * the middle of (ballots released before the restart had left memory without their strata:
   * they are in `total` only), and 0 when the whole is under k.
   */
  attributed: number;
  /** Closed: these counts will not change. Otherwise (an open poll or roll-call vote) they are live. */
  final: boolean;
}

/** The result per stratum of one decision; null while a secret activity is open, for a word poll, or when no attribute was reported. */
export function resultByStratum(conv: Convention, ref: StratumRef): StratumResult | null {
  const k = smallGroupMin(conv);
  const secret = (attributes: string[] | undefined, closed: boolean, cells: StratumCells | undefined, total: number) =>
    attributes?.length && closed ? result(attributes, mergeSmallStrata(cells ?? {}, k), total, true) : null;
  switch (ref.kind) {
    case 'vote': {
      const vote = own(conv.votes, ref.id);
      if (!vote?.strataAttributes?.length || vote.status === 'ready') return null;
      const total = vote.tally.for + vote.tally.against + vote.tally.abstain;
      if (vote.secret) return secret(vote.strataAttributes, vote.status === 'closed', vote.byStratum, total);
      const closed = vote.status === 'closed';
      // A closed roll-call vote reads what its close kept; an open one is counted now.
      const counts = closed ? mergeSmallStrata(vote.byStratum ?? {}, k) : rollCallStrata(conv, vote);
      return counts && result(vote.strataAttributes, counts, total, closed);
    }
    case 'check': {
      const check = own(conv.checks, ref.id);
      if (!check?.proposalIds.includes(ref.proposalId)) return null;
      const total = Object.values(own(check.counts, ref.proposalId) ?? {}).reduce((n, cells) => n + sum(cells), 0);
      return secret(check.strataAttributes, check.status === 'closed', own(check.byStratum ?? {}, ref.proposalId), total);
    }
    case 'grading': {
      const grading = own(conv.gradings, ref.id);
      if (!grading?.proposalIds.includes(ref.proposalId)) return null;
      return secret(grading.strataAttributes, grading.status === 'closed', own(grading.byStratum ?? {}, ref.proposalId), sum(own(grading.profiles, ref.proposalId) ?? []));
    }
    case 'poll': {
      const poll = own(conv.polls, ref.id);
      if (!poll?.strataAttributes?.length || poll.status === 'draft') return null;
      const total = Object.keys(poll.answers).length;
      const closed = poll.status === 'closed';
      const counts = closed ? (poll.byStratum ? mergeSmallStrata(poll.byStratum.cells, k, poll.byStratum.sizes) : null) : pollStrata(conv, poll);
      return counts && result(poll.strataAttributes, counts, total, closed);
    }
  }
}

function result(attributes: string[], counts: FrozenStrata, total: number, final: boolean): StratumResult {
  return { attributes: [...attributes], cells: counts.cells, sizes: counts.sizes, total, attributed: attributedOf(counts.sizes), final };
}

const sum = (row: readonly number[]) => row.reduce((a, b) => a + b, 0);
