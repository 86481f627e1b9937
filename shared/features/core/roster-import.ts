import { CsvError, normalizeHeader, parseRecords } from '../../csv/index.ts';
import { appError } from '../../errors.ts';
import { LIMITS } from '../../limits.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import { normalizeCode } from '../../domain/lookup.ts';
import { freshSeatCode, newMember } from './roster.ts';
import type { Convention } from '../../domain/types.ts';
import type { Member } from './types.ts';
import { ATTRIBUTE_CHOICE, ROSTER_FIELDS, type ColumnChoice, type Field } from './roster-fields.ts';
import { ATTRIBUTE_FIELDS, sensitiveKind, type SensitiveKind } from './sensitive-data.ts';

export { ROSTER_FIELDS, type ColumnChoice, type Field, type SensitiveKind };

// Roster import from a spreadsheet's CSV: a preview with what becomes of each column and per-row
// errors first, then the same reading commits the valid rows. Each column is recognised, declared
// by the facilitator or dropped; none is kept silently, and identifiers the app never needs
// (e-mail, phone, address, social-security number…) can only be dropped (docs/privacy.md). Rows
// already in the roster are skipped, so importing the same file twice adds nobody twice.

export type RowProblem =
  | 'NAME_MISSING'
  | 'NAME_TOO_LONG'
  | 'SEAT_CODE_INVALID'
  | 'SEAT_CODE_DUPLICATE'
  | 'SEAT_CODE_TAKEN'
  | 'ATTRIBUTE_TOO_LONG'
  | 'ALREADY_IN_ROSTER'
  | 'SEAT_CODE_WEAK';

/** Problems that keep a row out; the others are warnings. */
const BLOCKING: ReadonlySet<RowProblem> = new Set(['NAME_MISSING', 'NAME_TOO_LONG', 'SEAT_CODE_INVALID', 'SEAT_CODE_DUPLICATE', 'SEAT_CODE_TAKEN', 'ATTRIBUTE_TOO_LONG', 'ALREADY_IN_ROSTER']);

export interface PreviewRow {
  line: number;
  name: string;
  /** null: a code will be generated on import. */
  seatCode: string | null;
  attributes: Record<string, string>;
  problems: RowProblem[];
  importable: boolean;
}

/**
 * What becomes of one column of the file (docs/privacy.md, "The data, field by field"):
 * `recognised` by its header, `declared` by the facilitator (a field chosen in the preview),
 * `dropped` by the facilitator ("do not import"); `undeclared` and `sensitive` keep the import
 * refused until the facilitator chooses. A sensitive column (an e-mail, a phone number, a
 * social-security number…, by its header or its values) may only be dropped: the app needs none.
 */
export type ColumnStatus = 'recognised' | 'declared' | 'dropped' | 'undeclared' | 'sensitive';

/** Identifiers no function of the app needs; `special`: the categories of GDPR article 9. */

export interface PreviewColumn {
  header: string;
  /** The field it feeds, null when dropped, undeclared, sensitive or a custom attribute. */
  field: Field | null;
  /**
   * The organiser's declared attribute it feeds (strata.declare), when its header names one
   * (normalizeHeader: without case, accents or extra spaces); absent otherwise.
   */
  custom?: string;
  status: ColumnStatus;
  /** Why it may only be dropped, when it holds an identifier the app never needs. */
  sensitive?: SensitiveKind;
}

export interface RosterPreview {
  fileError: null | { code: 'CSV_UNTERMINATED_QUOTE' | 'NAME_COLUMN_MISSING' | 'EMPTY_FILE' | 'TOO_MANY_ROWS'; line?: number };
  /**
   * Columns the facilitator must still choose for: the import is refused with this code and
   * these headers (sensitive columns first) until each is declared as a field or dropped.
   */
  blocked: null | { code: 'ROSTER_COLUMN_SENSITIVE' | 'ROSTER_COLUMNS_UNDECLARED'; headers: string[] };
  delimiter: string;
  /** Every column of the file, in file order, with what becomes of it. */
  columns: PreviewColumn[];
  rows: PreviewRow[];
  importable: number;
  skipped: number;
}

export type ColumnDeclaration = Readonly<Record<string, ColumnChoice>>;

