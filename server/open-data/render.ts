import { toCsv, type CsvCell } from '../../shared/csv/index.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { Cell, Column, Dataset, Include } from './columns.ts';

// A declared file written out twice: as CSV the way French spreadsheets open it (semicolons,
// a UTF-8 byte-order mark, CRLF, decimal commas), and as JSON with its columns described.

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
/** Items of a list column, in one CSV cell. */
export const LIST_SEPARATOR = ' | ';

/**
 * One cell for the spreadsheet. Decimals get a comma (0,6): with semicolons as separators, that is
 * the number a French spreadsheet reads (our decimals are never negative, so the writer's guard
 * against formulas, which quotes text starting with "-", never touches one).
 */
function csvCell(column: Column, value: Cell): CsvCell {
  if (value === null) return null;
  if (Array.isArray(value)) return value.join(LIST_SEPARATOR);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && column.type === 'decimal') return String(value).replace('.', ',');
  return value as string | number;
}

export function datasetCsv(dataset: Dataset, rows: readonly Record<string, Cell>[]): string {
  const header = dataset.columns.map((c) => c.name);
  const body = rows.map((row) => dataset.columns.map((c) => csvCell(c, row[c.name] ?? null)));
  return toCsv([header, ...body], { delimiter: ';', bom: true });
}

export function datasetJson(conv: Convention, dataset: Dataset, rows: readonly Record<string, Cell>[]): string {
  const document = {
    format: 'convergence-open-data',
    version: 1,
    file: dataset.name,
    convention: conv.name,
    title: dataset.title,
    columns: dataset.columns,
    rows,
  };
  return JSON.stringify(document, null, 2) + '\n';
}

export interface OpenDataFile {
  /** `votes.csv`: a file name, and the last segment of its route. */
  name: string;
  mediaType: string;
  body: string;
  /** Data rows (the CSV's header left out). */
  rows: number;
}

export function renderDataset(conv: Convention, dataset: Dataset, include: Include): OpenDataFile[] {
  // Each row holds its declared columns only, in their order: the JSON cannot carry a key the
  // documentation does not describe.
  const rows = dataset.rows(conv, include).map((row: Record<string, Cell>) => Object.fromEntries(dataset.columns.map((c) => [c.name, row[c.name] ?? null])) as Record<string, Cell>);
  return [
    { name: `${dataset.name}.csv`, mediaType: CSV_TYPE, body: datasetCsv(dataset, rows), rows: rows.length },
    { name: `${dataset.name}.json`, mediaType: JSON_TYPE, body: datasetJson(conv, dataset, rows), rows: rows.length },
  ];
}
