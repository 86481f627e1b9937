import type { Convention } from '../../shared/domain/types.ts';
import { isShown } from '../../shared/features/publishing/publishable.ts';
import { publicResults, type PublicResults } from '../../shared/features/publishing/views.ts';
import { DATASETS } from '../open-data/datasets.ts';
import { openDataFile, openDataFiles, type Include } from '../open-data/index.ts';
import type { ZipEntry } from './zip.ts';

// The public side of the open data (server/open-data/): the same files as the facilitator's
// downloads, with only what is published in them (`include` answers "is it published and still
// publishable", shared/features/publishing/publishable.ts), plus resultats.json, the published
// results as the page shows them. The public page links them, the static export holds them.

export const RESULTS_FILE = 'resultats.json';

/** "Is it published": what the public files may include. */
export const publishedOnly = (conv: Convention): Include => (kind, id) => isShown(conv, { kind, id });

/** resultats.json: the published results (PublicResults) with a header. */
export function resultsJson(conv: Convention, at = Date.now(), results: PublicResults = publicResults(conv)): string {
  return `${JSON.stringify({ format: 'convergence-public-results', version: 1, exportedAt: new Date(at).toISOString(), ...results }, null, 2)}\n`;
}

/** Every public data file: resultats.json, then each open-data CSV and JSON. `results`: publicResults(conv), when the caller has it. */
export function publicDataFiles(conv: Convention, at = Date.now(), results?: PublicResults): ZipEntry[] {
  return [{ path: RESULTS_FILE, data: resultsJson(conv, at, results) }, ...openDataFiles(conv, publishedOnly(conv)).map((f) => ({ path: f.name, data: f.body }))];
}

/** The names of the public data files, in the order of publicDataFiles (the page's links), without rendering them. */
export function publicDataNames(): string[] {
  return [RESULTS_FILE, ...DATASETS.flatMap((d) => [`${d.name}.csv`, `${d.name}.json`])];
}

/** One public data file by name, or null. */
export function publicDataFile(conv: Convention, name: string): { data: string; mediaType: string } | null {
  if (name === RESULTS_FILE) return { data: resultsJson(conv), mediaType: 'application/json; charset=utf-8' };
  const file = openDataFile(conv, name, publishedOnly(conv));
  return file ? { data: file.body, mediaType: file.mediaType } : null;
}
