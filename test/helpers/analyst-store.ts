import Database from 'better-sqlite3';
import { requestDigest } from '../../server/engine/request-digest.ts';
import type { AuthorGroup, BallotGroup, Seating } from './analyst.ts';

// What one state of the store tells an analyst, whichever way it was read (a database image
// rebuilt from a copy of the data folder, or a backup file downloaded from the console), and what
// two successive states tell together: who was newly recorded as having voted, and how the secret
// counters moved, in the same interval. When the two agree in number, the interval is a group:
// these members cast these ballots, in some order.

/** A question is one secret count: a vote, or one proposal of a grading or a consensus check. */
export interface StoreState {
  /** Question -> members recorded as having answered it, in log order. */
  voters: Map<string, string[]>;
  /** Counter rows as stored: `vote:<id>`, `grade:<grading>:<proposal>`, `agree:<check>:<proposal>[:<scope>]`, `trans:<check>:<proposal>`. */
  counters: Map<string, Record<string, number>>;
  /** Acks kept for retries: who sent a command (member actors only), and the digest of what it asked. */
  results: Map<string, { memberId: string; request: string | null }>;
  /** Minority opinions, by id. */
  opinions: Map<string, { text: string; checkId: string; proposalId: string }>;
  /**
   * Counts per stratum (issue 17, `strata:<question>` rows, cells JSON [attribute, value, index]):
   * question -> attribute -> value -> cells named as the question's own (a vote's choice, a level, a grade).
   */
  strata: Map<string, Map<string, Map<string, Record<string, number>>>>;
}

export const emptyState = (): StoreState => ({ voters: new Map(), counters: new Map(), results: new Map(), opinions: new Map(), strata: new Map() });

const VOTE_CELLS = ['for', 'against', 'abstain'];

/** A `strata:` row read as the analyst reads it: which question, which stratum, which cell; null for any other row. */
function stratumRow(counter: string, cell: string): { question: string; attribute: string; value: string; cell: string } | null {
  if (!counter.startsWith('strata:')) return null;
  const question = counter.slice('strata:'.length);
  const [attribute, value, index] = JSON.parse(cell) as [string, string, number];
  return { question, attribute, value, cell: question.startsWith('vote:') ? VOTE_CELLS[index]! : String(index) };
}

interface EventRow {
  data: { type: string; [k: string]: unknown };
}

/** The state held by one database image (an in-memory copy; the file on disk is never opened for writing). */
export function stateOfImage(image: Buffer): StoreState | null {
  let db: Database.Database;
  try {
    db = new Database(image, { readonly: true });
  } catch {
    return null;
  }
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
    if (!tables.has('events')) return emptyState();
    const events = (db.prepare('SELECT data FROM events ORDER BY seq').all() as { data: string }[]).map((r) => ({ data: JSON.parse(r.data) }) as EventRow);
    const tallies = tables.has('secret_tallies') ? (db.prepare('SELECT vote_id AS counter, choice AS cell, count FROM secret_tallies').all() as { counter: string; cell: string; count: number }[]) : [];
    const results = tables.has('command_results') ? (db.prepare('SELECT actor, cid, request FROM command_results').all() as { actor: string; cid: string; request: string | null }[]) : [];
    return buildState(events, tallies, results);
  } catch {
    // A torn copy (the main file taken mid-checkpoint) can be unreadable in places: skip that image.
    return null;
  } finally {
    db.close();
  }
}

/** The state a backup file (server/backup/format.ts) carries: the same three tables, as JSON. */
export function stateOfBackup(backup: {
  events: { data: { type: string } }[];
  secretTallies: { counter: string; choice: string; count: number }[];
  commandResults: { actor: string; cid: string; request: string | null }[];
}): StoreState {
  return buildState(
    backup.events as EventRow[],
    backup.secretTallies.map((t) => ({ counter: t.counter, cell: t.choice, count: t.count })),
    backup.commandResults,
  );
}

