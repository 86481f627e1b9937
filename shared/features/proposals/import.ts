import { CsvError, normalizeHeader, readTable, type ColumnSpec } from '../../csv/index.ts';
import { appError } from '../../errors.ts';
import { LIMITS } from '../../limits.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import { newProposal } from './new-proposal.ts';
import type { Args, ProposalResults } from './commands.ts';
import type { Convention } from '../../domain/types.ts';
import type { Proposal, ProposalChannel } from './types.ts';
import type { Session } from '../core/types.ts';

// Proposals received elsewhere (mail, paper forms, another platform), imported from a
// spreadsheet's CSV or from JSON. As for the roster: a preview first, with each row's problems,
// then the same reading commits the valid rows. Each row gets an import key (a hash of its
// normalised title, text and lever), so importing the same file twice adds nothing.

export type ProposalRowProblem =
  | 'ROW_INVALID'
  | 'TITLE_MISSING'
  | 'TITLE_TOO_SHORT'
  | 'TITLE_TOO_LONG'
  | 'TEXT_MISSING'
  | 'TEXT_TOO_LONG'
  | 'LEVER_MISSING'
  | 'LEVER_UNKNOWN'
  | 'REFERENCE_TOO_LONG'
  | 'DUPLICATE_IN_FILE'
  | 'ALREADY_IMPORTED'
  | 'MERGED_IN_FILE'
  | 'AUTHOR_UNKNOWN'
  | 'TABLE_UNKNOWN'
  | 'ORIGIN_UNKNOWN'
  | 'DATE_INVALID';

/** Problems that keep a row out as an error. */
export const BLOCKING_PROBLEMS: ReadonlySet<ProposalRowProblem> = new Set([
  'ROW_INVALID',
  'TITLE_MISSING',
  'TITLE_TOO_SHORT',
  'TITLE_TOO_LONG',
  'TEXT_MISSING',
  'TEXT_TOO_LONG',
  'LEVER_MISSING',
  'LEVER_UNKNOWN',
  'REFERENCE_TOO_LONG',
  'DUPLICATE_IN_FILE',
]);
/** Problems that skip a row without it being wrong: it is already there. */
export const SKIP_PROBLEMS: ReadonlySet<ProposalRowProblem> = new Set(['ALREADY_IMPORTED', 'MERGED_IN_FILE']);
// The others (AUTHOR_UNKNOWN, TABLE_UNKNOWN, ORIGIN_UNKNOWN, DATE_INVALID) are warnings: the row is imported.

export type ImportFormat = ProposalFile['format'];

export type ProposalFile = Args<'proposal.import'>['file'];

/** CSV rows say mail, paper, platform or nothing (import); an app export may also say phone. */
export type ImportChannel = ProposalChannel;

export interface ProposalPreviewRow {
  /** CSV: the line the record starts on (the header is line 1). JSON: the item's position, from 1. */
  line: number;
  /** import: will be added; skip: already there; error: a blocking problem. */
  outcome: 'import' | 'skip' | 'error';
  importable: boolean;
  problems: ProposalRowProblem[];
  title: string;
  text: string;
  /** The lever as written in the file, and what it matched. */
  leverInput: string;
  leverId: string | null;
  leverTitle: string | null;
  channel: ImportChannel;
  reference: string;
  /** YYYY-MM-DD, or null: the import's date is used. */
  receivedAt: string | null;
  authors: { name: string; memberId: string | null }[];
  tableId: string | null;
  tableName: string | null;
  importKey: string;
  /** DUPLICATE_IN_FILE: the earlier row with the same title, text and lever. */
  duplicateOfLine?: number;
  /** ALREADY_IMPORTED: the number of the proposal already holding this row. */
  existingNumber?: number;
}

export type ProposalFileError =
  | { code: 'CSV_UNTERMINATED_QUOTE'; line: number }
  | { code: 'EMPTY_FILE' }
  | { code: 'TITLE_COLUMN_MISSING' }
  | { code: 'TEXT_COLUMN_MISSING' }
  | { code: 'LEVER_COLUMN_MISSING' }
  | { code: 'TOO_MANY_ROWS'; limit: number }
  | { code: 'JSON_INVALID'; message: string }
  | { code: 'JSON_NOT_A_LIST' };

