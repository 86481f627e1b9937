import type { Dataset } from './columns.ts';
import { DATASETS } from './datasets.ts';

// docs/formats.md's description of each open-data file, written from the same declaration as the
// files themselves; test/unit/open-data-doc.test.ts checks that the doc holds exactly this text
// between its markers. After changing a column: `npx tsx server/open-data/doc.ts` prints it.

export const DOC_BEGIN = '<!-- open-data columns: begin (written by server/open-data/doc.ts) -->';
export const DOC_END = '<!-- open-data columns: end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function datasetDoc(dataset: Dataset): string {
  const lines = [
    `### \`${dataset.name}.csv\`, \`${dataset.name}.json\`: ${dataset.title.en}`,
    '',
    `${dataset.about.en} *(${dataset.title.fr} : ${dataset.about.fr})*`,
    '',
    '| column | type | meaning | sens |',
    '|---|---|---|---|',
    ...dataset.columns.map((c) => `| \`${c.name}\` | ${c.type} | ${cell(c.en)} | ${cell(c.fr)} |`),
  ];
  return lines.join('\n');
}

/** The generated part of the "Open data" section, markers included. */
export function openDataDoc(datasets: readonly Dataset[] = DATASETS): string {
  return [DOC_BEGIN, '', ...datasets.flatMap((d) => [datasetDoc(d), '']), DOC_END].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(openDataDoc() + '\n');
