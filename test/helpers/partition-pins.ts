import { determinedCells, type BatchSizes } from '../../shared/domain/batch-crossing.ts';
import type { JointSize, Partition } from '../../shared/domain/partition-crossing.ts';
import type { SmallGroupSplit } from '../../shared/domain/small-groups.ts';

// The adversary's reading of partitions published side by side, as a checker independent of the
// rule's own loop: for every pair of partitions still published (and for each partition against
// its batches), the cells their published marginals determine (bridges), with their sizes.
// test/unit/partition-crossing.test.ts asks that none holds 1 to k − 1 ballots.

export interface Pin {
  rows: string;
  column: string[];
  size: number;
}

const columnsOf = (split: SmallGroupSplit) => [...split.shown.map((id) => [id]), ...(split.merged.length > 0 ? [split.merged] : [])];

/** Every determined cell, across every pair of published partitions and against each one's batches. */
export function determinedAcross(partitions: readonly Partition[], splits: readonly SmallGroupSplit[], joint: readonly JointSize[]): Pin[] {
  const out: Pin[] = [];
  const published = (i: number) => splits[i]!.shown.length + splits[i]!.merged.length > 0;
  for (let a = 0; a < partitions.length; a++) {
    if (!published(a)) continue;
    const columns = columnsOf(splits[a]!);
    if (partitions[a]!.batches.length > 0) for (const cell of determinedCells(columns, partitions[a]!.batches)) out.push({ rows: `batches of ${a}`, column: columns[cell.column]!, size: cell.size });
    for (let b = 0; b < partitions.length; b++) {
      if (b === a || !published(b)) continue;
      const rows: BatchSizes[] = columnsOf(splits[b]!).map((ids) => {
        const row: Record<string, number> = {};
        for (const cell of joint) if (cell.groups[b] !== undefined && ids.includes(cell.groups[b]!) && cell.groups[a] !== undefined) row[cell.groups[a]!] = (row[cell.groups[a]!] ?? 0) + cell.size;
        return row;
      });
      for (const cell of determinedCells(columns, rows)) out.push({ rows: `partition ${b}`, column: columns[cell.column]!, size: cell.size });
    }
  }
  return out;
}
