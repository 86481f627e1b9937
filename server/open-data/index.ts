import type { Convention } from '../../shared/domain/types.ts';
import { includeAll, type Include } from './columns.ts';
import { DATASETS } from './datasets.ts';
import { renderDataset, type OpenDataFile } from './render.ts';

// The convention's open data (docs/formats.md, "Open data"): for each declared file, a CSV and a
// JSON. The facilitator's downloads include everything; the public static export passes whether
// each activity and proposal is published, so nothing unpublished reaches a public file.

export type { Include, OpenDataKind } from './columns.ts';
export type { OpenDataFile } from './render.ts';
export { includeAll } from './columns.ts';

/**
 * The files of everything, kept per state: a convention's state is replaced, never changed in
 * place, so the console's list and the downloads that follow it render the files once (all of
 * them for 280 proposals, 280 votes and a check and a grading of 60: about 0.1 to 0.2 s).
 */
const everything = new WeakMap<Convention, OpenDataFile[]>();

export function openDataFiles(conv: Convention, include: Include = includeAll): OpenDataFile[] {
  if (include !== includeAll) return DATASETS.flatMap((dataset) => renderDataset(conv, dataset, include));
  let files = everything.get(conv);
  if (!files) {
    files = DATASETS.flatMap((dataset) => renderDataset(conv, dataset, includeAll));
    everything.set(conv, files);
  }
  // A copy of the list: a caller sorting or filtering it in place leaves the kept one as it is.
  return [...files];
}

/** One file by its name (`votes.csv`), or null: the route's lookup. */
export function openDataFile(conv: Convention, name: string, include: Include = includeAll): OpenDataFile | null {
  const dataset = DATASETS.find((d) => name === `${d.name}.csv` || name === `${d.name}.json`);
  if (!dataset) return null;
  const files = include === includeAll ? openDataFiles(conv) : renderDataset(conv, dataset, include);
  return files.find((f) => f.name === name) ?? null;
}
