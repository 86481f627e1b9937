import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { recountExport } from '../../server/cli/recount-export.ts';
import { documentedFields } from '../helpers/formats-doc.ts';

// docs/formats.md, "Whole export", documents the recount's report field by field: the fields the
// code writes are those it documents, no more, no fewer. (The export's own items are checked
// against their sections in test/integration/recount-export.test.ts, on a live export.)

const fixture = fileURLToPath(new URL('../fixtures/recount/whole-export.json', import.meta.url));
const exported = JSON.parse(readFileSync(fixture, 'utf8')) as any;
const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

describe('docs/formats.md, "Whole export"', () => {
  // One damaged vote, so that a result carries its `note` too.
  const damaged = { ...exported, votes: [{ ...exported.votes[0], electronicTally: 'x' }, ...exported.votes.slice(1)] };
  const report = recountExport(damaged);

  test('the kinds of result', () => {
    expect(sorted(documentedFields('## Whole export', 0))).toEqual(sorted(report.results.map((r) => r.kind)));
  });

  test('the report\u2019s fields', () => {
    expect(sorted(documentedFields('## Whole export', 1))).toEqual(sorted(Object.keys(report)));
  });

  test('each result\u2019s fields', () => {
    expect(sorted(documentedFields('## Whole export', 2))).toEqual(sorted(report.results.flatMap((r) => Object.keys(r))));
  });

  test('the example output is what the recount gives for the fixture with the tampered tally', () => {
    const tampered = JSON.parse(JSON.stringify(exported));
    tampered.votes[0].tally.for++;
    const recounted = recountExport(tampered);
    const doc = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Whole export'));
    const block = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    // The example cuts the other results with "…".
    const example = JSON.parse(block.replace(/,\s*…/g, ''));
    expect(example).toEqual({ ...recounted, results: [recounted.results[0]] });
  });
});
