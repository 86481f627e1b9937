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

export function openDataFiles(conv: Convention, include: Include = includeAll): OpenDataFile[] {
  return DATASETS.flatMap((dataset) => renderDataset(conv, dataset, include));
}

/** One file by its name (`votes.csv`), or null: the route's lookup, without rendering the others. */
export function openDataFile(conv: Convention, name: string, include: Include = includeAll): OpenDataFile | null {
  const dataset = DATASETS.find((d) => name === `${d.name}.csv` || name === `${d.name}.json`);
  return dataset ? (renderDataset(conv, dataset, include).find((f) => f.name === name) ?? null) : null;
}
