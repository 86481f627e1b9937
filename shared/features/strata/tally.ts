import type { BatchSizes } from '../../domain/batch-crossing.ts';
import { splitPartitions, type Partition } from '../../domain/partition-crossing.ts';
import type { SmallGroupSplit } from '../../domain/small-groups.ts';
import type { Convention } from '../../domain/types.ts';
import type { FrozenStrata } from './frozen.ts';
import { memberStrata } from './member-strata.ts';
import { OTHER_VALUES, type StratumCells } from './types.ts';

// Counting per stratum, the pure part: adding a ballot to its strata, and the k rule applied per
// attribute. Secret ballots go through shared/domain/secret-ballots.ts, which calls these; polls
// and roll-call votes are counted from their stored answers (countAnswers).

type Sizes = FrozenStrata['sizes'];

/**
 * `cells` with one more ballot (or `delta`) in cell `index` of the stratum `strata` names in each
 * attribute: a member in several attributes counts once in each, never crossed. A new object.
 */
export function addToStrata(cells: StratumCells | undefined, strata: Readonly<Record<string, string>>, index: number, width: number, delta = 1): StratumCells {
  // Computed keys define own properties: a value or attribute named "__proto__" stays data.
  let out: StratumCells = { ...cells };
  for (const [attribute, value] of Object.entries(strata)) {
    const values = Object.hasOwn(out, attribute) ? out[attribute]! : {};
    const row = [...(Object.hasOwn(values, value) ? values[value]! : new Array<number>(width).fill(0))];
    row[index] = (row[index] ?? 0) + delta;
    out = { ...out, [attribute]: { ...values, [value]: row } };
  }
  return out;
}

/** How many ballots each stratum holds when each ballot fills one cell (votes, checks, gradings, single-choice and scale polls). */
export function sizesOfCells(cells: StratumCells): Sizes {
  return Object.fromEntries(Object.entries(cells).map(([attribute, values]) => [attribute, Object.fromEntries(Object.entries(values).map(([value, row]) => [value, sum(row)]))]));
}

/**
 * The k rule, per attribute (splitSmallGroups, the rule tables follow): values of k members or
 * more keep their cells, the others are summed into OTHER_VALUES, which itself holds k or more
 * (taking in the smallest shown value when needed), so no stratum under k can be read, not even
 * by subtracting shown strata from the room's count. An attribute whose answers together are
 * under k has no row at all. Values are taken in sorted order, so the same counts merge the same
 * way whatever order they were counted in (memory and a restart's reading agree). Idempotent.
 * `batches` (a secret activity's close: attribute -> each released batch's ballots per value)
 * merges further, until no batch × stratum cell under k is pinned by subtraction
 * (splitAgainstBatches, shared/domain/batch-crossing.ts); an attribute it collapses has no row.
 * `joint` (how many ballots share each combination of strata) merges further, until no cell
 * under k is pinned by subtracting one attribute's rows from another's, nor, given a check's
 * `tables`, from its rows per table (strataSplits).
 */
export function mergeSmallStrata(cells: StratumCells, k: number, sizes: Sizes = sizesOfCells(cells), batches?: Readonly<Record<string, readonly BatchSizes[]>>, joint?: readonly StrataJoint[], tables?: Partition): FrozenStrata {
  const { attributes } = strataSplits(cells, k, sizes, batches, joint, tables);
  const cellsOut: [string, Record<string, number[]>][] = [];
  const sizesOut: [string, Record<string, number>][] = [];
  for (const [attribute, split] of attributes) {
    const values = cells[attribute]!;
    const sizeOf = (value: string) => sizes[attribute]?.[value] ?? sum(values[value]!);
    if (split.shown.length === 0 && split.merged.length === 0) continue;
    const kept: [string, number[], number][] = split.shown.filter((value) => value !== OTHER_VALUES).map((value) => [value, [...values[value]!], sizeOf(value)]);
    if (split.merged.length > 0) {
      const width = Math.max(...split.merged.map((value) => values[value]!.length));
      const other = new Array<number>(width).fill(0);
      for (const value of split.merged) values[value]!.forEach((n, i) => (other[i] = other[i]! + n));
      kept.push([OTHER_VALUES, other, sum(split.merged.map(sizeOf))]);
    }
    cellsOut.push([attribute, Object.fromEntries(kept.map(([value, row]) => [value, row]))]);
    sizesOut.push([attribute, Object.fromEntries(kept.map(([value, , size]) => [value, size]))]);
  }
  return { cells: Object.fromEntries(cellsOut), sizes: Object.fromEntries(sizesOut) };
}

