// Random seating: who sits at which table. Pure, so it is tested on its own and the result goes
// into the event (replay never re-draws).

export interface SeatingInput {
  memberIds: readonly string[];
  tableIds: readonly string[];
  random: () => number;
  /** The value of the roster attribute to balance on, e.g. the age bracket; '' when unknown. */
  groupOf?: (memberId: string) => string;
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Deals members round-robin over the tables (in a random table order), so table sizes differ by
 * at most one. With `groupOf`, members are dealt group after group (largest first), so each group
 * is spread as evenly as the sizes allow: a stratified draw.
 */
export function assignAtRandom({ memberIds, tableIds, random, groupOf }: SeatingInput): Record<string, string[]> {
  const plan: Record<string, string[]> = Object.fromEntries(tableIds.map((id) => [id, []]));
  if (tableIds.length === 0) return plan;
  let order: string[];
  if (groupOf) {
    const groups = new Map<string, string[]>();
    for (const id of memberIds) {
      const key = groupOf(id);
      groups.set(key, [...(groups.get(key) ?? []), id]);
    }
    const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    order = sorted.flatMap(([, ids]) => shuffle(ids, random));
  } else {
    order = shuffle(memberIds, random);
  }
  const tables = shuffle(tableIds, random);
  order.forEach((memberId, i) => plan[tables[i % tables.length]!]!.push(memberId));
  return plan;
}
