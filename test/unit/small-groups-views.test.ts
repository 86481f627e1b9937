import { describe, expect, it } from 'vitest';
import type { SecretBallot } from '../../shared/domain/context.ts';
import { countSecretBallot } from '../../shared/domain/secret-ballots.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { ConsensusCheck } from '../../shared/features/deliberation/types.ts';
import { readings } from '../../shared/features/deliberation/views.ts';
import { rankingExport } from '../../shared/features/ranking/results.ts';
import { apply, command, conventionWith, must, rng, run } from '../helpers/domain-fixtures.ts';

// Issue 14: the views and exports built on the small-groups rule. A consensus check's per-table
// readings never show a table under k (the "Table 4: 0 agree / 1" of the issue), and the
// silent-round rankings come out in an order that tells nothing of the table's member order.

/** A convention with one live session and `tables` tables, `perTable` members seated at each. */
function room(tables: number, perTable: number): { conv: Convention; sessionId: string; tableIds: string[] } {
  let conv = conventionWith({ members: Array.from({ length: tables * perTable }, (_, i) => `Membre ${i + 1}`), sessions: 1 });
  const sessionId = conv.sessionOrder[0]!;
  conv = must(conv, command('session.open', { sessionId }));
  conv = must(conv, command('tables.create', { sessionId, count: tables }));
  const tableIds = conv.sessions[sessionId]!.tables.map((t) => t.id);
  conv.memberOrder.forEach((memberId, i) => {
    conv = must(conv, command('tables.seat', { sessionId, memberId, tableId: tableIds[Math.floor(i / perTable)]! }));
  });
  return { conv, sessionId, tableIds };
}

/** A closed, revealed check on one proposal with `answers[t]` = [agree, disagree] at table t ('' last when given). */
function checkWith(conv: Convention, sessionId: string, answers: [tableId: string, agree: number, disagree: number][], open: { mode: ConsensusCheck['mode']; current: string | null } | null = null): Convention {
  const check: Omit<ConsensusCheck, 'frozen'> = {
    id: 'check-1', kind: 'consensus', sessionId, title: 'Avis', proposalIds: ['p-1', 'p-2'], mode: open?.mode ?? 'plenary',
    levels: ['Oui', 'Non'], allowUnsure: true, thresholds: null, status: 'ready', currentProposalId: null,
    revealed: true, live: false, answered: {}, counts: {}, opinions: {},
  };
  let state = apply(conv, [{ type: 'CheckCreated', check }, { type: 'CheckOpened', checkId: check.id }]);
  state = { ...state, checks: { ...state.checks, [check.id]: { ...state.checks[check.id]!, currentProposalId: open?.current ?? null } } };
  const ballots: SecretBallot[] = answers.flatMap(([tableId, agree, disagree]) =>
    Array.from({ length: agree + disagree }, (_, i) => ({ kind: 'agreement' as const, checkId: 'check-1', proposalId: 'p-1', tableId, level: i < agree ? 0 : 1, strata: {} })),
  );
  state = ballots.reduce((s, b) => countSecretBallot(s, b), state);
  return open ? state : apply(state, [{ type: 'CheckClosed', checkId: 'check-1' }]);
}

