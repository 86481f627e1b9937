import { splitAgainstBatches } from './batch-crossing.ts';
import type { SecretBallot } from './context.ts';
import type { DomainEvent } from './events.ts';
import type { Partition } from './partition-crossing.ts';
import type { Convention } from './types.ts';
import type { VoteChoice } from '../features/votes/types.ts';
import { addToStrata, mergeSmallStrata, strataSplits, type StrataJoint } from '../features/strata/tally.ts';
import type { StratumCells } from '../features/strata/types.ts';

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
    case 'transition':
      return { counter: `trans:${ballot.checkId}:${ballot.proposalId}`, cell: ballot.cell };
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
    case 'transition':
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
 * One released batch of one counter, as groups: how many of its ballots came from each table (a
 * check's answers) and from each value of each attribute. Counts only, never who: the engine
 * keeps these in memory while the activity is open (server/engine/engine.ts, release), so that
 * its close writes no table or stratum whose cell with a batch is pinned under k
 * (shared/domain/batch-crossing.ts). Never written, never in a view.
 */
export interface BatchGroups {
  tables: Record<string, number>;
  strata: Record<string, Record<string, number>>;
  /**
   * Its ballots per combination of table and strata (jointKey): what lets the close cross the
   * attributes and the tables with each other (strataSplits). Counts, never choices.
   */
  joint?: Record<string, number>;
}

/** One ballot's table ('' for none: a vote, a grade) and strata, as one key of BatchGroups.joint. */
const jointKey = (ballot: SecretBallot) => JSON.stringify([ballot.kind === 'agreement' ? ballot.tableId : null, Object.entries(ballot.strata)]);

/** The joint sizes of a counter over all its batches (BatchGroups.joint), as strataSplits reads them. */
export function jointOf(batches: readonly BatchGroups[]): StrataJoint[] {
  const sizes = new Map<string, number>();
  for (const batch of batches) for (const [key, n] of Object.entries(batch.joint ?? {})) sizes.set(key, (sizes.get(key) ?? 0) + n);
  return [...sizes].map(([key, size]) => {
    const [table, strata] = JSON.parse(key) as [string | null, [string, string][]];
    return { strata: Object.fromEntries(strata), ...(table === null ? {} : { table }), size };
  });
}

/** The batches a room counter (`vote:<id>`, `agree:<check>:<proposal>`, `grade:<grading>:<proposal>`) moved by, in release order. */
export type BatchesOf = (counter: string) => readonly BatchGroups[];

const noBatches: BatchesOf = () => [];

/** What one release adds to that memory: per room counter, its ballots of the batch per table and per stratum. */
export function batchGroupsOf(ballots: readonly SecretBallot[]): Map<string, BatchGroups> {
  const out = new Map<string, BatchGroups>();
  for (const ballot of ballots) {
    // A transition is counted for the room only: no table, no stratum is ever written for it.
    if (ballot.kind === 'transition') continue;
    const { counter } = secretCounter(ballot);
    let groups = out.get(counter);
    if (!groups) out.set(counter, (groups = { tables: {}, strata: {}, joint: {} }));
    groups.joint = { ...groups.joint, [jointKey(ballot)]: (own(groups.joint ?? {}, jointKey(ballot)) ?? 0) + 1 };
    if (ballot.kind === 'agreement') groups.tables = { ...groups.tables, [ballot.tableId]: (own(groups.tables, ballot.tableId) ?? 0) + 1 };
    for (const [attribute, value] of Object.entries(ballot.strata)) {
      const values = own(groups.strata, attribute) ?? {};
      groups.strata = { ...groups.strata, [attribute]: { ...values, [value]: (own(values, value) ?? 0) + 1 } };
    }
  }
  return out;
}

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/**
 * A consensus check's counts as kept once it closes: every table with fewer than `k` answers to
 * a proposal is merged into the '' bucket, and when that bucket would hold fewer than `k`, the
 * smallest table that was not joins it (splitSmallGroups, the display's own rule), so no reading,
 * export or disk row ever holds a small table's answers apart (a table of one would show its
 * member's answer; a lone table of four in the bucket showed its four, test/integration/secret-adversary.test.ts), and, given the
 * batches the room counter moved by (`batchesOf`), no table whose cell with a batch is pinned
 * under k (a batch of five all from a table of six: the table minus the batch is its sixth;
 * splitAgainstBatches). Returns the state with
 * the merged counts and the rows that replace the check's counters on disk, in the close's own
 * transaction; a restart reads the same rows back, so memory and replay agree. The sum of every
 * cell is kept: each answer is counted exactly once, before and after.
 */
export function closeCheckCounts(s: Convention, checkId: string, k: number, batchesOf: BatchesOf = noBatches): { state: Convention; rows: TallyRow[] } {
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
    // With counts per stratum, the tables are crossed with each attribute too (strataSplits), as
    // closeStrataCounts crosses them: the same inputs, the same splits.
    const batches = batchesOf(tableCounter(checkId, proposalId, ''));
    const tables = tablesPartition(byTable, batches);
    const strata = check.byStratum && Object.hasOwn(check.byStratum, proposalId) ? check.byStratum[proposalId]! : null;
    const { shown } = strata ? strataSplits(strata, k, undefined, ...crossingOf(batches, strata), tables).tables! : splitAgainstBatches(tables.groups, tables.batches, k);
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

/** A check proposal's answers per table as a partition of its ballots, with the batches per table. */
function tablesPartition(byTable: Readonly<Record<string, readonly number[]>>, batches: readonly BatchGroups[]): Partition {
  const groups = Object.entries(byTable).map(([tableId, cells]) => ({ id: tableId, size: cells.reduce((a, b) => a + b, 0), pooled: tableId === '' }));
  return { groups, batches: batches.map((batch) => batch.tables) };
}

/** What a room counter's batches tell strataSplits: each attribute's batches, and the joint sizes. */
function crossingOf(batches: readonly BatchGroups[], cells: StratumCells): [Record<string, Record<string, number>[]> | undefined, StrataJoint[]] {
  const crossed = batches.length > 0 ? Object.fromEntries(Object.keys(cells).map((attribute) => [attribute, batches.map((batch) => own(batch.strata, attribute) ?? {})])) : undefined;
  return [crossed, jointOf(batches)];
}

/** The prefix of every counter of a check, room-level and per table (what its close replaces). */
export const checkCounterPrefix = (checkId: string) => `agree:${checkId}:`;

/** The ballot a stored counter cell stands for (to rebuild the counts at start). */
export function ballotOfCounter(counter: string, cell: string): SecretBallot | null {
  if (counter.startsWith(STRATA_PREFIX)) return stratumBallotOf(counter.slice(STRATA_PREFIX.length), cell);
  const [kind, a = '', b = '', c = ''] = counter.split(':');
  if (kind === 'vote' && CHOICES.includes(cell as VoteChoice)) return { kind: 'vote', voteId: a, choice: cell as VoteChoice, strata: {} };
  if (kind === 'grade') return { kind: 'grade', gradingId: a, proposalId: b, grade: Number(cell), strata: {} };
  if (kind === 'agreement' || kind === 'agree') return { kind: 'agreement', checkId: a, proposalId: b, tableId: c, level: Number(cell), strata: {} };
  if (kind === 'trans') return { kind: 'transition', checkId: a, proposalId: b, cell, strata: {} };
  return null;
}

// Counts per stratum (issue 17) are counters too: `strata:` then the ballot's own counter
// (`strata:vote:<vote>`, `strata:grade:<grading>:<proposal>`, `strata:agree:<check>:<proposal>`),
// each cell the JSON of [attribute, value, cell index], so no attribute or value (any text, ':'
// included) can be misread. With ballot mixing they are written only at close, small strata
// merged (closeStrataCounts): while open, a stratum's counter moving by one in a batch would tell
// the choice of that batch's lone member of the stratum. Read back, a row is a ballot that adds
// to its strata only (`strataOnly`): the room's counter holds it already.
const STRATA_PREFIX = 'strata:';

/** The room's counter a per-stratum counter belongs to (itself for any other): what owns it. */
export function roomCounterOf(counter: string): string {
  return counter.startsWith(STRATA_PREFIX) ? counter.slice(STRATA_PREFIX.length) : counter;
}

/** The counter of a ballot's strata and the cell of one attribute's value (see STRATA_PREFIX). */
export function stratumCounter(ballot: SecretBallot): string {
  switch (ballot.kind) {
    case 'vote':
      return `${STRATA_PREFIX}vote:${ballot.voteId}`;
    case 'grade':
      return `${STRATA_PREFIX}grade:${ballot.gradingId}:${ballot.proposalId}`;
    case 'agreement':
      return `${STRATA_PREFIX}agree:${ballot.checkId}:${ballot.proposalId}`;
    case 'transition':
      // Never written: a transition carries no strata (it is counted for the room only).
      return `${STRATA_PREFIX}trans:${ballot.checkId}:${ballot.proposalId}`;
  }
}

const stratumCell = (attribute: string, value: string, index: number) => JSON.stringify([attribute, value, index]);

/** One row per attribute for one ballot: what the leaky configuration writes at once (EngineOptions.ballotMixing). */
export function strataRows(ballot: SecretBallot): TallyRow[] {
  const counter = stratumCounter(ballot);
  return Object.entries(ballot.strata).map(([attribute, value]) => ({ counter, cell: stratumCell(attribute, value, cellOf(ballot)), count: 1 }));
}

function stratumBallotOf(counter: string, cell: string): SecretBallot | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(cell);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [attribute, value, index] = parsed as unknown[];
  if (typeof attribute !== 'string' || typeof value !== 'string' || !Number.isSafeInteger(index) || (index as number) < 0) return null;
  const [kind, a = '', b = ''] = counter.split(':');
  const strata = { [attribute]: value };
  const at = index as number;
  if (kind === 'vote' && at < CHOICES.length) return { kind: 'vote', voteId: a, choice: CHOICES[at]!, strata, strataOnly: true };
  if (kind === 'grade') return { kind: 'grade', gradingId: a, proposalId: b, grade: at, strata, strataOnly: true };
  if (kind === 'agree') return { kind: 'agreement', checkId: a, proposalId: b, tableId: '', level: at, strata, strataOnly: true };
  return null;
}

/** The cell a ballot fills: a vote's choice in [for, against, abstain], a grade, a level (unsure last). */
function cellOf(ballot: SecretBallot): number {
  return ballot.kind === 'vote' ? CHOICES.indexOf(ballot.choice) : ballot.kind === 'grade' ? ballot.grade : ballot.kind === 'agreement' ? ballot.level : 0;
}

/**
 * A secret activity's counts per stratum as kept once it closes: per attribute, strata under k
 * merged into OTHER_VALUES (mergeSmallStrata, the tables' rule), an attribute under k in all
 * dropped; given the batches the room's counter moved by (`batchesOf`), merged further until no
 * batch × stratum cell under k is pinned by subtraction (splitAgainstBatches), an attribute that
 * collapses dropped too. Returns the state with the merged counts and the rows to write in the
 * close's own transaction (nothing per stratum was written while it was open); a restart reads
 * the same rows back (ballotOfCounter), so memory and replay agree. `activity` as
 * activitiesEnded names it. With the joint sizes the batches keep (BatchGroups.joint), every
 * pair of attributes, and a check's tables with each attribute, is crossed too (strataSplits);
 * `tablesFrom` is the state whose check counts are still per table (before closeCheckCounts).
 */
export function closeStrataCounts(s: Convention, activity: string, k: number, batchesOf: BatchesOf = noBatches, tablesFrom: Convention = s): { state: Convention; rows: TallyRow[] } {
  const [kind, id = ''] = activity.split(':');
  const rows: TallyRow[] = [];
  const merge = (cells: StratumCells, counter: string, byTable?: Readonly<Record<string, readonly number[]>>): StratumCells | null => {
    const batches = batchesOf(roomCounterOf(counter));
    const merged = mergeSmallStrata(cells, k, undefined, ...crossingOf(batches, cells), byTable && tablesPartition(byTable, batches)).cells;
    for (const [attribute, values] of Object.entries(merged)) {
      for (const [value, row] of Object.entries(values)) row.forEach((count, index) => count > 0 && rows.push({ counter, cell: stratumCell(attribute, value, index), count }));
    }
    return Object.keys(merged).length > 0 ? merged : null;
  };
  const perProposal = (byStratum: Record<string, StratumCells>, counter: (proposalId: string) => string, tables?: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>) =>
    Object.fromEntries(Object.entries(byStratum).flatMap(([proposalId, cells]) => {
      const merged = merge(cells, counter(proposalId), tables && Object.hasOwn(tables, proposalId) ? tables[proposalId] : undefined);
      return merged ? [[proposalId, merged]] : [];
    }));
  if (kind === 'vote' && Object.hasOwn(s.votes, id)) {
    const { byStratum, ...vote } = s.votes[id]!;
    if (!vote.secret || vote.status === 'closed' || !byStratum) return { state: s, rows };
    const merged = merge(byStratum, STRATA_PREFIX + `vote:${id}`);
    return { state: { ...s, votes: { ...s.votes, [id]: merged ? { ...vote, byStratum: merged } : vote } }, rows };
  }
  if (kind === 'check' && Object.hasOwn(s.checks, id)) {
    const { byStratum, ...check } = s.checks[id]!;
    if (check.status === 'closed' || !byStratum) return { state: s, rows };
    // The tables as they were before closeCheckCounts merged them (`tablesFrom`): crossed the same way.
    const tables = Object.hasOwn(tablesFrom.checks, id) ? tablesFrom.checks[id]!.counts : check.counts;
    const merged = perProposal(byStratum, (proposalId) => `${STRATA_PREFIX}agree:${id}:${proposalId}`, tables);
    return { state: { ...s, checks: { ...s.checks, [id]: Object.keys(merged).length > 0 ? { ...check, byStratum: merged } : check } }, rows };
  }
  if (kind === 'grading' && Object.hasOwn(s.gradings, id)) {
    const { byStratum, ...grading } = s.gradings[id]!;
    if (grading.status === 'closed' || !byStratum) return { state: s, rows };
    const merged = perProposal(byStratum, (proposalId) => `${STRATA_PREFIX}grade:${id}:${proposalId}`);
    return { state: { ...s, gradings: { ...s.gradings, [id]: Object.keys(merged).length > 0 ? { ...grading, byStratum: merged } : grading } }, rows };
  }
  return { state: s, rows };
}

/**
 * Counts one ballot (or `delta` of them, read back from disk) in memory: in the room's counter
 * and, when it carries strata, once in each of its strata. A per-stratum row read back
 * (`strataOnly`) adds to the strata only.
 */
export function countSecretBallot(s: Convention, ballot: SecretBallot, delta = 1): Convention {
  const strata = Object.keys(ballot.strata).length > 0;
  switch (ballot.kind) {
    case 'vote': {
      const vote = Object.hasOwn(s.votes, ballot.voteId) ? s.votes[ballot.voteId] : undefined;
      if (!vote) return s;
      const tally = ballot.strataOnly ? vote.tally : { ...vote.tally, [ballot.choice]: vote.tally[ballot.choice] + delta };
      const byStratum = strata ? { byStratum: addToStrata(vote.byStratum, ballot.strata, CHOICES.indexOf(ballot.choice), CHOICES.length, delta) } : {};
      return { ...s, votes: { ...s.votes, [vote.id]: { ...vote, tally, ...byStratum } } };
    }
    case 'grade': {
      const grading = Object.hasOwn(s.gradings, ballot.gradingId) ? s.gradings[ballot.gradingId] : undefined;
      if (!grading || ballot.grade < 0 || ballot.grade >= grading.grades.length) return s;
      let next = grading;
      if (!ballot.strataOnly) {
        const profile = [...(grading.profiles[ballot.proposalId] ?? grading.grades.map(() => 0))];
        profile[ballot.grade] = (profile[ballot.grade] ?? 0) + delta;
        next = { ...next, profiles: { ...grading.profiles, [ballot.proposalId]: profile } };
      }
      if (strata) next = { ...next, byStratum: { ...next.byStratum, [ballot.proposalId]: addToStrata(next.byStratum?.[ballot.proposalId], ballot.strata, ballot.grade, grading.grades.length, delta) } };
      return { ...s, gradings: { ...s.gradings, [grading.id]: next } };
    }
    case 'agreement': {
      const check = Object.hasOwn(s.checks, ballot.checkId) ? s.checks[ballot.checkId] : undefined;
      // Levels, then "Je ne sais pas" in the last cell.
      if (!check || ballot.level < 0 || ballot.level > check.levels.length) return s;
      let next = check;
      if (!ballot.strataOnly) {
        const byTable = check.counts[ballot.proposalId] ?? {};
        const cells = [...(byTable[ballot.tableId] ?? new Array<number>(check.levels.length + 1).fill(0))];
        cells[ballot.level] = (cells[ballot.level] ?? 0) + delta;
        next = { ...next, counts: { ...check.counts, [ballot.proposalId]: { ...byTable, [ballot.tableId]: cells } } };
      }
      if (strata) next = { ...next, byStratum: { ...next.byStratum, [ballot.proposalId]: addToStrata(next.byStratum?.[ballot.proposalId], ballot.strata, ballot.level, check.levels.length + 1, delta) } };
      return { ...s, checks: { ...s.checks, [check.id]: next } };
    }
    case 'transition': {
      const check = Object.hasOwn(s.checks, ballot.checkId) ? s.checks[ballot.checkId] : undefined;
      if (!check || !/^(none|\d)>\d$/.test(ballot.cell)) return s;
      const cells = check.transitions?.[ballot.proposalId] ?? {};
      const transitions = { ...check.transitions, [ballot.proposalId]: { ...cells, [ballot.cell]: (cells[ballot.cell] ?? 0) + delta } };
      return { ...s, checks: { ...s.checks, [check.id]: { ...check, transitions } } };
    }
  }
}

/** The state without any secret count, for snapshots (see docs/security.md). */
export function withoutSecretCounts(conv: Convention): Convention {
  return {
    ...conv,
    votes: Object.fromEntries(Object.entries(conv.votes).map(([id, v]) => [id, v.secret ? { ...withoutStrata(v), tally: { for: 0, against: 0, abstain: 0 } } : v])),
    gradings: Object.fromEntries(Object.entries(conv.gradings).map(([id, g]) => [id, { ...withoutStrata(g), profiles: {} }])),
    checks: Object.fromEntries(Object.entries(conv.checks).map(([id, c]) => [id, { ...withoutTransitions(withoutStrata(c)), counts: {} }])),
  };
}

/** A series' transition counts are secret counts too (shared/features/series/transitions.ts). */
function withoutTransitions<T extends { transitions?: unknown }>(check: T): Omit<T, 'transitions'> {
  const { transitions: _secret, ...rest } = check;
  return rest;
}

/** Counts per stratum are secret counts too: no snapshot holds them (they come back from their counters). */
function withoutStrata<T extends { byStratum?: unknown }>(activity: T): Omit<T, 'byStratum'> {
  const { byStratum: _secret, ...rest } = activity;
  return rest;
}

/**
 * A series' transitions (`trans:<check>:<proposal>`) are written once, at their check's close, in
 * the close's commit: while the wave is open they move in memory only. Written with each batch,
 * a batch's cells would tell where its k members came from, and an analyst holding each member's
 * batch of the earlier wave could intersect the two and pin some earlier answers (issue 17,
 * docs/security.md). The ballot box still moves them with the room's counter (same entries).
 */
export const writtenAtClose = (ballot: SecretBallot): boolean => ballot.kind === 'transition';

/** The rows of a check's transitions as memory holds them at its close (see writtenAtClose). */
export function closeTransitionRows(s: Convention, checkId: string): TallyRow[] {
  const check = Object.hasOwn(s.checks, checkId) ? s.checks[checkId] : undefined;
  return Object.entries(check?.transitions ?? {}).flatMap(([proposalId, cells]) =>
    Object.entries(cells)
      .filter(([, count]) => count > 0)
      .map(([cell, count]) => ({ counter: `trans:${checkId}:${proposalId}`, cell, count })),
  );
}
