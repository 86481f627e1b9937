import { randomInt } from 'node:crypto';

// The ballot box (issue 14). A secret ballot (an adoption vote's choice, a consensus answer, a
// grade) is not written when it arrives: beside its "has voted" event, a counter moving by one
// would tell an analyst of the data folder (the write-ahead log keeps every commit's pages) who
// chose what. It waits here, in memory, with the other ballots of its activity; ballots leave in
// batches, and each batch is written as one commit with no order in it (server/engine/engine.ts,
// release). The rule, with k = the convention's small-group minimum (shared/domain/small-groups.ts):
//
//   - the box always keeps at least k ballots of each counter it holds, and releases the oldest
//     ones (n - k of a counter holding n >= 2k), so every batch moves each counter it touches by
//     k ballots or more;
//   - when the activity stops counting (its close), everything left goes, in the close's commit:
//     at least k ballots again, or all the ballots the counter ever had (an electorate under k,
//     whose result is published anyway).
//
// Counters, not activities, are what an analyst diffs: a grading's counters are per proposal and
// one member may grade some proposals now and the others later, a batch-mode check's answers go
// to one counter per proposal. So the rule holds per counter; an entry (one command) leaves only
// when it may leave for every counter it touches (`releasable`). For a vote (one counter) it is
// exactly "n >= 2k: release the oldest n - k".
//
// Nothing here is durable: an entry is acknowledged only once its batch is committed, so a crash
// loses only unacknowledged ballots, which the phone's outbox sends again with the same cid
// (client/lib/outbox.ts) and which are then decided afresh.

/** What the rule needs to know about an entry: the disk counters its ballots move (each once). */
export interface BoxEntry {
  counters: readonly string[];
}

/**
 * Which entries may leave now, oldest first in, per the rule above: indices into `entries`
 * (in arrival order). Empty when none may.
 */
export function releasable(entries: readonly BoxEntry[], k: number): number[] {
  const min = Math.max(1, k);
  // Per counter, the entries holding it, oldest first.
  const byCounter = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    for (const counter of new Set(entry.counters)) {
      let list = byCounter.get(counter);
      if (!list) byCounter.set(counter, (list = []));
      list.push(index);
    }
  });
  // Each counter offers its oldest n - k entries once it holds 2k; an entry leaves only if every
  // counter it touches offers it (so every counter keeps >= k).
  const offered = new Map<string, Set<number>>();
  for (const [counter, list] of byCounter) offered.set(counter, new Set(list.length >= 2 * min ? list.slice(0, list.length - min) : []));
  const chosen = new Set<number>();
  entries.forEach((entry, index) => {
    if (entry.counters.length > 0 && entry.counters.every((c) => offered.get(c)!.has(index))) chosen.add(index);
  });
  // A counter that would move by fewer than k (some of its offered entries held back by another
  // counter) keeps all of its entries; repeat until every counter touched moves by k or more.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [counter, list] of byCounter) {
      const leaving = list.filter((i) => chosen.has(i));
      if (leaving.length > 0 && leaving.length < min) {
        for (const i of leaving) chosen.delete(i);
        changed = true;
      }
    }
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The boxes of every open secret activity, by activity key (`vote:<id>`, `grading:<id>`, `check:<id>`). */
export class BallotBoxes<E extends BoxEntry & { conventionId: string }> {
  private readonly boxes = new Map<string, E[]>();

  add(activity: string, entry: E): void {
    const box = this.boxes.get(activity);
    if (box) box.push(entry);
    else this.boxes.set(activity, [entry]);
  }

  /** Takes out the entries the rule lets go now (none: empty). */
  takeReleasable(activity: string, k: number): E[] {
    const box = this.boxes.get(activity);
    if (!box) return [];
    const leaving = new Set(releasable(box, k));
    if (leaving.size === 0) return [];
    const staying = box.filter((_, i) => !leaving.has(i));
    if (staying.length > 0) this.boxes.set(activity, staying);
    else this.boxes.delete(activity);
    return box.filter((_, i) => leaving.has(i));
  }

  /** Takes out everything the activity holds (its close). */
  takeAll(activity: string): E[] {
    const box = this.boxes.get(activity) ?? [];
    this.boxes.delete(activity);
    return box;
  }

  has(activity: string): boolean {
    return this.boxes.has(activity);
  }

  /** Every entry waiting for this convention (its participation, a restore). */
  pendingOf(conventionId: string): E[] {
    const out: E[] = [];
    for (const box of this.boxes.values()) for (const entry of box) if (entry.conventionId === conventionId) out.push(entry);
    return out;
  }

  /** Takes out everything this convention holds, every activity (a restore, a shutdown). */
  takeConvention(conventionId: string | null): E[] {
    const out: E[] = [];
    for (const [activity, box] of this.boxes) {
      const mine = box.filter((e) => conventionId === null || e.conventionId === conventionId);
      if (mine.length === 0) continue;
      out.push(...mine);
      const rest = box.filter((e) => !mine.includes(e));
      if (rest.length > 0) this.boxes.set(activity, rest);
      else this.boxes.delete(activity);
    }
    return out;
  }

  get size(): number {
    let n = 0;
    for (const box of this.boxes.values()) n += box.length;
    return n;
  }
}

/** A uniformly shuffled copy (Fisher–Yates on the system's CSPRNG): a batch keeps no arrival order. */
export function shuffled<T>(list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
