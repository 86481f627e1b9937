import { CsvError, normalizeHeader, parseRecords, readTable, type ColumnSpec } from '../../csv/index.ts';
import { SPEED_LIMITS } from './commands.ts';
import { themeKey } from './plan.ts';
import type { SpeedActor } from './types.ts';
import type { Lever } from '../core/types.ts';

// Actors of a speed meeting from a pasted list or a CSV file (a spreadsheet's columns copied as
// they are): a preview with each row's problems first, then the valid rows are sent as
// `speed.actorsAdd`. Runs in the browser (the console previews as the facilitator pastes).
// With a header row, columns are found by name (French or English); without one, the columns
// are read in the order organisation, name, theme, table.

export type ActorRowProblem =
  | 'ORGANISATION_MISSING'
  | 'TOO_LONG'
  | 'ALREADY_LISTED'
  | 'DUPLICATE_IN_FILE'
  /** Warnings: the row is imported all the same. */
  | 'TABLE_TAKEN'
  | 'THEME_MISSING';

const BLOCKING: ReadonlySet<ActorRowProblem> = new Set(['ORGANISATION_MISSING', 'TOO_LONG', 'ALREADY_LISTED', 'DUPLICATE_IN_FILE']);

export interface ActorRow {
  line: number;
  name: string;
  organisation: string;
  theme: string;
  table: string;
  /** The lever whose title the theme matches (its spelling is then the lever's), or null. */
  leverId: string | null;
  problems: ActorRowProblem[];
  importable: boolean;
}

export interface ActorPreview {
  fileError: null | { code: 'CSV_UNTERMINATED_QUOTE' | 'EMPTY_FILE' | 'TOO_MANY_ROWS'; line?: number };
  /** False: no header row was recognised; columns were read by position. */
  header: boolean;
  columns: { field: Field; header: string }[];
  rows: ActorRow[];
  importable: number;
  skipped: number;
}

type Field = 'organisation' | 'name' | 'theme' | 'table';

const SPEC: readonly ColumnSpec<Field>[] = [
  { key: 'organisation', aliases: ['organisation', 'organization', 'structure', 'acteur', 'acteurice', 'acteur·ice', 'association', 'entreprise', 'organisme', 'actor', 'company'] },
  { key: 'name', aliases: ['nom', 'intervenant', 'intervenante', 'intervenant·e', 'contact', 'représentant', 'représentante', 'personne', 'name', 'speaker', 'host'] },
  { key: 'theme', aliases: ['thème', 'thématique', 'levier', 'sujet', 'domaine', 'theme', 'topic', 'lever'] },
  { key: 'table', aliases: ['table', 'n° table', 'numéro de table', 'no table', 'emplacement', 'table number', 'table label'] },
];
const BY_POSITION: readonly Field[] = ['organisation', 'name', 'theme', 'table'];

const empty = (fileError: ActorPreview['fileError']): ActorPreview => ({ fileError, header: true, columns: [], rows: [], importable: 0, skipped: 0 });

/** An actor's identity for "already listed": organisation and host, case and accents aside. */
const actorKey = (organisation: string, name: string) => `${themeKey(organisation)}|${themeKey(name)}`;

export function previewActors(text: string, existing: readonly SpeedActor[], levers: readonly Lever[]): ActorPreview {
  let records: { line: number; cells: string[] }[];
  try {
    records = parseRecords(text).records;
  } catch (error) {
    if (error instanceof CsvError) return empty({ code: 'CSV_UNTERMINATED_QUOTE', line: error.line });
    throw error;
  }
  if (records.length === 0) return empty({ code: 'EMPTY_FILE' });
  const known = new Set(SPEC.flatMap((c) => [c.key, ...c.aliases].map(normalizeHeader)));
  const header = records[0]!.cells.some((cell) => known.has(normalizeHeader(cell)));

  let raw: { line: number; values: Record<Field, string> }[];
  let columns: ActorPreview['columns'];
  if (header) {
    const table = readTable(text, SPEC);
    raw = table.rows;
    columns = table.columns.map((c) => ({ field: c.key, header: c.header }));
  } else {
    raw = records.filter((r) => r.cells.some((c) => c.trim() !== '')).map((r) => ({ line: r.line, values: Object.fromEntries(BY_POSITION.map((f, i) => [f, r.cells[i] ?? ''])) as Record<Field, string> }));
    columns = BY_POSITION.map((field, i) => ({ field, header: `#${i + 1}` }));
  }
  if (existing.length + raw.length > SPEED_LIMITS.actorsMax * 2) return { ...empty({ code: 'TOO_MANY_ROWS' }), header };

  const leverByKey = new Map(levers.map((l) => [themeKey(l.title), l]));
  const listed = new Set(existing.map((a) => actorKey(a.organisation, a.name)));
  const tables = new Set(existing.map((a) => themeKey(a.table)).filter(Boolean));
  const inFile = new Set<string>();
  const rows: ActorRow[] = raw.map(({ line, values }) => {
    const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
    const organisation = clean(values.organisation);
    const name = clean(values.name);
    const table = clean(values.table);
    let theme = clean(values.theme);
    const lever = theme ? (leverByKey.get(themeKey(theme)) ?? null) : null;
    if (lever) theme = lever.title;
    const problems: ActorRowProblem[] = [];
    if (!organisation) problems.push('ORGANISATION_MISSING');
    if (organisation.length > SPEED_LIMITS.organisationMax || name.length > SPEED_LIMITS.nameMax || theme.length > SPEED_LIMITS.themeMax || table.length > SPEED_LIMITS.tableMax) problems.push('TOO_LONG');
    const key = actorKey(organisation, name);
    if (organisation && listed.has(key)) problems.push('ALREADY_LISTED');
    else if (organisation && inFile.has(key)) problems.push('DUPLICATE_IN_FILE');
    inFile.add(key);
    if (table && tables.has(themeKey(table))) problems.push('TABLE_TAKEN');
    if (table) tables.add(themeKey(table));
    if (!theme) problems.push('THEME_MISSING');
    return { line, name, organisation, theme, table, leverId: lever?.id ?? null, problems, importable: !problems.some((p) => BLOCKING.has(p)) };
  });
  const importable = rows.filter((r) => r.importable).length;
  return { fileError: null, header, columns, rows, importable, skipped: rows.length - importable };
}

/** The rows to send, in batches a socket message holds. */
export function actorBatches(preview: ActorPreview): { name: string; organisation: string; theme: string; table: string }[][] {
  const actors = preview.rows.filter((r) => r.importable).map(({ name, organisation, theme, table }) => ({ name, organisation, theme, table }));
  const batches: (typeof actors)[] = [];
  for (let i = 0; i < actors.length; i += SPEED_LIMITS.actorsPerCommand) batches.push(actors.slice(i, i + SPEED_LIMITS.actorsPerCommand));
  return batches;
}