function buildState(events: EventRow[], tallies: { counter: string; cell: string; count: number }[], results: { actor: string; cid: string; request: string | null }[]): StoreState {
  const state = emptyState();
  for (const { data: e } of events) {
    for (const question of questionsAnswered(e)) {
      const list = state.voters.get(question) ?? [];
      list.push(String(e.memberId));
      state.voters.set(question, list);
    }
    if (e.type === 'OpinionAdded') {
      const opinion = e.opinion as { id: string; text: string };
      state.opinions.set(opinion.id, { text: opinion.text, checkId: String(e.checkId), proposalId: String(e.proposalId) });
    }
  }
  for (const t of tallies) {
    const stratum = stratumRow(t.counter, t.cell);
    if (!stratum) {
      state.counters.set(t.counter, { ...(state.counters.get(t.counter) ?? {}), [t.cell]: t.count });
      continue;
    }
    const byAttribute = state.strata.get(stratum.question) ?? new Map<string, Map<string, Record<string, number>>>();
    const byValue = byAttribute.get(stratum.attribute) ?? new Map<string, Record<string, number>>();
    byValue.set(stratum.value, { ...byValue.get(stratum.value), [stratum.cell]: t.count });
    byAttribute.set(stratum.attribute, byValue);
    state.strata.set(stratum.question, byAttribute);
  }
  for (const r of results) {
    const [role, , memberId] = r.actor.split(':');
    if (role === 'member' && memberId) state.results.set(`${r.actor}\u0000${r.cid}`, { memberId, request: r.request });
  }
  return state;
}

/** "Has voted" records: which questions an event says this member answered (the choice is not in it). */
function questionsAnswered(e: { type: string; [k: string]: unknown }): string[] {
  switch (e.type) {
    case 'VoteCast':
      return e.choice === null ? [`vote:${String(e.voteId)}`] : [];
    case 'GradesCast':
      return (e.proposalIds as string[]).map((p) => `grade:${String(e.gradingId)}:${p}`);
    case 'CheckAnswered':
      // A series' wave with transitions moves a second counter with the same answers (issue 17,
      // `trans:<check>:<proposal>`, cells 'from>to'): the same members answered it.
      return [`agree:${String(e.checkId)}:${String(e.proposalId)}`, `trans:${String(e.checkId)}:${String(e.proposalId)}`];
    default:
      return [];
  }
}

/**
 * Which question a counter row counts, and for whom: a scope after the question names tables
 * (today's `agree:<check>:<proposal>:<table>`, or merged tables); rows without one count the room.
 */
export function counterQuestion(counter: string, seating: Seating): { question: string; tables: string[] | null } {
  const parts = counter.split(':');
  const kind = parts[0];
  const width = kind === 'vote' ? 2 : 3;
  const question = parts.slice(0, width).join(':');
  const scope = parts.slice(width).join(':');
  if (!scope) return { question, tables: null };
  const tables = scope.split(/[^A-Za-z0-9_-]+/).filter((id) => seating.tables.has(id));
  return { question, tables: tables.length > 0 ? tables : null };
}

/**
 * The groups two successive states give: per counter row (and per question, rows summed), the
 * members newly recorded on that question (at the row's tables) against how the row moved. A
 * group is kept when the numbers agree: that many members, that many ballots. Against the empty
 * state, the same function gives the final state's groups (the room's result, per-table rows).
 * A room-level row beside per-table rows counts the members of the tables not named (a closed
 * check keeps small tables merged there); a row that went down (a check's room-level counter
 * split into table rows at its close) tells nothing about that interval.
 */