export interface ProposalPreview {
  format: ImportFormat;
  fileError: ProposalFileError | null;
  /** CSV only. */
  delimiter: string | null;
  /** Which file header feeds which field (CSV), for the facilitator to check. */
  columns: { field: ProposalField; header: string }[];
  /** CSV headers nobody reads. */
  unknownHeaders: string[];
  rows: ProposalPreviewRow[];
  /** Rows that an import adds. */
  importable: number;
  /** Rows already imported (or merged in the exported file): skipped, not errors. */
  alreadyImported: number;
  /** Rows with a blocking problem. */
  invalid: number;
  /** Importable rows with a warning. */
  warnings: number;
}

export type ProposalField = 'title' | 'text' | 'lever' | 'authors' | 'table' | 'origin' | 'reference' | 'date';

const SPEC: readonly ColumnSpec<ProposalField>[] = [
  { key: 'title', aliases: ['titre', 'title', 'intitulé', 'titre de la proposition', 'proposition (titre)', 'objet'] },
  { key: 'text', aliases: ['texte', 'proposition', 'description', 'text', 'contenu', 'détail', 'texte de la proposition', 'body'] },
  { key: 'lever', aliases: ['levier', 'thème', 'thématique', 'lever', 'theme', 'axe', 'n° levier', 'numéro de levier'] },
  { key: 'authors', aliases: ['auteur', 'auteurs', 'auteur(s)', 'auteur·rice(s)', 'auteurrices', 'author', 'authors', 'déposée par', 'déposé par', 'proposé par'] },
  { key: 'table', aliases: ['table', 'tablée', "table d'origine"] },
  { key: 'origin', aliases: ['origine', 'canal', 'source', 'channel', 'origin', 'provenance', 'reçu par'] },
  { key: 'reference', aliases: ['référence', 'ref', 'réf', 'réf.', 'reference', 'numéro', 'n°', 'no', 'id', 'identifiant'] },
  { key: 'date', aliases: ['date', 'date de réception', 'reçu le', 'reçue le', 'date de dépôt', 'received', 'received at', 'receivedat', 'date reçue'] },
];

/** Rows a single import may hold. */
export const PROPOSALS_PER_IMPORT_MAX = 2000;

type Values = Record<ProposalField, string>;
interface RawRow {
  line: number;
  values: Values;
  /** From an app export: the proposal was merged into another one there. */
  merged?: boolean;
  /** From an app export: the channel is taken as is (it may be 'phone'). */
  channel?: ImportChannel;
  invalid?: boolean;
}

// ---------------------------------------------------------------------------
// Reading the file

function emptyValues(): Values {
  return { title: '', text: '', lever: '', authors: '', table: '', origin: '', reference: '', date: '' };
}

const emptyPreview = (format: ImportFormat, fileError: ProposalFileError, delimiter: string | null = null): ProposalPreview => ({
  format,
  fileError,
  delimiter,
  columns: [],
  unknownHeaders: [],
  rows: [],
  importable: 0,
  alreadyImported: 0,
  invalid: 0,
  warnings: 0,
});

interface ReadFile {
  rows: RawRow[];
  delimiter: string | null;
  columns: ProposalPreview['columns'];
  unknownHeaders: string[];
}

function readCsv(text: string): ReadFile | ProposalFileError {
  let table;
  try {
    table = readTable(text, SPEC);
  } catch (error) {
    if (error instanceof CsvError) return { code: 'CSV_UNTERMINATED_QUOTE', line: error.line };
    throw error;
  }
  if (table.columns.length === 0 && table.unknownHeaders.length === 0) return { code: 'EMPTY_FILE' };
  const has = (key: ProposalField) => table.columns.some((c) => c.key === key);
  if (!has('title')) return { code: 'TITLE_COLUMN_MISSING' };
  if (!has('text')) return { code: 'TEXT_COLUMN_MISSING' };
  if (!has('lever')) return { code: 'LEVER_COLUMN_MISSING' };
  return {
    rows: table.rows.map((r) => ({ line: r.line, values: r.values })),
    delimiter: table.delimiter,
    columns: table.columns.map((c) => ({ field: c.key, header: c.header })),
    unknownHeaders: table.unknownHeaders,
  };
}

