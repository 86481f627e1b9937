import { splitAgainstBatches, type BatchSizes } from '../../domain/batch-crossing.ts';
import { splitSmallGroups } from '../../domain/small-groups.ts';
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
 */
export function mergeSmallStrata(cells: StratumCells, k: number, sizes: Sizes = sizesOfCells(cells), batches?: Readonly<Record<string, readonly BatchSizes[]>>): FrozenStrata {
  const cellsOut: [string, Record<string, number[]>][] = [];
  const sizesOut: [string, Record<string, number>][] = [];
  for (const attribute of Object.keys(cells).sort(cmp)) {
    const values = cells[attribute]!;
    const names = Object.keys(values).sort(cmp);
    const sizeOf = (value: string) => sizes[attribute]?.[value] ?? sum(values[value]!);
    const groups = names.map((value) => ({ id: value, size: sizeOf(value), pooled: value === OTHER_VALUES }));
    const crossed = batches && Object.hasOwn(batches, attribute) ? batches[attribute]! : null;
    const split = crossed ? splitAgainstBatches(groups, crossed, k) : splitSmallGroups(groups, k);
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
 * Counts stored answers per stratum (a roll-call vote's ballots, a poll's answers): each member
 * in the strata their roster gives them now, in the cells of their answer (several for a
 * multiple-choice answer; none counts them in no cell but still as one who answered).
 * Not merged: callers apply mergeSmallStrata.
 */
export function countAnswers(conv: Pick<Convention, 'members'>, attributes: readonly string[], answers: Iterable<readonly [memberId: string, cells: readonly number[]]>, width: number): FrozenStrata {
  // Built in Maps (a live poll's view counts every answer on each refresh; and a value is any
  // text, "__proto__" included), turned into plain records once.
  const byAttribute = new Map(attributes.map((attribute) => [attribute, new Map<string, { row: number[]; size: number }>()]));
  for (const [memberId, indexes] of answers) {
    for (const [attribute, value] of Object.entries(memberStrata(conv, memberId, attributes))) {
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
  };
}

/** Ballots counted in one attribute (each ballot once in every attribute, so any one tells). */
export function attributedOf(sizes: Sizes): number {
  const first = Object.values(sizes)[0];
  return first ? sum(Object.values(first)) : 0;
}

const sum = (row: readonly number[]) => row.reduce((a, b) => a + b, 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
