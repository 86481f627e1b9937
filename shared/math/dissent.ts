// Dissent between tables on each lever.
//
// Input: the candidates (levers) and, for each table, its ranking of them (ties and
// unranked levers allowed, as for ballots).
//
//   rank_t(L)  fractional rank of lever L at table t, 1 = best: tied levers get the
//              average of the positions they span, unranked levers share the last ones.
//   mean       (1/T) · Σ_t rank_t(L)                          over the T tables
//   spread     max_t rank_t(L) − min_t rank_t(L)
//   sd         sqrt((1/T) · Σ_t (rank_t(L) − mean)²)           population standard deviation
//              (the tables are the whole population, not a sample)
//   dissent    with n = number of levers:
//                'high'    if spread ≥ n/2   (DISSENT_THRESHOLDS.high · n)
//                'medium'  else if spread ≥ n/4 (DISSENT_THRESHOLDS.medium · n) and spread > 1
//                'low'     otherwise
//              A gap of one place or less between tables is never 'medium'. With two levers
//              the only disagreement, a full reversal (spread 1 ≥ 2/2), is 'high'.
//
// With no table at all, the result is empty.

import { assertCandidates, emptyRecord, fractionalRanks, type Ranking } from './ranking.ts';

export interface TableRanking {
  /** The table's name, unique among the tables. */
  readonly table: string;
  readonly ranking: Ranking;
}

export type DissentLevel = 'low' | 'medium' | 'high';

export interface LeverDissent {
  lever: string;
  /** Rank of the lever at each table, by table name (1 = best, fractional when tied). */
  ranks: Record<string, number>;
  mean: number;
  spread: number;
  sd: number;
  dissent: DissentLevel;
}

/** Fractions of the number of levers from which a spread is 'high' / 'medium'. */
export const DISSENT_THRESHOLDS = { high: 1 / 2, medium: 1 / 4 } as const;

/** The dissent level for a spread of ranks among `leverCount` levers (see header). */
export function dissentLevel(spread: number, leverCount: number): DissentLevel {
  if (spread > 0 && spread >= DISSENT_THRESHOLDS.high * leverCount) return 'high';
  if (spread > 1 && spread >= DISSENT_THRESHOLDS.medium * leverCount) return 'medium';
  return 'low';
}

/**
 * Per-lever dissent, in the order of `levers`. Throws a RangeError on duplicate levers,
 * duplicate table names, or a table ranking that names an unknown lever or one twice.
 */
export function dissent(levers: readonly string[], tables: readonly TableRanking[]): LeverDissent[] {
  assertCandidates(levers);
  const names = new Set<string>();
  for (const t of tables) {
    if (names.has(t.table)) throw new RangeError(`duplicate table ${JSON.stringify(t.table)}`);
    names.add(t.table);
  }
  if (tables.length === 0) return [];
  const perTable = tables.map((t) => {
    try {
      return fractionalRanks(levers, t.ranking);
    } catch (e) {
      throw new RangeError(`table ${JSON.stringify(t.table)}: ${(e as Error).message}`);
    }
  });
  const n = levers.length;
  const T = tables.length;
  return levers.map((lever) => {
    const values = perTable.map((r) => r[lever]!);
    const ranks = emptyRecord<number>();
    tables.forEach((t, i) => {
      ranks[t.table] = values[i]!;
    });
    const mean = values.reduce((a, b) => a + b, 0) / T;
    const spread = Math.max(...values) - Math.min(...values);
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / T);
    return { lever, ranks, mean, spread, sd, dissent: dissentLevel(spread, n) };
  });
}