/**
 * How many ballots share one combination of strata (one value per attribute) and, for a check's
 * proposal, one table: counts, never choices. What lets the close cross the attributes (and the
 * tables) with each other (splitPartitions, shared/domain/partition-crossing.ts).
 */
export interface StrataJoint {
  strata: Readonly<Record<string, string>>;
  table?: string;
  size: number;
}

/**
 * The split of each attribute (sorted), and of the tables when given (a check's proposal: its
 * groups and batches), as mergeSmallStrata and closeCheckCounts apply them. With `joint`, every
 * pair of these partitions is crossed (splitPartitions): nothing under k is pinned by
 * subtracting one attribute's rows (or the tables') from another's. The same inputs give the
 * same splits, so the two closes of one check (tables, strata) agree.
 */
export function strataSplits(cells: StratumCells, k: number, sizes: Sizes = sizesOfCells(cells), batches?: Readonly<Record<string, readonly BatchSizes[]>>, joint?: readonly StrataJoint[], tables?: Partition): { attributes: [string, SmallGroupSplit][]; tables: SmallGroupSplit | null } {
  const names = Object.keys(cells).sort(cmp);
  const partitions: Partition[] = names.map((attribute) => {
    const values = cells[attribute]!;
    const groups = Object.keys(values).sort(cmp).map((value) => ({ id: value, size: sizes[attribute]?.[value] ?? sum(values[value]!), pooled: value === OTHER_VALUES }));
    return { groups, batches: batches && Object.hasOwn(batches, attribute) ? batches[attribute]! : [] };
  });
  if (tables) partitions.push(tables);
  const crossed = (joint ?? []).map((cell) => ({ size: cell.size, groups: [...names.map((attribute) => (Object.hasOwn(cell.strata, attribute) ? cell.strata[attribute] : undefined)), ...(tables ? [cell.table] : [])] }));
  const splits = splitPartitions(partitions, crossed, k);
  return { attributes: names.map((attribute, i) => [attribute, splits[i]!]), tables: tables ? splits[names.length]! : null };
}

/**
 * Counts stored answers per stratum (a roll-call vote's ballots, a poll's answers): each member
 * in the strata their roster gives them now, in the cells of their answer (several for a
 * multiple-choice answer; none counts them in no cell but still as one who answered).
 * Not merged: callers apply mergeSmallStrata, with `joint` (each combination of strata and how
 * many answered in it) so no attribute's rows minus another's pin anything under k.
 */
export function countAnswers(conv: Pick<Convention, 'members'>, attributes: readonly string[], answers: Iterable<readonly [memberId: string, cells: readonly number[]]>, width: number): FrozenStrata & { joint: StrataJoint[] } {
  // Built in Maps (a live poll's view counts every answer on each refresh; and a value is any
  // text, "__proto__" included), turned into plain records once.
  const byAttribute = new Map(attributes.map((attribute) => [attribute, new Map<string, { row: number[]; size: number }>()]));
  const joint = new Map<string, StrataJoint>();
  for (const [memberId, indexes] of answers) {
    const strata = memberStrata(conv, memberId, attributes);
    const key = JSON.stringify(Object.entries(strata));
    const combination = joint.get(key);
    joint.set(key, { strata, size: (combination?.size ?? 0) + 1 });
    for (const [attribute, value] of Object.entries(strata)) {
      const values = byAttribute.get(attribute)!;
      let entry = values.get(value);
      if (!entry) values.set(value, (entry = { row: new Array<number>(width).fill(0), size: 0 }));
      for (const index of indexes) entry.row[index] = (entry.row[index] ?? 0) + 1;
      entry.size += 1;
    }
  }
  const entries = [...byAttribute].map(([attribute, values]) => [attribute, [...values]] as const);
  return {
    cells: Object.fromEntries(entries.map(([attribute, values]) => [attribute, Object.fromEntries(values.map(([value, e]) => [value, e.row]))])),
    sizes: Object.fromEntries(entries.map(([attribute, values]) => [attribute, Object.fromEntries(values.map(([value, e]) => [value, e.size]))])),
    joint: [...joint.values()],
  };
}

/** Ballots counted in one attribute (each ballot once in every attribute, so any one tells). */
export function attributedOf(sizes: Sizes): number {
  const first = Object.values(sizes)[0];
  return first ? sum(Object.values(first)) : 0;
}

const sum = (row: readonly number[]) => row.reduce((a, b) => a + b, 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
