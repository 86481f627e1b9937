import { type BallotGroup } from './analyst.ts';

// The analyst's subtraction across several groups at once (issue 17): per question and attribute,
// the batches it saw (disjoint groups from successive states) against the strata of the closed
// result (which partition the voters). In the graph batches × strata (an edge where a batch holds
// members of a stratum), an edge on no cycle (a bridge) is a cell the counts pin exactly: cut it,
// and on the stratum's side every batch's ballots go to that side's strata but for the cell, so
// the cell is that side's strata minus that side's batches. "The stratum of six minus the batch
// of its first five" is the smallest such case; chains of batches and strata are the others.
// Two attributes' strata are crossed the same way (each partitions the room).

/** Exact groups from bridges (members of one batch in one stratum, and their counts), each kept when it says more than the batch and the stratum. */
export function bridgeGroups(groups: BallotGroup[]): BallotGroup[] {
  const out: BallotGroup[] = [];
  const questions = new Set(groups.map((g) => g.question));
  for (const question of questions) {
    const mine = groups.filter((g) => g.question === question);
    const room = mine.filter((g) => !g.stratum && g.source.includes('final state')).sort((a, b) => b.voters.length - a.voters.length)[0];
    if (!room) continue;
    // Batches: the smallest disjoint groups seen between two states, then whoever none holds as one more.
    const batches: BallotGroup[] = [];
    const taken = new Set<string>();
    for (const g of mine.filter((g) => !g.stratum && !g.source.includes('final state')).sort((a, b) => a.voters.length - b.voters.length)) {
      if (g.voters.length === 0 || g.voters.some((m) => taken.has(m))) continue;
      batches.push(g);
      for (const m of g.voters) taken.add(m);
    }
    const rest = room.voters.filter((m) => !taken.has(m));
    if (rest.length > 0) batches.push({ source: 'the rest of the room', question, voters: rest, counts: minusAll(room.counts, batches) });
    const attributes = new Set(mine.filter((g) => g.stratum && g.attribute !== undefined && g.source.includes('final state')).map((g) => g.attribute!));
    const partitions: BallotGroup[][] = [];
    for (const attribute of attributes) {
      // Each stratum once (the folder and a backup both show it), and only strata that partition the room.
      const strata = [...new Map(mine.filter((g) => g.stratum && g.attribute === attribute && g.source.includes('final state')).map((g) => [[...g.voters].sort().join(','), g])).values()];
      const covered = new Set(strata.flatMap((g) => g.voters));
      if (covered.size !== room.voters.length || strata.reduce((n, g) => n + g.voters.length, 0) !== covered.size || room.voters.some((m) => !covered.has(m))) continue;
      out.push(...bridgesOf(question, batches, strata));
      partitions.push(strata);
    }
    // One attribute's strata against another's, as if they were batches: « Nord » holding all of
    // QPV « oui » (or any chain of such) pins the cells on no cycle (shared/domain/partition-crossing.ts).
    for (const [i, a] of partitions.entries()) for (const b of partitions.slice(i + 1)) out.push(...bridgesOf(question, a, b));
  }
  return out;
}

function bridgesOf(question: string, batches: BallotGroup[], strata: BallotGroup[]): BallotGroup[] {
  const B = batches.length;
  const common = (b: number, s: number) => batches[b]!.voters.filter((m) => strata[s]!.voters.includes(m));
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: B + strata.length }, () => []);
  const edges: [number, number][] = [];
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < strata.length; s++) {
      if (common(b, s).length === 0) continue;
      adjacency[b]!.push({ to: B + s, edge: edges.length });
      adjacency[B + s]!.push({ to: b, edge: edges.length });
      edges.push([b, s]);
    }
  }
  const out: BallotGroup[] = [];
  for (const [edge, [b, s]] of edges.entries()) {
    // The stratum's side once the edge is cut: if it reaches the batch again, the edge is on a cycle.
    const side = new Set<number>([B + s]);
    const queue = [B + s];
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const next of adjacency[node]!) if (next.edge !== edge && !side.has(next.to)) (side.add(next.to), queue.push(next.to));
    }
    if (side.has(b)) continue;
    const nodes = [...side];
    const counts = minusAll(sumAll(nodes.filter((n) => n >= B).map((n) => strata[n - B]!.counts)), nodes.filter((n) => n < B).map((n) => batches[n]!));
    const voters = common(b, s);
    const derived: BallotGroup = { source: `bridge (${strata[s]!.source.split(',')[0]} × ${batches[b]!.source.split(',')[0]})`, question, voters, counts: Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)) };
    // Kept when it says more of its members than both groups it came from (as intersections
    // does): a part of a unanimous stratum is just as unanimous without telling anything more.
    if (voters.length > 0 && confidence(derived) > confidence(batches[b]!) && confidence(derived) > confidence(strata[s]!)) out.push(derived);
  }
  return out;
}

const confidence = (g: BallotGroup) => Math.max(0, ...Object.values(g.counts)) / Math.max(1, g.voters.length);

function sumAll(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of list) for (const [c, n] of Object.entries(counts)) out[c] = (out[c] ?? 0) + n;
  return out;
}

function minusAll(a: Record<string, number>, groups: BallotGroup[]): Record<string, number> {
  const out = { ...a };
  for (const g of groups) for (const [c, n] of Object.entries(g.counts)) out[c] = (out[c] ?? 0) - n;
  return out;
}