describe('consensus readings per table', () => {
  it('never shows a lone answer: "Table 4: 0 agree / 1" is counted with the smallest table', () => {
    const { conv, sessionId, tableIds } = room(4, 6);
    const state = checkWith(conv, sessionId, [[tableIds[0]!, 6, 0], [tableIds[1]!, 2, 4], [tableIds[2]!, 5, 0], [tableIds[3]!, 0, 1]]);
    const [reading] = readings(state, state.checks['check-1']!);
    expect(reading!.smallGroupMin).toBe(5);
    expect(reading!.tables.map((t) => [t.tableName, t.agree, t.answers])).toEqual([['Table 1', 6, 6], ['Table 2', 2, 6]]);
    // Table 4 alone would be 0 / 1; with Table 3 (the smallest shown, 5) it is 5 / 6.
    expect(reading!.otherTables).toEqual({ tableNames: ['Table 3', 'Table 4'], withoutTable: false, agree: 5, answers: 6 });
    expect(reading!.fewerTables).toEqual([]);
    // Whole-room counts stay as they are.
    expect(reading!.counts).toEqual([13, 5]);
    // No number anywhere in the reading is the lone table's.
    expect(JSON.stringify(reading!.tables)).not.toContain(tableIds[3]!);
  });

  it('names the tables without a number when the whole room is under k', () => {
    const { conv, sessionId, tableIds } = room(2, 6);
    const state = checkWith(conv, sessionId, [[tableIds[0]!, 1, 1], [tableIds[1]!, 0, 1]]);
    const [reading] = readings(state, state.checks['check-1']!);
    expect(reading!.tables).toEqual([]);
    expect(reading!.otherTables).toBeNull();
    expect(reading!.fewerTables).toEqual(['Table 1', 'Table 2']);
    expect(reading!.groupAwareConsensus).toBeNull();
    expect(reading!.counts).toEqual([1, 2]);
  });

  it('gives nothing per table while the proposal takes answers: two counts in a row would differ by an answer', () => {
    const { conv, sessionId, tableIds } = room(2, 6);
    const answers: [string, number, number][] = [[tableIds[0]!, 6, 0], [tableIds[1]!, 1, 5]];
    const perTable = (state: Convention) => readings(state, state.checks['check-1']!).map((r) => [r.tablesFinal, r.tables.length, r.otherTables, r.groupAwareConsensus === null, r.counts]);
    // Batch: every proposal takes answers until the close.
    expect(perTable(checkWith(conv, sessionId, answers, { mode: 'batch', current: null }))).toEqual([[false, 0, null, true, [7, 5]], [false, 0, null, true, [0, 0]]]);
    // Plenary: only the current proposal does; the one answered before is final.
    expect(perTable(checkWith(conv, sessionId, answers, { mode: 'plenary', current: 'p-2' }))[0]).toEqual([true, 2, null, false, [7, 5]]);
    expect(perTable(checkWith(conv, sessionId, answers, { mode: 'plenary', current: 'p-1' }))[0]).toEqual([false, 0, null, true, [7, 5]]);
    // Moved on, but one answer to it still waits in the ballot box (participation 13, counted 12).
    const past = checkWith(conv, sessionId, answers, { mode: 'plenary', current: 'p-2' });
    const waiting = { ...past, checks: { ...past.checks, 'check-1': { ...past.checks['check-1']!, answered: { 'p-1': Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`m${i}`, true as const])) } } } };
    expect(perTable(waiting)[0]).toEqual([false, 0, null, true, [7, 5]]);
    expect(perTable(checkWith(conv, sessionId, answers))[0]).toEqual([true, 2, null, false, [7, 5]]);
  });

  it('shows a table of 3 once the convention sets k to 3', () => {
    const { conv, sessionId, tableIds } = room(3, 6);
    const state = checkWith(conv, sessionId, [[tableIds[0]!, 6, 0], [tableIds[1]!, 1, 5], [tableIds[2]!, 0, 3]]);
    expect(readings(state, state.checks['check-1']!)[0]!.tables.map((t) => t.tableName)).toEqual(['Table 2']);
    const k3 = must(state, command('convention.setSmallGroupMin', { smallGroupMin: 3 }));
    const [reading] = readings(k3, k3.checks['check-1']!);
    expect(reading!.tables.map((t) => [t.tableName, t.agree, t.answers])).toEqual([['Table 1', 6, 6], ['Table 2', 1, 6], ['Table 3', 0, 3]]);
    expect(reading!.otherTables).toBeNull();
  });
});

