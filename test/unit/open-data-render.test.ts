import { describe, expect, it } from 'vitest';
import type { Convention } from '../../shared/domain/types.ts';
import { dataset } from '../../server/open-data/columns.ts';
import { renderDataset } from '../../server/open-data/render.ts';

// How one declared file is written: the CSV as a French spreadsheet reads it, the JSON with its
// columns, both from the same rows (docs/formats.md, "Open data").

const sample = dataset({
  name: 'sample',
  title: { fr: 'Exemple', en: 'Sample' },
  about: { fr: 'Une ligne par exemple.', en: 'One row per sample.' },
  columns: [
    { name: 'label', type: 'string', fr: 'Libellé', en: 'Label' },
    { name: 'count', type: 'integer', fr: 'Nombre', en: 'Count' },
    { name: 'share', type: 'decimal', fr: 'Part', en: 'Share' },
    { name: 'secret', type: 'boolean', fr: 'Secret', en: 'Secret' },
    { name: 'levels', type: 'string list', fr: 'Niveaux', en: 'Levels' },
    { name: 'counts', type: 'integer list', fr: 'Nombres', en: 'Counts' },
    { name: 'closed_at', type: 'datetime', fr: 'Clôture', en: 'Closed' },
  ],
  rows: () => [
    { label: 'Tarifs ; « solidaires »\net "progressifs"', count: 12, share: 0.6667, secret: true, levels: ['D’accord', 'Pas d’accord'], counts: [3, 0], closed_at: '2022-10-08T14:02:00.000Z' },
    { label: '-20 % de voitures', count: 0, share: null, secret: false, levels: [], counts: [], closed_at: null },
  ],
});

const conv = { name: 'Convention ; test' } as Convention;

describe('open data: one file written twice', () => {
  const [csv, json] = renderDataset(conv, sample, () => true);

  it('CSV: BOM, header of the declared names, semicolons, CRLF, decimal comma, lists, quoting and the formula guard', () => {
    expect(csv).toMatchObject({ name: 'sample.csv', mediaType: 'text/csv; charset=utf-8', rows: 2 });
    expect(csv!.body).toBe(
      '\uFEFF' +
        'label;count;share;secret;levels;counts;closed_at\r\n' +
        '"Tarifs ; « solidaires »\net ""progressifs""";12;"0,6667";true;D’accord | Pas d’accord;3 | 0;2022-10-08T14:02:00.000Z\r\n' +
        '\'-20 % de voitures;0;;false;;;\r\n',
    );
  });

  it('JSON: the file, its columns with both meanings, the rows with their own types', () => {
    expect(json).toMatchObject({ name: 'sample.json', mediaType: 'application/json; charset=utf-8', rows: 2 });
    const doc = JSON.parse(json!.body);
    expect(doc).toMatchObject({ format: 'convergence-open-data', version: 1, file: 'sample', convention: 'Convention ; test', title: { fr: 'Exemple', en: 'Sample' } });
    expect(doc.columns).toEqual(sample.columns);
    expect(doc.rows[0]).toEqual({ label: 'Tarifs ; « solidaires »\net "progressifs"', count: 12, share: 0.6667, secret: true, levels: ['D’accord', 'Pas d’accord'], counts: [3, 0], closed_at: '2022-10-08T14:02:00.000Z' });
    expect(doc.rows[1]).toMatchObject({ label: '-20 % de voitures', share: null, levels: [] });
  });

  it('a key a row has but the declaration does not never reaches the JSON', () => {
    const leaky = dataset({ ...sample, rows: () => [{ ...sample.rows(conv, () => true)[0]!, name: 'Camille Martin' } as never] });
    const [, leakyJson] = renderDataset(conv, leaky, () => true);
    expect(leakyJson!.body).not.toContain('Camille');
  });
});
