import type { SecretBallot } from './context.ts';
import type { Convention } from './types.ts';
import type { VoteChoice } from '../features/votes/types.ts';

// Secret choices (adoption votes, grades, agreement levels) are counters, not events: each
// ballot adds one to a cell of a named counter, in memory and in the store's `secret_tallies`,
// with no member, no time and no order. These are the only functions that touch those counts.

const CHOICES: readonly VoteChoice[] = ['for', 'against', 'abstain'];

/** Where a ballot is counted: `counter` is the store's `vote_id`, `cell` its `choice`. */
export function secretCounter(ballot: SecretBallot): { counter: string; cell: string } {
  switch (ballot.kind) {
    case 'vote':
      return { counter: `vote:${ballot.voteId}`, cell: ballot.choice };
    case 'grade':
      return { counter: `grade:${ballot.gradingId}:${ballot.proposalId}`, cell: String(ballot.grade) };
    case 'agreement':
      return { counter: `agree:${ballot.checkId}:${ballot.proposalId}:${ballot.tableId}`, cell: String(ballot.level) };
  }
}

/** The ballot a stored counter cell stands for (to rebuild the counts at start). */
export function ballotOfCounter(counter: string, cell: string): SecretBallot | null {
  const [kind, a = '', b = '', c = ''] = counter.split(':');
  if (kind === 'vote' && CHOICES.includes(cell as VoteChoice)) return { kind: 'vote', voteId: a, choice: cell as VoteChoice };
  if (kind === 'grade') return { kind: 'grade', gradingId: a, proposalId: b, grade: Number(cell) };
  if (kind === 'agreement' || kind === 'agree') return { kind: 'agreement', checkId: a, proposalId: b, tableId: c, level: Number(cell) };
  return null;
}

export function countSecretBallot(s: Convention, ballot: SecretBallot, delta = 1): Convention {
  switch (ballot.kind) {
    case 'vote': {
      const vote = Object.hasOwn(s.votes, ballot.voteId) ? s.votes[ballot.voteId] : undefined;
      if (!vote) return s;
      return { ...s, votes: { ...s.votes, [vote.id]: { ...vote, tally: { ...vote.tally, [ballot.choice]: vote.tally[ballot.choice] + delta } } } };
    }
    case 'grade': {
      const grading = Object.hasOwn(s.gradings, ballot.gradingId) ? s.gradings[ballot.gradingId] : undefined;
      if (!grading || ballot.grade < 0 || ballot.grade >= grading.grades.length) return s;
      const profile = [...(grading.profiles[ballot.proposalId] ?? grading.grades.map(() => 0))];
      profile[ballot.grade] = (profile[ballot.grade] ?? 0) + delta;
      return { ...s, gradings: { ...s.gradings, [grading.id]: { ...grading, profiles: { ...grading.profiles, [ballot.proposalId]: profile } } } };
    }
    case 'agreement': {
      const check = Object.hasOwn(s.checks, ballot.checkId) ? s.checks[ballot.checkId] : undefined;
      // Levels, then "Je ne sais pas" in the last cell.
      if (!check || ballot.level < 0 || ballot.level > check.levels.length) return s;
      const byTable = check.counts[ballot.proposalId] ?? {};
      const cells = [...(byTable[ballot.tableId] ?? new Array<number>(check.levels.length + 1).fill(0))];
      cells[ballot.level] = (cells[ballot.level] ?? 0) + delta;
      const counts = { ...check.counts, [ballot.proposalId]: { ...byTable, [ballot.tableId]: cells } };
      return { ...s, checks: { ...s.checks, [check.id]: { ...check, counts } } };
    }
  }
}

/** The state without any secret count, for snapshots (see docs/security.md). */
export function withoutSecretCounts(conv: Convention): Convention {
  return {
    ...conv,
    votes: Object.fromEntries(Object.entries(conv.votes).map(([id, v]) => [id, v.secret ? { ...v, tally: { for: 0, against: 0, abstain: 0 } } : v])),
    gradings: Object.fromEntries(Object.entries(conv.gradings).map(([id, g]) => [id, { ...g, profiles: {} }])),
    checks: Object.fromEntries(Object.entries(conv.checks).map(([id, c]) => [id, { ...c, counts: {} }])),
  };
}
