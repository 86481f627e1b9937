import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataset } from '../../server/open-data/columns.ts';
import { DATASETS } from '../../server/open-data/datasets.ts';
import { DOC_BEGIN, DOC_END, openDataDoc } from '../../server/open-data/doc.ts';

// docs/formats.md describes each open-data file from the same declaration the files are written
// from: a column added, renamed or retyped in server/open-data/ without the doc fails here.

const doc = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');

function documentedPart(text: string): string {
  const begin = text.indexOf(DOC_BEGIN);
  const end = text.indexOf(DOC_END);
  expect(begin, 'docs/formats.md has the open-data markers').toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(begin);
  return text.slice(begin, end + DOC_END.length);
}

describe('open data: docs/formats.md and the declarations', () => {
  it('the "Open data" section holds exactly what the declarations describe (npx tsx server/open-data/doc.ts prints it)', () => {
    expect(doc).toMatch(/^## Open data$/m);
    expect(documentedPart(doc)).toBe(openDataDoc());
  });

  it('every declared column is in the doc with its type and both meanings', () => {
    const part = documentedPart(doc);
    for (const d of DATASETS) {
      expect(part).toContain(`### \`${d.name}.csv\`, \`${d.name}.json\``);
      for (const c of d.columns) expect(part).toContain(`| \`${c.name}\` | ${c.type} |`);
    }
  });

  it('would catch a drift: a column renamed in a declaration no longer matches the doc', () => {
    const [first, ...rest] = DATASETS;
    const renamed = dataset({ ...first!, columns: first!.columns.map((c, i) => (i === 0 ? { ...c, name: `${c.name}_renamed` } : c)) });
    expect(openDataDoc([renamed, ...rest])).not.toBe(documentedPart(doc));
  });

  it('column names are unique within a file and in snake_case, file names unique', () => {
    expect(new Set(DATASETS.map((d) => d.name)).size).toBe(DATASETS.length);
    for (const d of DATASETS) {
      const names = d.columns.map((c) => c.name);
      expect(new Set(names).size, d.name).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      for (const c of d.columns) expect(c.fr.length * c.en.length, `${d.name}.${c.name}`).toBeGreaterThan(0);
    }
  });
});
