import { smallGroupMin } from '../../domain/small-groups.ts';
import type { Convention } from '../../domain/types.ts';
import type { PollEvent } from '../polls/evolve.ts';
import type { Poll, PollAnswer, PollFormat } from '../polls/types.ts';
import type { Vote, VoteChoice } from '../votes/types.ts';
import type { FrozenStrata } from './frozen.ts';
import { countAnswers, mergeSmallStrata } from './tally.ts';

// Results per stratum of what is stored with its member (confidential, not secret): a roll-call
// vote's ballots and a poll's answers. Counted from the answers as they are, each member in the
// strata their roster gives now; a close keeps the merged counts in its event (VotesClosed,
// PollClosed), so a closed result never changes, whatever is edited or erased afterwards.

export const VOTE_CELLS: readonly VoteChoice[] = ['for', 'against', 'abstain'];

/** A roll-call vote's ballots per stratum, small strata merged; null for a secret vote or without strata. */
export function rollCallStrata(conv: Convention, vote: Vote): FrozenStrata | null {
  const attributes = vote.strataAttributes ?? [];
  if (vote.secret || attributes.length === 0) return null;
  const ballots = Object.entries(vote.ballots).map(([memberId, choice]) => [memberId, [VOTE_CELLS.indexOf(choice)]] as const);
  const counted = countAnswers(conv, attributes, ballots, VOTE_CELLS.length);
  return mergeSmallStrata(counted.cells, smallGroupMin(conv), counted.sizes, undefined, counted.joint);
}

/** How many cells a poll's result has per stratum: its options, or its scale's values; null for words (none). */
export function pollWidth(format: PollFormat): number | null {
  switch (format.kind) {
    case 'single':
    case 'multiple':
      return format.options.length;
    case 'scale':
      return format.max - format.min + 1;
    case 'words':
      return null;
  }
}

/** The cells one answer fills: its options in the poll's order, or its value − min. */
export function pollAnswerCells(format: PollFormat, answer: PollAnswer): number[] {
  if ((format.kind === 'single' || format.kind === 'multiple') && answer.kind === 'choices') {
    return answer.optionIds.map((id) => format.options.findIndex((o) => o.id === id)).filter((i) => i >= 0);
  }
  if (format.kind === 'scale' && answer.kind === 'scale' && answer.value >= format.min && answer.value <= format.max) return [answer.value - format.min];
  return [];
}

/** A poll's answers per stratum now, small strata merged; null for a word poll or without strata. */
export function pollStrata(conv: Convention, poll: Poll): FrozenStrata | null {
  const attributes = poll.strataAttributes ?? [];
  const width = pollWidth(poll.format);
  if (attributes.length === 0 || width === null) return null;
  const answers = Object.entries(poll.answers).map(([memberId, answer]) => [memberId, pollAnswerCells(poll.format, answer)] as const);
  const counted = countAnswers(conv, attributes, answers, width);
  return mergeSmallStrata(counted.cells, smallGroupMin(conv), counted.sizes, undefined, counted.joint);
}

/** The event that closes a poll, with its counts per stratum as they are now (every way a poll closes emits this one). */
export function pollClosed(conv: Convention, poll: Poll, at: number): PollEvent & { type: 'PollClosed' } {
  const byStratum = pollStrata(conv, poll);
  return byStratum ? { type: 'PollClosed', pollId: poll.id, at, byStratum } : { type: 'PollClosed', pollId: poll.id, at };
}