describe('silent-round rankings in the export', () => {
  /** A closed ranking whose silent round each member of `room` sent `rankingOf(memberIndex)`. */
  function silentRound(perTable: number[], rankingOf: (leverIds: string[], index: number) => string[]) {
    const tables = perTable.length;
    const most = Math.max(...perTable);
    let { conv, sessionId } = room(tables, most);
    const created = run(conv, command('ranking.create', { sessionId, title: 'Priorités', tableIds: [], silentRound: true }));
    const { activityId } = created.data as { activityId: string };
    conv = created.state;
    conv = must(conv, command('ranking.open', { activityId }));
    const leverIds = conv.activities[activityId]!.leverIds;
    const session = conv.sessions[sessionId]!;
    session.tables.forEach((table, t) => {
      table.memberIds.slice(0, perTable[t]).forEach((memberId, i) => {
        conv = must(conv, command('ranking.submitSilent', { activityId, order: rankingOf(leverIds, t * most + i) }), { role: 'member', conventionId: conv.id, memberId });
      });
    });
    return { conv, activityId, leverIds, memberIds: session.tables.map((t) => t.memberIds.slice(0, perTable[session.tables.indexOf(t)])) };
  }
  const shuffled = (leverIds: string[], seed: number) => {
    const r = rng(seed);
    const out = [...leverIds];
    for (let i = out.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };

  it('is the same export whoever sent which ranking: the member order tells nothing', () => {
    const seeds = Array.from({ length: 12 }, (_, i) => 100 + i);
    const forward = silentRound([6, 6], (levers, i) => shuffled(levers, seeds[i]!));
    // The same rankings, sent by the members in the reverse order of the roster.
    const backward = silentRound([6, 6], (levers, i) => shuffled(levers, seeds[(i < 6 ? 5 - i : 17 - i)]!));
    const a = rankingExport(forward.conv, forward.conv.activities[forward.activityId]!).silentRound;
    const b = rankingExport(backward.conv, backward.conv.activities[backward.activityId]!).silentRound;
    expect(a!.ballots.reduce((n, x) => n + x.count, 0)).toBe(12);
    expect(b).toEqual(a);
  });

  it('gives an analyst who knows each table\u2019s member order no better than chance', () => {
    // The analyst pairs the k-th ranking of a table's lines with the k-th member of its roster.
    let hits = 0;
    let guesses = 0;
    const trials = 20;
    for (let trial = 0; trial < trials; trial++) {
      const { conv, activityId, memberIds } = silentRound([6, 6], (levers, i) => shuffled(levers, 1000 * trial + i));
      const sent = new Map(memberIds.flat().map((id) => [id, conv.activities[activityId]!.silent[id]!.join(',')]));
      const exported = rankingExport(conv, conv.activities[activityId]!);
      const titles = new Map(conv.levers.map((l) => [l.title, l.id]));
      conv.sessions[conv.sessionOrder[0]!]!.tables.forEach((table, t) => {
        const lines = exported.silentRound!.ballots.filter((b) => b.table === table.name).flatMap((b) => Array.from({ length: b.count }, () => b.ranking.map((title) => titles.get(title)!).join(',')));
        expect(lines).toHaveLength(6);
        lines.forEach((ranking, k) => {
          guesses++;
          if (sent.get(memberIds[t]![k]!) === ranking) hits++;
        });
      });
    }
    // Chance: one right guess per table of six on average (a random permutation's fixed points),
    // 40 of 240; the roster's order gave 240 of 240 before (issue 14). Margin: 3 standard
    // deviations of the fixed-point count (variance 1 per table, 40 tables).
    expect(guesses).toBe(240);
    expect(hits).toBeLessThanOrEqual(40 + 3 * Math.sqrt(40));
  });

  it('names a table only with at least k rankings, and counts the others together', () => {
    const { conv, activityId } = silentRound([6, 3, 6], (levers, i) => shuffled(levers, i));
    const ballots = rankingExport(conv, conv.activities[activityId]!).silentRound!.ballots;
    const perTable = (name: string | null) => ballots.filter((b) => b.table === name).reduce((n, b) => n + b.count, 0);
    // Table 2 sent 3: with Table 1 (the first of the two smallest shown) as one group of 9.
    expect(perTable('Table 2')).toBe(0);
    expect(perTable('Table 1')).toBe(0);
    expect(perTable('Table 3')).toBe(6);
    expect(perTable(null)).toBe(9);
    const k3 = must(conv, command('convention.setSmallGroupMin', { smallGroupMin: 3 }));
    const named = rankingExport(k3, k3.activities[activityId]!).silentRound!.ballots;
    expect(named.filter((b) => b.table === 'Table 2').reduce((n, b) => n + b.count, 0)).toBe(3);
  });
});
