import type { SecretBallot } from './context.ts';
import type { DomainEvent } from './events.ts';
import { splitSmallGroups } from './small-groups.ts';
import type { Convention } from './types.ts';
import type { VoteChoice } from '../features/votes/types.ts';

// Secret choices (adoption votes, grades, agreement levels) are counters, not events: each
// ballot adds one to a cell of a named counter, in memory and in the store's `secret_tallies`,
// with no member, no time and no order. These are the only functions that touch those counts.
// On disk a counter only ever moves by a batch of ballots (server/engine/ballot-box.ts).

const CHOICES: readonly VoteChoice[] = ['for', 'against', 'abstain'];

/** One cell of a counter and how much it moves: what the store writes (`secret_tallies`). */
export interface TallyRow {
  counter: string;
  cell: string;
  count: number;
}

/**
 * Where a ballot is counted on disk: `counter` is the store's `vote_id`, `cell` its `choice`.
 * An agreement is counted room-wide while its check is open (`agree:<check>:<proposal>`, read
 * back as the '' bucket): a counter per table would move by one when a batch holds a table's
 * lone answer. The per-table rows are written once, at close (`closeCheckCounts`).
 */
export function secretCounter(ballot: SecretBallot): { counter: string; cell: string } {
  switch (ballot.kind) {
    case 'vote':
      return { counter: `vote:${ballot.voteId}`, cell: ballot.choice };
    case 'grade':
      return { counter: `grade:${ballot.gradingId}:${ballot.proposalId}`, cell: String(ballot.grade) };
    case 'agreement':
      return { counter: `agree:${ballot.checkId}:${ballot.proposalId}`, cell: String(ballot.level) };
  }
}

/** A check's per-table counter (written at close; '' is the room-level one, ballotOfCounter reads both). */
export function tableCounter(checkId: string, proposalId: string, tableId: string): string {
  return tableId === '' ? `agree:${checkId}:${proposalId}` : `agree:${checkId}:${proposalId}:${tableId}`;
}

/** The counter a ballot had before issue 14 (one per table while open): the leaky configuration keeps it. */
export function perTableCounter(ballot: SecretBallot): { counter: string; cell: string } {
  return ballot.kind === 'agreement' ? { counter: `agree:${ballot.checkId}:${ballot.proposalId}:${ballot.tableId}`, cell: String(ballot.level) } : secretCounter(ballot);
}

/**
 * The secret activity a ballot belongs to: the ballot box's key (server/engine/ballot-box.ts).
 * Every ballot of one decision belongs to the same activity.
 */
export function activityOfBallot(ballot: SecretBallot): string {
  switch (ballot.kind) {
    case 'vote':
      return `vote:${ballot.voteId}`;
    case 'grade':
      return `grading:${ballot.gradingId}`;
    case 'agreement':
      return `check:${ballot.checkId}`;
  }
}

/**
 * The secret activities an event stops counting: after it, no ballot of theirs is accepted.
 * Every way a vote, check or grading closes goes through one of these events (a session's
 * close leaves them open: shared/features/core/sessions.ts, closingEvents).
 */
export function activitiesEnded(event: DomainEvent): string[] {
  switch (event.type) {
    case 'VotesClosed':
      return Object.keys(event.results).map((id) => `vote:${id}`);
    case 'CheckClosed':
      return [`check:${event.checkId}`];
    case 'GradingClosed':
      return [`grading:${event.gradingId}`];
    default:
      return [];
  }
}

/**
 * A consensus check's counts as kept once it closes: every table with fewer than `k` answers to
 * a proposal is merged into the '' bucket, and when that bucket would hold fewer than `k`, the
 * smallest table that was not joins it (splitSmallGroups, the display's own rule), so no reading,
 * export or disk row ever holds a small table's answers apart (a table of one would show its
 * member's answer; a lone table of four in the bucket showed its four, test/integration/secret-adversary.test.ts). Returns the state with
 * the merged counts and the rows that replace the check's counters on disk, in the close's own
 * transaction; a restart reads the same rows back, so memory and replay agree. The sum of every
 * cell is kept: each answer is counted exactly once, before and after.
 */
export function closeCheckCounts(s: Convention, checkId: string, k: number): { state: Convention; rows: TallyRow[] } {
  const check = Object.hasOwn(s.checks, checkId) ? s.checks[checkId] : undefined;
  if (!check) return { state: s, rows: [] };
  const width = check.levels.length + 1;
  const counts: Record<string, Record<string, number[]>> = {};
  const rows: TallyRow[] = [];
  for (const [proposalId, byTable] of Object.entries(check.counts)) {
    const merged: Record<string, number[]> = {};
    const room = new Array<number>(width).fill(0);
    let roomUsed = false;
    // The display's rule (splitSmallGroups): the bucket itself holds k answers or more, so a lone
    // small table is not left alone in it (a table of 4 beside tables of 5 was, on disk).
    const { shown } = splitSmallGroups(Object.entries(byTable).map(([tableId, cells]) => ({ id: tableId, size: cells.reduce((a, b) => a + b, 0), pooled: tableId === '' })), k);
    for (const [tableId, cells] of Object.entries(byTable)) {
      if (shown.includes(tableId)) merged[tableId] = [...cells];
      else {
        roomUsed = true;
        cells.forEach((n, i) => (room[i] = (room[i] ?? 0) + n));
      }
    }
    if (roomUsed) merged[''] = room;
    counts[proposalId] = merged;
    for (const [tableId, cells] of Object.entries(merged)) {
      cells.forEach((count, level) => {
        if (count > 0) rows.push({ counter: tableCounter(checkId, proposalId, tableId), cell: String(level), count });
      });
    }
  }
  return { state: { ...s, checks: { ...s.checks, [checkId]: { ...check, counts } } }, rows };
}

/** The prefix of every counter of a check, room-level and per table (what its close replaces). */
export const checkCounterPrefix = (checkId: string) => `agree:${checkId}:`;

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
