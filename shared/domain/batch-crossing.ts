import { splitSmallGroups, type GroupSize, type SmallGroupSplit } from './small-groups.ts';

// Subgroup counts written at a secret activity's close (per stratum, per table), crossed with the
// batches the room's counter moved by while it was open (server/engine/ballot-box.ts). Whoever
// holds the data folder knows which members each batch held (their "has voted" events are in its
// commit) and each member's group (the roster, the seating). Per counter and per partition (an
// attribute's values, a check's tables) the unknowns are the cells x[b][g]: what batch b's
// members of group g chose. Each batch's counts (its row) and each group's counts (its column)
// are known. In the bipartite graph batches × groups, with an edge where batch b held ballots of
// group g, an edge on a cycle can move by one along it (every cell of the cycle is above zero)
// with every row and column unchanged: it is not determined. An edge on no cycle (a bridge) is:
// its cell is the sum of the rows on one side of it minus the columns there. A bridge of fewer
// than k ballots would tie a choice to fewer than k members ("the stratum of six minus the batch
// of five inside it"). The rule here merges groups until no such bridge remains.

/** How many ballots of each group (a stratum's value, a table) one released batch held. */
export type BatchSizes = Readonly<Record<string, number>>;

/** A cell the rows and columns pin exactly: batch `batch` × column `column`, of `size` ballots. */
export interface DeterminedCell {
  batch: number;
  column: number;
  size: number;
}

/**
 * The cells of a batches × columns table that its row and column sums determine exactly: the
 * bridges of its graph (an edge where a batch holds ballots of a column; empty cells are no
 * edge). A column is a set of group ids whose counts are published together (one value, or the
 * merged bucket). Tarjan's bridge search; the graph is tiny (batches + columns nodes).
 */
export function determinedCells(columns: readonly (readonly string[])[], batches: readonly BatchSizes[]): DeterminedCell[] {
  const B = batches.length;
  const size = (b: number, c: number) => columns[c]!.reduce((n, id) => n + (Object.hasOwn(batches[b]!, id) ? batches[b]![id]! : 0), 0);
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: B + columns.length }, () => []);
  const edges: DeterminedCell[] = [];
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < columns.length; c++) {
      const n = size(b, c);
      if (n <= 0) continue;
      adjacency[b]!.push({ to: B + c, edge: edges.length });
      adjacency[B + c]!.push({ to: b, edge: edges.length });
      edges.push({ batch: b, column: c, size: n });
    }
  }
  const order = new Array<number>(adjacency.length).fill(-1);
  const low = new Array<number>(adjacency.length).fill(0);
  const bridges: DeterminedCell[] = [];
  let time = 0;
  const visit = (node: number, via: number) => {
    order[node] = low[node] = time++;
    for (const { to, edge } of adjacency[node]!) {
      if (edge === via) continue;
      if (order[to] === -1) {
        visit(to, edge);
        low[node] = Math.min(low[node]!, low[to]!);
        if (low[to]! > order[node]!) bridges.push(edges[edge]!);
      } else low[node] = Math.min(low[node]!, order[to]!);
    }
  };
  for (let node = 0; node < adjacency.length; node++) if (order[node] === -1) visit(node, -1);
  return bridges.sort((a, b) => a.batch - b.batch || a.column - b.column);
}

/**
 * splitSmallGroups, then merged further until no cell batch × published group of 1 to k − 1
 * ballots is determined (determinedCells): a shown group with such a cell joins the merged
 * bucket (the smallest first, one at a time: the fewest groups lost); when only the bucket has
 * one, the bucket grows by the smallest shown group. When nothing is left shown (everything in
 * the bucket: the room's own count) or the bucket alone still pins a cell under k, every group is
 * returned in `hidden`, as when the whole is under k: the partition gets no row per group. Groups a batch list does not cover (ballots
 * counted before a restart, whose batches memory lost) form one more batch, so the sums agree.
 * Pure and deterministic, ties in the order given, like splitSmallGroups.
 */
export function splitAgainstBatches(groups: readonly GroupSize[], batches: readonly BatchSizes[], k: number): SmallGroupSplit {
  const first = splitSmallGroups(groups, k);
  if (first.hidden.length > 0 || batches.length === 0) return first;
  return growBucket(groups, first, [withRest(groups, batches)], k);
}

/** `rows`, plus one more for the ballots of each group they do not cover (counted before a restart, or in no other partition's group). */
export function withRest(groups: readonly GroupSize[], rows: readonly BatchSizes[]): BatchSizes[] {
  const rest: Record<string, number> = {};
  for (const g of groups) {
    if (g.size <= 0) continue;
    const covered = rows.reduce((n, row) => n + (Object.hasOwn(row, g.id) ? row[g.id]! : 0), 0);
    if (g.size > covered) rest[g.id] = g.size - covered;
  }
  return Object.keys(rest).length > 0 ? [...rows, rest] : [...rows];
}

/**
 * The merging of splitAgainstBatches, from a split already made and against several row tables,
 * each read apart (a partition's batches, another partition's groups: partition-crossing.ts): a
 * shown group with a determined cell under k in any of them joins the bucket (the smallest
 * first); when only the bucket has one, the smallest shown group joins it; when nothing can be
 * shown any more, every group is hidden.
 */
export function growBucket(groups: readonly GroupSize[], start: SmallGroupSplit, tables: readonly (readonly BatchSizes[])[], k: number): SmallGroupSplit {
  const answered = groups.filter((g) => g.size > 0);
  const sizeOf = new Map(answered.map((g) => [g.id, g.size]));
  let shown = [...start.shown];
  const bucket = new Set(start.merged);
  for (;;) {
    const merged = answered.filter((g) => bucket.has(g.id)).map((g) => g.id);
    const columns = [...shown.map((id) => [id]), ...(merged.length > 0 ? [merged] : [])];
    const under = tables.flatMap((table) => determinedCells(columns, table)).filter((cell) => cell.size < k);
    if (under.length === 0) break;
    const hit = shown.filter((_, column) => under.some((cell) => cell.column === column));
    const candidates = hit.length > 0 ? hit : shown;
    // Only the bucket is left and still pins a cell under k: no row per group at all.
    if (candidates.length === 0) return { shown: [], merged: [], hidden: merged };
    const smallest = candidates.reduce((min, id) => (sizeOf.get(id)! < sizeOf.get(min)! ? id : min));
    shown = shown.filter((id) => id !== smallest);
    bucket.add(smallest);
  }
  const merged = answered.filter((g) => bucket.has(g.id)).map((g) => g.id);
  if (shown.length === 0 && start.shown.length > 0) return { shown: [], merged: [], hidden: merged };
  return { shown, merged, hidden: [] };
}