const ALIASES: Record<Field, readonly string[]> = {
  name: ['nom complet', 'nom et prénom', 'prénom et nom', 'full name', 'participant', 'membre'],
  firstName: ['prénom', 'first name', 'firstname', 'given name'],
  lastName: ['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name'],
  seatCode: ['code siège', 'code de siège', 'code', 'seat code', 'seat', 'code personnel'],
  ageBracket: ["tranche d'âge", 'tranche âge', 'âge', 'age', 'age bracket', 'age range', 'classe d’âge', "classe d'âge", 'classe âge'],
  gender: ['genre', 'sexe', 'gender', 'sex'],
  territory: ['territoire', 'commune', 'secteur', 'territory', 'ville', 'quartier'],
  occupation: ['catégorie socioprofessionnelle', 'csp', 'pcs', 'catégorie professionnelle', 'profession', 'occupation', 'occupation group'],
  education: ['diplôme', 'niveau de diplôme', "niveau d'études", 'niveau d’études', 'éducation', 'education', 'education level', 'degree'],
};

const byHeader = new Map<string, Field>(ROSTER_FIELDS.flatMap((field) => [field, ...ALIASES[field]].map((alias) => [normalizeHeader(alias), field] as const)));

/** The roster field a column of this header feeds by itself (its name or an alias), if any: a custom attribute may not take it (strata.declare). */
export function fieldOfHeader(header: string): Field | undefined {
  return byHeader.get(normalizeHeader(header));
}
const SEAT_CODE_PATTERN = /^[A-Z0-9]{3,16}$/;
const MAX_ROWS = LIMITS.membersPerImportMax;

const emptyPreview = (fileError: RosterPreview['fileError'], delimiter = ','): RosterPreview => ({ fileError, blocked: null, delimiter, columns: [], rows: [], importable: 0, skipped: 0 });

/** What becomes of each column: the file's header, the facilitator's declaration, its values. */
function classify(headers: readonly string[], body: readonly { cells: string[] }[], declared: ColumnDeclaration, custom: readonly string[]): PreviewColumn[] {
  const taken = new Set<string>();
  const customByHeader = new Map(custom.map((name) => [normalizeHeader(name), name] as const));
  return headers.map((header, index) => {
    const sensitive = header ? sensitiveKind(header, body.map((r) => r.cells[index] ?? '')) : undefined;
    const choice = Object.hasOwn(declared, header) ? declared[header] : undefined;
    if (choice === 'drop' || (!header && body.every((r) => !r.cells[index]?.trim()))) return { header, field: null, status: 'dropped', ...(sensitive ? { sensitive } : {}) };
    if (sensitive) return { header, field: null, status: 'sensitive', sensitive };
    const recognised = byHeader.get(normalizeHeader(header));
    // A custom attribute: declared for this column ('attribute:<name>'), or named by its header.
    const chosen = choice?.startsWith(ATTRIBUTE_CHOICE) ? choice.slice(ATTRIBUTE_CHOICE.length) : undefined;
    const named = choice === undefined && !recognised ? customByHeader.get(normalizeHeader(header)) : undefined;
    const attribute = chosen ?? named;
    if (attribute !== undefined) {
      // Kept under its declared name, one column for it like a field; one not declared (any more) is no choice.
      if (!custom.includes(attribute) || taken.has(attribute)) return { header, field: null, status: 'undeclared' };
      taken.add(attribute);
      return { header, field: null, custom: attribute, status: chosen !== undefined && chosen !== customByHeader.get(normalizeHeader(header)) ? 'declared' : 'recognised' };
    }
    const field = (choice as Field | undefined) ?? recognised;
    // One column per field: a second one for the same field must be declared another or dropped.
    if (!field || taken.has(field)) return { header, field: null, status: 'undeclared' };
    taken.add(field);
    return { header, field, status: choice !== undefined && choice !== recognised ? 'declared' : 'recognised' };
  });
}

