import { readFileSync } from 'node:fs';

// Field names as docs/formats.md documents them, to check them against what the code writes:
// the n-th table under a heading (up to the next heading of the same or a higher level), its
// first column's backticked names (`a`, `b`, several per row allowed).

const doc = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');

export function documentedFields(heading: string, n = 0): string[] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l === heading);
  if (start < 0) throw new Error(`docs/formats.md has no heading ${JSON.stringify(heading)}`);
  const level = /^#+/.exec(heading)![0].length;
  const tables: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines.slice(start + 1)) {
    const h = /^(#+) /.exec(line);
    if (h && h[1]!.length <= level) break;
    if (line.startsWith('|')) {
      if (!current) tables.push((current = []));
      current.push(line);
    } else current = null;
  }
  const table = tables[n];
  if (!table) throw new Error(`docs/formats.md: no table ${n} under ${JSON.stringify(heading)}`);
  // Row 0 is the header, row 1 the separator.
  return table.slice(2).flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}