const FIELD_BY_KEY = (() => {
  const map = new Map<string, ProposalField>();
  for (const col of SPEC) for (const name of [col.key, ...col.aliases]) if (!map.has(normalizeHeader(name))) map.set(normalizeHeader(name), col.key);
  return map;
})();

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function names(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? scalar((v as { name?: unknown }).name) : scalar(v))).filter(Boolean).join(', ');
  return scalar(value);
}

/**
 * One JSON item: an object with the CSV's fields under any accepted header (`titre`, `title`...),
 * or a proposal of the app's own export (`lever: { id, title }`, `authors: [{ name }]`,
 * `origins: [{ channel, reference, receivedAt }]`, `table: { name }`, `number`).
 */
function jsonRow(item: unknown, index: number, conv: Convention): RawRow {
  const line = index + 1;
  const values = emptyValues();
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { line, values, invalid: true };
  const row: RawRow = { line, values };
  for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
    const field = FIELD_BY_KEY.get(normalizeHeader(key));
    if (field === 'authors') values.authors = names(value);
    else if (field === 'lever' && typeof value === 'object' && value !== null) {
      const lever = value as { id?: unknown; title?: unknown };
      const byId = typeof lever.id === 'string' ? conv.levers.find((l) => l.id === lever.id) : undefined;
      values.lever = byId?.title ?? scalar(lever.title);
    } else if (field === 'table' && typeof value === 'object' && value !== null) values.table = scalar((value as { name?: unknown }).name);
    else if (field) values[field] = scalar(value);
  }
  // The app's export: the first origin says where the proposal came from; its number (P-001) is
  // the reference only when the origin has none.
  const exported = item as { origins?: unknown; number?: unknown; status?: unknown; mergedInto?: unknown };
  const origin = Array.isArray(exported.origins) ? (exported.origins[0] as { channel?: unknown; reference?: unknown; receivedAt?: unknown } | undefined) : undefined;
  if (origin && typeof origin === 'object') {
    const channel = scalar(origin.channel);
    if ((['mail', 'paper', 'platform', 'import', 'phone'] as const).includes(channel as ImportChannel)) row.channel = channel as ImportChannel;
    const number = typeof exported.number === 'number' ? `P-${String(exported.number).padStart(3, '0')}` : '';
    values.reference = scalar(origin.reference) || number || values.reference;
    if (typeof origin.receivedAt === 'number') values.date = new Date(origin.receivedAt).toISOString().slice(0, 10);
    else if (typeof origin.receivedAt === 'string') values.date = origin.receivedAt;
  }
  if (exported.status === 'merged' || (typeof exported.mergedInto === 'string' && exported.mergedInto) || (typeof exported.mergedInto === 'object' && exported.mergedInto !== null)) row.merged = true;
  return row;
}

function readJson(text: string, conv: Convention): ReadFile | ProposalFileError {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return { code: 'JSON_INVALID', message: error instanceof Error ? error.message.slice(0, 200) : 'not JSON' };
  }
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null && Array.isArray((data as { proposals?: unknown }).proposals) ? (data as { proposals: unknown[] }).proposals : null;
  if (!list) return { code: 'JSON_NOT_A_LIST' };
  return { rows: list.map((item, i) => jsonRow(item, i, conv)), delimiter: null, columns: [], unknownHeaders: [] };
}

// ---------------------------------------------------------------------------
// Matching values

/** Case, accents, ligatures, punctuation and spaces folded: "Mobilité des personnes" ~ "MOBILITE DES PERSONNES". */
const fold = normalizeHeader;

/**
 * A lever by its title (folded), by its number in the convention's order ("3", "Levier 3",
 * "L3"), by number and title ("3 - Mobilité des personnes": the title wins when it matches), or by
 * a part of its title found in exactly one lever ("Mobilité", at least 4 letters).
 */