export function previewRoster(conv: Convention, csv: string, declared: ColumnDeclaration = {}): RosterPreview {
  let parsed: ReturnType<typeof parseRecords>;
  try {
    parsed = parseRecords(csv);
  } catch (error) {
    if (error instanceof CsvError) return emptyPreview({ code: 'CSV_UNTERMINATED_QUOTE', line: error.line });
    throw error;
  }
  const [head, ...records] = parsed.records;
  const headers = (head?.cells ?? []).map((h) => h.trim());
  if (headers.length === 0) return emptyPreview({ code: 'EMPTY_FILE' });
  // Excel exports formatted-but-empty rows as `;;;;`: not data.
  const body = records.filter((record) => record.cells.some((c) => c !== ''));
  const columns = classify(headers, body, declared, conv.strata?.custom ?? []);
  const fieldIndex = new Map(columns.flatMap((c, index) => (c.field ? [[c.field, index] as const] : [])));
  const customIndex = columns.flatMap((c, index) => (c.custom !== undefined ? [[c.custom, index] as const] : []));
  if (!fieldIndex.has('name') && !fieldIndex.has('firstName') && !fieldIndex.has('lastName')) return { ...emptyPreview({ code: 'NAME_COLUMN_MISSING' }, parsed.delimiter), columns };
  if (body.length > MAX_ROWS) return emptyPreview({ code: 'TOO_MANY_ROWS' }, parsed.delimiter);
  const sensitive = columns.filter((c) => c.status === 'sensitive').map((c) => c.header);
  const undeclared = columns.filter((c) => c.status === 'undeclared').map((c) => c.header);
  const blocked: RosterPreview['blocked'] = sensitive.length > 0 ? { code: 'ROSTER_COLUMN_SENSITIVE', headers: sensitive } : undeclared.length > 0 ? { code: 'ROSTER_COLUMNS_UNDECLARED', headers: undeclared } : null;

  const existingCodes = new Set(Object.values(conv.members).map((m) => m.seatCode));
  const existingNames = new Set(Object.values(conv.members).map((m) => nameKey(m.name)));
  const codesInFile = new Map<string, number>();
  const rows: PreviewRow[] = body.map(({ line, cells }) => {
    const value = (field: Field) => {
      const index = fieldIndex.get(field);
      return index === undefined ? '' : (cells[index] ?? '');
    };
    const name = (value('name') || [value('firstName'), value('lastName')].filter(Boolean).join(' ')).replace(/\s+/g, ' ').trim();
    const seatCode = value('seatCode') ? normalizeCode(value('seatCode')) : null;
    const attributes: Record<string, string> = {};
    for (const field of ATTRIBUTE_FIELDS) if (value(field)) attributes[field] = value(field);
    for (const [attribute, index] of customIndex) if (cells[index]) attributes[attribute] = cells[index];
    const problems: RowProblem[] = [];
    if (!name) problems.push('NAME_MISSING');
    else if (name.length > LIMITS.nameMax) problems.push('NAME_TOO_LONG');
    if (Object.values(attributes).some((v) => v.length > LIMITS.attributeValueMax)) problems.push('ATTRIBUTE_TOO_LONG');
    if (seatCode !== null) {
      if (!SEAT_CODE_PATTERN.test(seatCode)) problems.push('SEAT_CODE_INVALID');
      else if (existingCodes.has(seatCode)) problems.push(existingNames.has(nameKey(name)) ? 'ALREADY_IN_ROSTER' : 'SEAT_CODE_TAKEN');
      else if (codesInFile.has(seatCode)) problems.push('SEAT_CODE_DUPLICATE');
      else if (seatCode.length < 6) problems.push('SEAT_CODE_WEAK');
      codesInFile.set(seatCode, line);
    } else if (name && existingNames.has(nameKey(name))) {
      problems.push('ALREADY_IN_ROSTER');
    }
    return { line, name, seatCode, attributes, problems, importable: !problems.some((p) => BLOCKING.has(p)) };
  });
  const importable = rows.filter((r) => r.importable).length;
  return { fileError: null, blocked, delimiter: parsed.delimiter, columns, rows, importable, skipped: rows.length - importable };
}

/**
 * Imports the rows the preview finds importable, once every column is recognised, declared or
 * dropped: nothing of the file is kept that its columns did not say what it is for.
 */
export function importRoster(conv: Convention, csv: string, ctx: DecideContext, declared: ColumnDeclaration = {}): Decision<{ added: number; skipped: number; }> {
  const preview = previewRoster(conv, csv, declared);
  if (preview.fileError) return refuse(appError('INVALID_PAYLOAD', `roster file: ${preview.fileError.code}`, { fileError: preview.fileError }));
  if (preview.blocked) return refuse(appError(preview.blocked.code, `roster file: declare or drop the columns ${preview.blocked.headers.join(', ').slice(0, 200)}`, { headers: preview.blocked.headers }));
  const taken = new Set<string>();
  for (const row of preview.rows) if (row.importable && row.seatCode) taken.add(row.seatCode);
  const members: Member[] = [];
  for (const row of preview.rows.filter((r) => r.importable)) {
    const seatCode = row.seatCode ?? freshSeatCode(conv, ctx, taken);
    taken.add(seatCode);
    members.push(newMember(conv, ctx, { name: row.name, attributes: row.attributes, seatCode }));
  }
  const summary = { added: members.length, skipped: preview.skipped };
  return accept(members.length > 0 ? [{ type: 'MembersAdded', members }] : [], summary);
}

/** Names compare without case, accents or extra spaces: "Zoé  Lefèvre" is "zoe lefevre". */
function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
