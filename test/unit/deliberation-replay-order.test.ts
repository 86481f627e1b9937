import { describe, expect, it } from 'vitest';
import type { SecretBallot } from '../../shared/domain/context.ts';
import { countSecretBallot } from '../../shared/domain/secret-ballots.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { ConsensusCheck } from '../../shared/features/deliberation/types.ts';
import { readings } from '../../shared/features/deliberation/views.ts';
import { groupAwareConsensus } from '../../shared/math/consensus.ts';
import { exportConvention } from '../../server/http/export.ts';
import { apply, command, must, roomFixture } from '../helpers/domain-fixtures.ts';

// Issue 18, item 2: the counts of a consensus check are rebuilt at start from the store's
// counters, in whatever order the store returns them. The export must not depend on it: the
// per-table rows in the session's table order, and groupAwareConsensus to the last bit.

// Agrees (level 0) and answers per table, chosen so that the naive product in the given order
// and in the reverse order differ in the last bit (0.0003092145949288806 vs …8056).
const PER_TABLE: [agree: number, total: number][] = [[1, 5], [2, 6], [2, 5], [0, 7], [1, 9], [0, 1]];

function closedCheck(): { conv: Convention; check: ConsensusCheck; ballots: SecretBallot[] } {
  let conv = roomFixture();
  const sessionId = conv.sessionOrder[0]!;
  conv = must(conv, command('tables.create', { sessionId, count: PER_TABLE.length }));
  const tableIds = conv.sessions[sessionId]!.tables.map((t) => t.id);
  const check: Omit<ConsensusCheck, 'frozen'> = {
    id: 'check-1', kind: 'consensus', sessionId, title: 'Avis', proposalIds: ['p-1'], mode: 'plenary',
    levels: ['Oui', 'Non'], allowUnsure: true, thresholds: null, status: 'ready', currentProposalId: null,
    revealed: true, live: false, answered: {}, counts: {}, opinions: {},
  };
  conv = apply(conv, [{ type: 'CheckCreated', check }, { type: 'CheckOpened', checkId: check.id }, { type: 'CheckClosed', checkId: check.id }]);
  const ballots: SecretBallot[] = PER_TABLE.flatMap(([agree, total], t) =>
    Array.from({ length: total }, (_, i) => ({ kind: 'agreement' as const, checkId: check.id, proposalId: 'p-1', tableId: tableIds[t]!, level: i < agree ? 0 : 1, strata: {} })),
  );
  // Two answers without a table, and one "Je ne sais pas".
  ballots.push({ kind: 'agreement', checkId: check.id, proposalId: 'p-1', tableId: '', level: 0, strata: {} });
  ballots.push({ kind: 'agreement', checkId: check.id, proposalId: 'p-1', tableId: '', level: 2, strata: {} });
  return { conv, check: conv.checks[check.id]!, ballots };
}

const exportBytes = (conv: Convention) => JSON.stringify({ ...exportConvention(conv), exportedAt: null });
const counted = (conv: Convention, ballots: SecretBallot[]) => ballots.reduce((s, b) => countSecretBallot(s, b), conv);

describe('consensus check: the same export whatever order the counts are rebuilt in', () => {
  it('gives byte-identical exports when the tables are counted in the reverse order', () => {
    const { conv, ballots } = closedCheck();
    const forward = counted(conv, ballots);
    const backward = counted(conv, [...ballots].reverse());
    // The maps really were built in different orders.
    expect(Object.keys(forward.checks['check-1']!.counts['p-1']!)).not.toEqual(Object.keys(backward.checks['check-1']!.counts['p-1']!));
    expect(exportBytes(backward)).toBe(exportBytes(forward));
  });

  it("lists the tables in the session's table order", () => {
    const { conv, ballots } = closedCheck();
    const backward = counted(conv, [...ballots].reverse());
    const [reading] = readings(backward, backward.checks['check-1']!);
    const sessionTables = backward.sessions[backward.sessionOrder[0]!]!.tables.map((t) => t.id);
    // Tables of at least k = 5 answers, in the session's order; the table of 1 and the answer
    // without a table are counted with the first table of 5 (docs/methods.md, "Small groups").
    expect(reading!.tables.map((t) => t.tableId)).toEqual([1, 2, 3, 4].map((i) => sessionTables[i]));
    expect(reading!.otherTables).toMatchObject({ tableNames: ['Table 1', 'Table 6'], withoutTable: true, agree: 2, answers: 7 });
    expect(reading!.counts).toEqual([7, 27]);
    expect(reading!.unsure).toBe(1);
  });

  it('groupAwareConsensus does not depend on the order of the groups, to the last bit', () => {
    const groups = PER_TABLE.map(([agree, total]) => ({ agree, total }));
    const naive = (gs: typeof groups) => gs.reduce((p, g) => (p * (g.agree + 1)) / (g.total + 2), 1);
    expect(naive(groups)).not.toBe(naive([...groups].reverse())); // the pitfall is real
    const value = groupAwareConsensus(groups);
    expect(groupAwareConsensus([...groups].reverse())).toBe(value);
    expect(groupAwareConsensus([groups[3]!, groups[0]!, groups[5]!, groups[1]!, groups[4]!, groups[2]!])).toBe(value);
    expect(value).toBeCloseTo(naive(groups), 15);
  });
});