export function matchLever(conv: Convention, raw: string): string | null {
  return leverMatcher(conv)(raw);
}

/** matchLever with the levers' folded titles computed once, for a whole file. */
export function leverMatcher(conv: Convention): (raw: string) => string | null {
  const titles = conv.levers.map((l) => ({ id: l.id, folded: fold(l.title) }));
  const byTitle = (s: string) => {
    const folded = fold(s);
    return folded ? (titles.find((l) => l.folded === folded)?.id ?? null) : null;
  };
  const byNumber = (n: string) => conv.levers[Number(n) - 1]?.id ?? null;
  return (raw) => {
    const value = raw.trim();
    if (!value) return null;
    const exact = byTitle(value);
    if (exact) return exact;
    const numbered = /^(?:levier|lever|l)?\s*n?°?\s*(\d{1,2})\s*(?:[-–—.:)/]\s*(.*))?$/iu.exec(value);
    if (numbered) return (numbered[2] ? byTitle(numbered[2]) : null) ?? byNumber(numbered[1]!);
    const folded = fold(value);
    if (folded.length >= 4) {
      const candidates = titles.filter((l) => l.folded.includes(folded));
      if (candidates.length === 1) return candidates[0]!.id;
    }
    return null;
  };
}

/** Channels as written on sheets: "Courrier", "courriel", "Formulaire papier", "Plateforme en ligne"... */
export function matchChannel(raw: string): ImportChannel | null {
  const v = fold(raw);
  if (!v || v === 'import') return 'import';
  if (/plateforme|platform|site|web|enligne|internet|numerique|decidim/.test(v)) return 'platform';
  if (/courrier|courriel|lettre|mail|poste|postal|letter/.test(v)) return 'mail';
  if (/papier|paper|formulaire|urne|cahier|fiche|manuscrit/.test(v)) return 'paper';
  return null;
}

/** YYYY-MM-DD from "2022-06-14", "14/06/2022", "14/06/22", "14.06.2022", "14-06-2022" (a time after it is ignored). */
export function parseDate(raw: string): string | null | 'invalid' {
  const value = raw.trim();
  if (!value) return null;
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$/.exec(value);
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s.*)?$/.exec(value);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (fr) [d, m, y] = [Number(fr[1]), Number(fr[2]), fr[3]!.length === 2 ? 2000 + Number(fr[3]) : Number(fr[3])];
  else return 'invalid';
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid';
  return date.toISOString().slice(0, 10);
}

function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}
/** "Durand François" finds "François Durand": people write names in both orders. */
const nameSetKey = (name: string) => nameKey(name).split(/[\s-]+/).sort().join(' ');

function memberMatcher(conv: Convention): (name: string) => string | null {
  const exact = new Map<string, string>();
  const swapped = new Map<string, string>();
  for (const id of conv.memberOrder) {
    const m = conv.members[id]!;
    if (!exact.has(nameKey(m.name))) exact.set(nameKey(m.name), id);
    if (!swapped.has(nameSetKey(m.name))) swapped.set(nameSetKey(m.name), id);
  }
  return (name) => exact.get(nameKey(name)) ?? swapped.get(nameSetKey(name)) ?? null;
}

