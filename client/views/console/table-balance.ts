import type { ConsoleMember } from '../../../shared/views/console-view.ts';

// Whenever a session has tables (after a random deal balanced on an attribute, after a reload):
// how many of each value of an attribute (gender, age bracket…) sit at each table, so the
// facilitator can check the balance at a glance ("Table 3 : 3 Femme, 2 Homme"). Values are listed in the same order for every table (French
// collation), with a zero where a table has none; a member without the attribute counts under
// `missing`.

export interface TableBalance {
  tableId: string;
  name: string;
  total: number;
  counts: { value: string; count: number }[];
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export function tableBalance(
  tables: readonly { id: string; name: string; memberIds: readonly string[] }[],
  members: readonly Pick<ConsoleMember, 'id' | 'attributes'>[],
  key: string,
  missing = '?',
): TableBalance[] {
  const byId = new Map(members.map((m) => [m.id, m]));
  const valueOf = (id: string) => {
    const value = byId.get(id)?.attributes[key]?.trim();
    return value ? value : missing;
  };
  const values = [...new Set(tables.flatMap((table) => table.memberIds.map(valueOf)))].sort((a, b) =>
    a === missing ? 1 : b === missing ? -1 : collator.compare(a, b),
  );
  return tables.map((table) => {
    const counts = new Map<string, number>(values.map((value) => [value, 0]));
    for (const id of table.memberIds) counts.set(valueOf(id), counts.get(valueOf(id))! + 1);
    return { tableId: table.id, name: table.name, total: table.memberIds.length, counts: values.map((value) => ({ value, count: counts.get(value)! })) };
  });
}

/** "3 Femme, 2 Homme": one table's counts as a line (values a table has none of are left out). */
export function balanceLine(balance: TableBalance): string {
  return balance.counts
    .filter((c) => c.count > 0)
    .map((c) => `${c.count} ${c.value}`)
    .join(', ');
}

/**
 * The count of tables to suggest: one per six people (present ones, else active ones), at least
 * one. Groups of about twenty pass `size` 20 and round to the nearest (105 people: 5 groups of 21,
 * not 6 of 17 or 18), where a table is never more than six.
 */
export function suggestedTableCount(present: number, active: number, max: number, size = 6, round: (n: number) => number = Math.ceil): number {
  const people = present > 0 ? present : active;
  return Math.min(max, Math.max(1, round(people / size)));
}
