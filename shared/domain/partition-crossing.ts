import { determinedCells, growBucket, splitAgainstBatches, withRest, type BatchSizes } from './batch-crossing.ts';
import type { GroupSize, SmallGroupSplit } from './small-groups.ts';

// Several partitions of one counter's ballots published side by side (a vote's rows per value
// of each attribute, a check's rows per table beside them) can be subtracted from each other:
// « Nord » holds 8 ballots and all 6 of QPV « oui »; both rows shown, « Nord » minus « oui » is
// the choice of Nord's 2 others. For any two partitions A and B, the joint sizes (how many
// ballots in each pair of an A-group and a B-group: counts, never choices; the roster tells them
// to anyone) make B's published columns "batches" of A: the bipartite graph A-columns ×
// B-columns, an edge where a pair holds ballots, pins every cell on no cycle (a bridge) from the
// two marginals, the same reasoning as batches (shared/domain/batch-crossing.ts). So each
// partition is split against the real batches and against every other partition's published
// columns (the merged bucket one column, VALUE_NOT_GIVEN a group like any), merging as the batch
// rule does, over and over until nothing changes: a merge in one partition changes the others'
// graphs. Pairs only: three partitions (or a partition and the batches together) read at once
// can pin more, which this does not look for (docs/security.md).

/** One partition of a counter's ballots: its groups (sizes) and the batches the counter moved by, per group. */
export interface Partition {
  groups: readonly GroupSize[];
  batches: readonly BatchSizes[];
}

/** How many ballots fell in one combination of groups: `groups[i]`, the group in partition i (undefined: in none of it). */
export interface JointSize {
  groups: readonly (string | undefined)[];
  size: number;
}

/**
 * Each partition's split (as splitAgainstBatches), merged further until, for every pair of
 * partitions still published, no cell of the two's joint table that their published marginals
 * determine holds 1 to k − 1 ballots. A partition that collapses gets `hidden` (no rows) and
 * no longer constrains the others. Ballots the joint sizes do not cover (counted before a
 * restart, whose memory is lost) are one more row, as splitAgainstBatches does. Pure and
 * deterministic: partitions taken in the order given, groups as splitAgainstBatches takes them.
 */
export function splitPartitions(partitions: readonly Partition[], joint: readonly JointSize[], k: number): SmallGroupSplit[] {
  const splits = partitions.map((p) => splitAgainstBatches(p.groups, p.batches, k));
  if (partitions.length < 2 || joint.length === 0) return splits;
  for (let changed = true; changed; ) {
    changed = false;
    for (let a = 0; a < partitions.length; a++) {
      const split = splits[a]!;
      // A partition with no rows left constrains nothing; one with only its bucket (the count of
      // those it covers) still does, and may still have to go.
      const published = (b: number) => splits[b]!.shown.length + splits[b]!.merged.length > 0;
      if (!published(a)) continue;
      const tables = partitions.flatMap((_, b) => (b === a || !published(b) ? [] : [rowsOf(partitions[a]!, a, splits[b]!, b, joint)]));
      const next = growBucket(partitions[a]!.groups, split, [...(partitions[a]!.batches.length > 0 ? [withRest(partitions[a]!.groups, partitions[a]!.batches)] : []), ...tables], k);
      if (next.shown.length !== split.shown.length || next.hidden.length !== split.hidden.length) {
        splits[a] = next;
        changed = true;
      }
    }
  }
  return splits;
}

/** B's published columns (each shown group, then the bucket) as batches of A: the A-groups of their ballots. */
function rowsOf(pa: Partition, a: number, sb: SmallGroupSplit, b: number, joint: readonly JointSize[]): BatchSizes[] {
  const columns = [...sb.shown.map((id) => [id]), ...(sb.merged.length > 0 ? [sb.merged] : [])];
  const rows = columns.map(() => new Map<string, number>());
  for (const cell of joint) {
    const ga = cell.groups[a];
    const gb = cell.groups[b];
    if (ga === undefined || gb === undefined || cell.size <= 0) continue;
    const at = columns.findIndex((ids) => ids.includes(gb));
    if (at >= 0) rows[at]!.set(ga, (rows[at]!.get(ga) ?? 0) + cell.size);
  }
  return withRest(pa.groups, rows.map((row) => Object.fromEntries(row)));
}