export function ballotGroups(prev: StoreState, next: StoreState, seating: Seating, source: string): BallotGroup[] {
  const groups: BallotGroup[] = [];
  const rows = new Map<string, { tables: string[] | null; delta: Record<string, number> | null }[]>();
  for (const [counter, cells] of next.counters) {
    const before = prev.counters.get(counter) ?? {};
    let delta: Record<string, number> | null = {};
    for (const cell of new Set([...Object.keys(cells), ...Object.keys(before)])) {
      const d = (cells[cell] ?? 0) - (before[cell] ?? 0);
      if (d < 0) delta = null;
      else if (d > 0 && delta) delta[cell] = d;
    }
    const { question, tables } = counterQuestion(counter, seating);
    rows.set(question, [...(rows.get(question) ?? []), { tables, delta }]);
  }
  for (const [question, list] of rows) {
    const known = new Set(prev.voters.get(question) ?? []);
    const fresh = (next.voters.get(question) ?? []).filter((m) => !known.has(m));
    const named = new Set(list.flatMap((row) => row.tables ?? []));
    const add = (voters: string[], counts: Record<string, number>) => {
      const n = Object.values(counts).reduce((a, b) => a + b, 0);
      if (voters.length > 0 && n === voters.length) groups.push({ source, question, voters, counts });
    };
    const moved = list.filter((row) => row.delta && Object.keys(row.delta).length > 0);
    for (const row of moved) add(fresh.filter((m) => (row.tables ? row.tables.includes(seating.tableOf.get(m) ?? '') : !named.has(seating.tableOf.get(m) ?? ''))), row.delta!);
    if (moved.length > 1 && list.every((row) => row.delta)) add(fresh, sumCells(moved.map((row) => row.delta!)));
  }
  return groups;
}

/**
 * Who wrote which minority opinion: an acknowledgement kept with the digest of what it asked
 * names its author outright (the text is in the event), and otherwise the members whose
 * commands were stored in the same interval as the opinion are its candidates.
 */
export function authorGroups(prev: StoreState, next: StoreState, source: string): AuthorGroup[] {
  const groups: AuthorGroup[] = [];
  const fresh = [...next.opinions].filter(([id]) => !prev.opinions.has(id)).map(([, o]) => o);
  const senders = [...new Set([...next.results].filter(([key]) => !prev.results.has(key)).map(([, r]) => r.memberId))];
  if (fresh.length > 0 && senders.length > 0) groups.push({ source, opinions: fresh.map((o) => o.text), candidates: senders });
  for (const o of fresh) {
    const digest = requestDigest('consensus.opinion', { checkId: o.checkId, proposalId: o.proposalId, text: o.text });
    const authors = [...next.results.values()].filter((r) => r.request === digest).map((r) => r.memberId);
    if (authors.length > 0) groups.push({ source: `${source} (request digest)`, opinions: [o.text], candidates: [...new Set(authors)] });
  }
  return groups;
}

function sumCells(list: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const cells of list) for (const [cell, n] of Object.entries(cells)) total[cell] = (total[cell] ?? 0) + n;
  return total;
}

/** Each member's stratum in each attribute, as the roster says (the operator reads it in the log; export.json lists it). */
export type Roster = Map<string, Record<string, string>>;

/**
 * The groups the counts per stratum give, like per-table rows: per question and attribute, the
 * members newly recorded in the interval who are in a stratum, against how that stratum's row
 * moved. A merged row (OTHER_VALUES, '*') counts the members of the values not named. Against
 * the empty state: each stratum of the closed result as a group.
 */
export function stratumGroups(prev: StoreState, next: StoreState, roster: Roster, source: string): BallotGroup[] {
  const groups: BallotGroup[] = [];
  for (const [question, byAttribute] of next.strata) {
    const known = new Set(prev.voters.get(question) ?? []);
    const fresh = (next.voters.get(question) ?? []).filter((m) => !known.has(m));
    for (const [attribute, byValue] of byAttribute) {
      const before = prev.strata.get(question)?.get(attribute);
      const named = new Set([...byValue.keys()].filter((value) => value !== '*'));
      for (const [value, cells] of byValue) {
        const was = before?.get(value) ?? {};
        const delta: Record<string, number> = {};
        let down = false;
        for (const cell of new Set([...Object.keys(cells), ...Object.keys(was)])) {
          const d = (cells[cell] ?? 0) - (was[cell] ?? 0);
          if (d < 0) down = true;
          else if (d > 0) delta[cell] = d;
        }
        const n = Object.values(delta).reduce((a, b) => a + b, 0);
        if (down || n === 0) continue;
        const inStratum = (m: string) => {
          const v = roster.get(m)?.[attribute] ?? '';
          return value === '*' ? !named.has(v) : v === value;
        };
        const voters = fresh.filter(inStratum);
        if (voters.length === n) groups.push({ source: `${source}, strata`, question, voters, counts: delta, stratum: true, attribute });
      }
    }
  }
  return groups;
}
