// CSV reading for spreadsheet exports made by hand (French Excel, LibreOffice,
// Google Sheets). Pure TS: this module runs in both the server and the browser.

export type Delimiter = ',' | ';' | '\t';

export interface ParseOptions {
  /** Skips auto-detection. */
  delimiter?: Delimiter;
}

export type CsvErrorCode = 'UNTERMINATED_QUOTE';

export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly code: CsvErrorCode,
    /** 1-based physical line where the faulty record starts. */
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  line: number;
  cells: string[];
}

// On a tie, semicolon wins: French Excel writes it, and a comma-delimited
// header rarely also contains the same number of semicolons.
const CANDIDATES: readonly Delimiter[] = [';', '\t', ','];
const BOM = '\uFEFF';

export function parseCsv(text: string, options: ParseOptions = {}): { delimiter: Delimiter; rows: string[][] } {
  const { delimiter, records } = parseRecords(text, options);
  return { delimiter, rows: records.map((r) => r.cells) };
}

/** Like parseCsv, but keeps each record's starting line for error reporting. */
export function parseRecords(text: string, options: ParseOptions = {}): { delimiter: Delimiter; records: CsvRecord[] } {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const delimiter = options.delimiter ?? detectDelimiter(body);
  return { delimiter, records: tokenize(body, delimiter) };
}

/**
 * Counts candidate delimiters outside quotes in the first non-blank record.
 * A quote opens a field only at a field start, where any candidate may have
 * ended the previous field: this agrees with the real tokenizer on well-formed
 * files whatever their delimiter, without trial-parsing each candidate.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, '\t': 0, ',': 0 };
  let inQuotes = false;
  let atFieldStart = true;
  let sawContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
    } else if (c === '\n' || c === '\r') {
      if (sawContent) break;
    } else if (c === ';' || c === '\t' || c === ',') {
      counts[c]++;
      atFieldStart = sawContent = true;
    } else if (c === '"' && atFieldStart) {
      inQuotes = sawContent = true;
    } else if (c !== ' ') {
      atFieldStart = false;
      sawContent = true;
    }
  }
  let best: Delimiter = ',';
  let max = 0;
  for (const d of CANDIDATES) {
    if (counts[d] > max) {
      best = d;
      max = counts[d];
    }
  }
  return best;
}

function tokenize(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  const isLineBreak = (c: string | undefined) => c === '\n' || c === '\r';
  // CRLF and lone CR (old Mac exports) both count as a single break.
  const skipLineBreak = () => {
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
  };

  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let sawQuote = false;

    for (;;) {
      // Tolerate spaces before an opening quote (`a; "b"`), as Excel does.
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t') && text[j] !== delimiter) j++;

      let value: string;
      if (text[j] === '"') {
        sawQuote = true;
        const openLine = line;
        i = j + 1;
        value = '';
        let segment = i;
        for (;;) {
          if (i >= n) {
            throw new CsvError('UNTERMINATED_QUOTE', openLine, `Unterminated quoted field starting on line ${openLine}`);
          }
          const c = text[i];
          if (c === '"') {
            value += text.slice(segment, i);
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              segment = i;
              continue;
            }
            i++;
            break;
          }
          if (isLineBreak(c)) {
            value += text.slice(segment, i) + '\n';
            skipLineBreak();
            segment = i;
            continue;
          }
          i++;
        }
        // Stray text after the closing quote (`"abc"def`) is kept, like Excel does.
        let k = i;
        while (k < n && text[k] !== delimiter && !isLineBreak(text[k])) k++;
        value += text.slice(i, k).trimEnd();
        i = k;
      } else {
        let k = i;
        while (k < n && text[k] !== delimiter && !isLineBreak(text[k])) k++;
        value = text.slice(i, k).trim();
        i = k;
      }
      cells.push(value);

      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      if (i < n) skipLineBreak();
      break;
    }

    const blank = cells.length === 1 && cells[0] === '' && !sawQuote;
    if (!blank) records.push({ line: start, cells });
  }
  return records;
}

// ---------------------------------------------------------------------------
// Header-based import

export interface ColumnSpec<K extends string = string> {
  key: K;
  /** Header spellings to accept; the key itself is always accepted too. */
  aliases: readonly string[];
  required?: boolean;
}

export interface TableColumn<K extends string = string> {
  key: K;
  /** The header as written in the file (trimmed). */
  header: string;
  /** 0-based cell index. */
  index: number;
}

export interface TableRow<K extends string = string> {
  line: number;
  /** Every spec key is present; '' when the cell or the column is absent. */
  values: Record<K, string>;
  /** Required keys whose value is '' on this row. */
  emptyRequired: K[];
}

export interface Table<K extends string = string> {
  delimiter: Delimiter;
  /** Matched columns, in spec order. */
  columns: TableColumn<K>[];
  /** Required keys with no matching header. */
  missingColumns: K[];
  unknownHeaders: string[];
  /** Headers matching a key already claimed by an earlier column (first one wins). */
  duplicateHeaders: string[];
  rows: TableRow<K>[];
}

/**
 * Folds case, accents, ligatures and punctuation so that "Prénom", "PRENOM "
 * and "pre_nom" compare equal: people retype headers by hand.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export function readTable<K extends string>(
  text: string,
  spec: readonly ColumnSpec<K>[],
  options: ParseOptions = {},
): Table<K> {
  const { delimiter, records } = parseRecords(text, options);
  const [head, ...body] = records;

  const byAlias = new Map<string, ColumnSpec<K>>();
  for (const col of spec) {
    for (const name of [col.key, ...col.aliases]) {
      const norm = normalizeHeader(name);
      if (norm && !byAlias.has(norm)) byAlias.set(norm, col);
    }
  }

  const found = new Map<K, TableColumn<K>>();
  const unknownHeaders: string[] = [];
  const duplicateHeaders: string[] = [];
  (head?.cells ?? []).forEach((raw, index) => {
    const header = raw.trim();
    if (header === '') return;
    const col = byAlias.get(normalizeHeader(header));
    if (!col) unknownHeaders.push(header);
    else if (found.has(col.key)) duplicateHeaders.push(header);
    else found.set(col.key, { key: col.key, header, index });
  });

  const columns = spec.flatMap((c) => found.get(c.key) ?? []);
  const missingColumns = spec.filter((c) => c.required && !found.has(c.key)).map((c) => c.key);
  const required = spec.filter((c) => c.required).map((c) => c.key);

  const rows: TableRow<K>[] = [];
  for (const record of body) {
    // Excel exports formatted-but-empty rows as `;;;;`: not data.
    if (record.cells.every((c) => c === '')) continue;
    const values = {} as Record<K, string>;
    for (const col of spec) values[col.key] = '';
    for (const col of columns) values[col.key] = record.cells[col.index] ?? '';
    rows.push({ line: record.line, values, emptyRequired: required.filter((k) => values[k] === '') });
  }

  return { delimiter, columns, missingColumns, unknownHeaders, duplicateHeaders, rows };
}