/** Authors' names: separated by commas, semicolons, slashes, "&", "+", " et " or line breaks. */
export function splitAuthors(raw: string): string[] {
  return raw
    .split(/\s*(?:[,;/&+\n]|\s+et\s+)\s*/u)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Tables by name in the live session, else in the latest session that has one of that name. */
function tableMatcher(conv: Convention): (name: string) => { id: string; name: string } | null {
  const sessions: Session[] = conv.sessionOrder.map((id) => conv.sessions[id]!);
  const live = conv.liveSessionId ? conv.sessions[conv.liveSessionId] : undefined;
  const ordered = [...(live ? [live] : []), ...sessions.reverse()];
  return (name) => {
    // "Table 3", "TABLE 3" and "3" all find the table named "Table 3" (or "3").
    const wanted = new Set([fold(name), fold(`table ${name}`)]);
    for (const s of ordered) {
      const table = s.tables.find((t) => wanted.has(fold(t.name)));
      if (table) return { id: table.id, name: table.name };
    }
    return null;
  };
}

// ---------------------------------------------------------------------------
// Import keys

/**
 * FNV-1a, 64 bits, over the UTF-16 code units of a string (each unit XORed in whole; for ASCII
 * this is the standard byte-wise FNV-1a). Pure arithmetic on two 32-bit halves: no Node crypto in
 * shared/. Not a cryptographic hash: it only recognises rows already imported.
 */
export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    // (hi·2³² + lo) · (2⁴⁰ + 0x1b3) mod 2⁶⁴
    const loProduct = lo * 0x1b3;
    const carry = Math.floor(loProduct / 0x100000000);
    const nextHi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loProduct >>> 0;
    hi = nextHi;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Title and text compared without case, accents, apostrophe style or spacing. */
function keyText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’‘`´]/g, "'").replace(/\s+/g, ' ').trim();
}

export function importKey(title: string, text: string, leverId: string): string {
  return fnv1a64(`${keyText(title)}\u241f${keyText(text)}\u241f${leverId}`);
}

/** Keys of what the convention already holds: import keys and every version of every proposal. */
function existingKeys(conv: Convention): Map<string, number> {
  const keys = new Map<string, number>();
  for (const id of conv.proposalOrder) {
    const p: Proposal = conv.proposals[id]!;
    if (p.importKey) keys.set(p.importKey, p.number);
    for (const v of p.versions) {
      const key = importKey(v.title, v.text, v.leverId);
      if (!keys.has(key)) keys.set(key, p.number);
    }
  }
  return keys;
}

// ---------------------------------------------------------------------------
// Preview and import

export function previewProposals(conv: Convention, file: ProposalFile): ProposalPreview {
  const read = file.format === 'csv' ? readCsv(file.text) : readJson(file.text, conv);
  if ('code' in read) return emptyPreview(file.format, read);
  const delimiter = read.delimiter;
  if (read.rows.length > PROPOSALS_PER_IMPORT_MAX) return emptyPreview(file.format, { code: 'TOO_MANY_ROWS', limit: PROPOSALS_PER_IMPORT_MAX }, delimiter);

  const member = memberMatcher(conv);
  const table = tableMatcher(conv);
  const matchLeverIn = leverMatcher(conv);
  const existing = existingKeys(conv);
  const inFile = new Map<string, number>();
  const leverTitle = new Map(conv.levers.map((l) => [l.id, l.title]));
  const rowLabel = file.format === 'csv' ? 'ligne' : 'élément';

  const rows = read.rows.map((raw): ProposalPreviewRow => {
    const v = raw.values;
    const problems: ProposalRowProblem[] = [];
    if (raw.invalid) problems.push('ROW_INVALID');
    const title = v.title.replace(/\s+/g, ' ').trim();
    const text = v.text.replace(/\r\n?/g, '\n').trim();
    if (!raw.invalid) {
      if (!title) problems.push('TITLE_MISSING');
      else if (title.length < LIMITS.proposalTitleMin) problems.push('TITLE_TOO_SHORT');
      else if (title.length > LIMITS.proposalTitleMax) problems.push('TITLE_TOO_LONG');
      if (!text) problems.push('TEXT_MISSING');
      else if (text.length > LIMITS.proposalTextMax) problems.push('TEXT_TOO_LONG');
    }
    const leverInput = v.lever.trim();
    const leverId = matchLeverIn(leverInput);
    if (!raw.invalid && !leverInput) problems.push('LEVER_MISSING');
    else if (!raw.invalid && !leverId) problems.push('LEVER_UNKNOWN');
    const reference = v.reference.replace(/\s+/g, ' ').trim() || `${rowLabel} ${raw.line}`;
    if (reference.length > LIMITS.referenceMax) problems.push('REFERENCE_TOO_LONG');

    const authors = splitAuthors(v.authors).map((name) => ({ name, memberId: member(name) }));
    if (authors.some((a) => a.memberId === null)) problems.push('AUTHOR_UNKNOWN');
    const tableInput = v.table.trim();
    const tableFound = tableInput ? table(tableInput) : null;
    if (tableInput && !tableFound) problems.push('TABLE_UNKNOWN');
    let channel = raw.channel ?? matchChannel(v.origin);
    if (channel === null) {
      problems.push('ORIGIN_UNKNOWN');
      channel = 'import';
    }
    const date = parseDate(v.date);
    if (date === 'invalid') problems.push('DATE_INVALID');

    const key = importKey(title, text, leverId ?? `?${fold(leverInput)}`);
    const row: ProposalPreviewRow = {
      line: raw.line,
      outcome: 'import',
      importable: false,
      problems,
      title,
      text,
      leverInput,
      leverId,
      leverTitle: leverId ? (leverTitle.get(leverId) ?? null) : null,
      channel,
      reference,
      receivedAt: date === 'invalid' ? null : date,
      authors,
      tableId: tableFound?.id ?? null,
      tableName: tableFound?.name ?? null,
      importKey: key,
    };
    const blocked = problems.some((p) => BLOCKING_PROBLEMS.has(p));
    if (!blocked) {
      const earlier = inFile.get(key);
      const already = existing.get(key);
      if (raw.merged) problems.push('MERGED_IN_FILE');
      else if (already !== undefined) {
        problems.push('ALREADY_IMPORTED');
        row.existingNumber = already;
      } else if (earlier !== undefined) {
        problems.push('DUPLICATE_IN_FILE');
        row.duplicateOfLine = earlier;
      } else inFile.set(key, raw.line);
    }
    row.outcome = problems.some((p) => BLOCKING_PROBLEMS.has(p)) ? 'error' : problems.some((p) => SKIP_PROBLEMS.has(p)) ? 'skip' : 'import';
    row.importable = row.outcome === 'import';
    return row;
  });

  const count = (outcome: ProposalPreviewRow['outcome']) => rows.filter((r) => r.outcome === outcome).length;
  return {
    format: file.format,
    fileError: null,
    delimiter,
    columns: read.columns,
    unknownHeaders: read.unknownHeaders,
    rows,
    importable: count('import'),
    alreadyImported: count('skip'),
    invalid: count('error'),
    warnings: rows.filter((r) => r.outcome === 'import' && r.problems.length > 0).length,
  };
}

export type ImportSummary = ProposalResults['proposal.import'];

/**
 * Adds the importable rows as submitted proposals, in one ProposalsAdded event: origin channel from
 * the row (default 'import'), reference from the row (default "ligne N"), authors matched in the roster.
 */
export function importProposals(conv: Convention, file: ProposalFile, ctx: DecideContext): Decision<ImportSummary> {
  const preview = previewProposals(conv, file);
  if (preview.fileError) return refuse(appError('INVALID_PAYLOAD', `proposals file: ${preview.fileError.code}`, { fileError: preview.fileError }));
  const now = ctx.now();
  const proposals: Proposal[] = [];
  for (const row of preview.rows) {
    if (!row.importable || !row.leverId) continue;
    const receivedAt = row.receivedAt ? Date.parse(`${row.receivedAt}T12:00:00Z`) : now;
    proposals.push(
      newProposal(
        conv,
        ctx,
        {
          title: row.title,
          text: row.text,
          leverId: row.leverId,
          status: 'submitted',
          authorIds: [...new Set(row.authors.flatMap((a) => (a.memberId ? [a.memberId] : [])))],
          tableId: row.tableId,
          origin: { channel: row.channel, reference: row.reference, receivedAt },
          by: { kind: 'import' },
          importKey: row.importKey,
        },
        proposals.length,
      ),
    );
  }
  const summary: ImportSummary = {
    added: proposals.length,
    skipped: preview.alreadyImported + preview.invalid,
    alreadyImported: preview.alreadyImported,
    invalid: preview.invalid,
    numbers: proposals.length ? { first: proposals[0]!.number, last: proposals.at(-1)!.number } : null,
  };
  return accept(proposals.length ? [{ type: 'ProposalsAdded', proposals }] : [], summary);
}
