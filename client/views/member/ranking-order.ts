// Pure helpers of the phone's lever lists: moving one lever, and telling which levers moved
// between two orders (to say it aloud), without computing any result: results are the server's.

/** The order with the lever at `from` put at `to` (the others keep their relative order). */
export function moveItem<T>(order: readonly T[], from: number, to: number): T[] {
  const next = [...order];
  const [item] = next.splice(from, 1);
  if (item === undefined) return next;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

export const sameOrder = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean =>
  !!a && !!b && a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * The levers that moved from `before` to `after`, fewest first: those outside a longest run of
 * levers that kept their relative order. One move gives one lever; when two neighbours swapped,
 * either reading is true, and `prefer` (the lever this phone moved, if any) is chosen.
 */
export function movedItems(before: readonly string[], after: readonly string[], prefer: string | null = null): string[] {
  const position = new Map(before.map((id, i) => [id, i]));
  const seq = after.filter((id) => position.has(id));
  // Longest increasing subsequence of the old positions, in the new order (n is small: O(n²)).
  const n = seq.length;
  const length = new Array<number>(n).fill(1);
  const previous = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (position.get(seq[j]!)! < position.get(seq[i]!)! && length[j]! + 1 > length[i]!) {
        length[i] = length[j]! + 1;
        previous[i] = j;
      }
    }
  }
  let end = -1;
  for (let i = 0; i < n; i++) if (end < 0 || length[i]! > length[end]!) end = i;
  const kept = new Set<string>();
  for (let i = end; i >= 0; i = previous[i]!) kept.add(seq[i]!);
  const moved = seq.filter((id) => !kept.has(id));
  if (moved.length === 1 && prefer && prefer !== moved[0] && position.has(prefer)) {
    // An adjacent swap reads either way: say the lever this phone asked to move.
    const was = position.get(prefer)!;
    const now = after.indexOf(prefer);
    if (was !== now && Math.abs(was - now) === 1 && after[was] === moved[0]) return [prefer];
  }
  return moved;
}

/**
 * Each lever's place in the room's order, given as groups of tied levers best first (the
 * server's Schulze groups): tied levers share the place of the first of them.
 */
export function groupPlaces(groups: readonly (readonly string[])[]): { leverId: string; place: number; tied: boolean }[] {
  let place = 1;
  return groups.flatMap((group) => {
    const rows = group.map((leverId) => ({ leverId, place, tied: group.length > 1 }));
    place += group.length;
    return rows;
  });
}
