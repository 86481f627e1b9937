import type { Convention } from '../../shared/domain/types.ts';
import type { PublishKind } from '../../shared/features/publishing/types.ts';

// The open data's one declaration per file: its columns (name, type, meaning in French and
// English) and the function that gives its rows. The CSV header, the JSON's `columns` and
// docs/formats.md's "Open data" section are all read from it (doc.ts; test/unit/open-data-doc.test.ts
// checks the doc), so a column cannot be added, renamed or retyped in one place only.

/** What `include` is asked about: an activity (by its kind), a proposal or a session's attendance: what can be published. */
export type OpenDataKind = PublishKind;

/**
 * Whether an activity or a proposal goes into the files: the public static export passes "is it
 * published", the facilitator's downloads `includeAll`.
 */
export type Include = (kind: OpenDataKind, id: string) => boolean;

export const includeAll: Include = () => true;

/**
 * A column's type. Lists are JSON arrays; in the CSV their items are joined by " | ". Decimal
 * numbers are JSON numbers; in the CSV they are written with a decimal comma (0,6), which is how
 * a French spreadsheet reads a number in a semicolon-separated file.
 */
export type ColumnType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'string list' | 'integer list';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly fr: string;
  readonly en: string;
}

export type Cell = string | number | boolean | null | readonly string[] | readonly number[];

/** A row has exactly its file's declared column names as keys (checked by TypeScript). */
export type RowOf<C extends readonly Column[]> = { [K in C[number]['name']]: Cell };

export interface Dataset<C extends readonly Column[] = readonly Column[]> {
  /** The file's name without extension: `votes` gives votes.csv and votes.json. */
  readonly name: string;
  readonly title: { readonly fr: string; readonly en: string };
  /** One row is…, and which activities it covers. */
  readonly about: { readonly fr: string; readonly en: string };
  readonly columns: C;
  rows(conv: Convention, include: Include): RowOf<C>[];
}

/** Declares a file; `as const` columns keep their names as literal types for RowOf. */
export function dataset<const C extends readonly Column[]>(declaration: Dataset<C>): Dataset<C> {
  return declaration;
}
