import { CsvError, normalizeHeader, parseRecords, readTable, type ColumnSpec } from '../../csv/index.ts';
import { appError } from '../../errors.ts';
import { LIMITS } from '../../limits.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import { normalizeCode } from '../../domain/lookup.ts';
import { freshSeatCode, newMember } from './roster.ts';
import type { Convention } from '../../domain/types.ts';
import type { Member } from './types.ts';

// Roster import from a spreadsheet's CSV: a preview with per-row errors first, then the same
// reading commits the valid rows. Rows already in the roster are skipped, so importing the same
// file twice adds nobody twice.

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

export interface RosterPreview {
  fileError: null | { code: 'CSV_UNTERMINATED_QUOTE' | 'NAME_COLUMN_MISSING' | 'EMPTY_FILE' | 'TOO_MANY_ROWS'; line?: number };
  delimiter: string;
  /** Which file header feeds which field, as the facilitator should check it. */
  columns: { field: string; header: string }[];
  rows: PreviewRow[];
  importable: number;
  skipped: number;
}

type Field = 'name' | 'firstName' | 'lastName' | 'seatCode' | 'ageBracket' | 'gender' | 'territory';

const SPEC: readonly ColumnSpec<Field>[] = [
  { key: 'name', aliases: ['nom complet', 'nom et prénom', 'prénom et nom', 'full name', 'participant', 'membre'] },
  { key: 'firstName', aliases: ['prénom', 'first name', 'firstname', 'given name'] },
  { key: 'lastName', aliases: ['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name'] },
  { key: 'seatCode', aliases: ['code siège', 'code de siège', 'code', 'seat code', 'seat', 'code personnel'] },
  { key: 'ageBracket', aliases: ["tranche d'âge", 'âge', 'age', 'age bracket', 'classe d’âge', "classe d'âge"] },
  { key: 'gender', aliases: ['genre', 'sexe', 'gender', 'sex'] },
  { key: 'territory', aliases: ['territoire', 'commune', 'secteur', 'territory', 'ville', 'quartier'] },
];

const ATTRIBUTE_FIELDS = ['ageBracket', 'gender', 'territory'] as const;
const SEAT_CODE_PATTERN = /^[A-Z0-9]{3,16}$/;
const MAX_ROWS = LIMITS.membersPerImportMax;

const emptyPreview = (fileError: RosterPreview['fileError']): RosterPreview => ({ fileError, delimiter: ',', columns: [], rows: [], importable: 0, skipped: 0 });

export function previewRoster(conv: Convention, csv: string): RosterPreview {
  let headerCells: string[];
  try {
    headerCells = parseRecords(csv).records[0]?.cells ?? [];
  } catch (error) {
    if (error instanceof CsvError) return emptyPreview({ code: 'CSV_UNTERMINATED_QUOTE', line: error.line });
    throw error;
  }
  if (headerCells.length === 0) return emptyPreview({ code: 'EMPTY_FILE' });
  // Any column we do not know becomes a free attribute under its own header.
  const known = new Set(SPEC.flatMap((c) => [c.key, ...c.aliases].map(normalizeHeader)));
  const extra = headerCells.map((h) => h.trim()).filter((h) => h && !known.has(normalizeHeader(h)));
  const spec: ColumnSpec<string>[] = [...SPEC, ...extra.map((h) => ({ key: `attr:${h}`, aliases: [h] }))];
  const table = readTable(csv, spec);
  const has = (key: string) => table.columns.some((c) => c.key === key);
  if (!has('name') && !has('firstName') && !has('lastName')) return { ...emptyPreview({ code: 'NAME_COLUMN_MISSING' }), delimiter: table.delimiter };
  if (table.rows.length > MAX_ROWS) return { ...emptyPreview({ code: 'TOO_MANY_ROWS' }), delimiter: table.delimiter };

  const existingCodes = new Set(Object.values(conv.members).map((m) => m.seatCode));
  const existingNames = new Set(Object.values(conv.members).map((m) => nameKey(m.name)));
  const codesInFile = new Map<string, number>();
  const rows: PreviewRow[] = table.rows.map(({ line, values }) => {
    const name = (values.name || [values.firstName, values.lastName].filter(Boolean).join(' ')).replace(/\s+/g, ' ').trim();
    const seatCode = values.seatCode ? normalizeCode(values.seatCode) : null;
    const attributes: Record<string, string> = {};
    for (const field of ATTRIBUTE_FIELDS) if (values[field]) attributes[field] = values[field]!;
    for (const header of extra) if (values[`attr:${header}`]) attributes[header.slice(0, LIMITS.attributeKeyMax)] = values[`attr:${header}`]!;
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
  return {
    fileError: null,
    delimiter: table.delimiter,
    columns: table.columns.map((c) => ({ field: c.key.startsWith('attr:') ? c.key.slice(5) : c.key, header: c.header })),
    rows,
    importable,
    skipped: rows.length - importable,
  };
}

export function importRoster(conv: Convention, csv: string, ctx: DecideContext): Decision<{ added: number; skipped: number; }> {
  const preview = previewRoster(conv, csv);
  if (preview.fileError) return refuse(appError('INVALID_PAYLOAD', `roster file: ${preview.fileError.code}`, { fileError: preview.fileError }));
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
