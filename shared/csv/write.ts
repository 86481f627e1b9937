// CSV writing for files that organisers will open in a spreadsheet.

export type CsvCell = string | number | null | undefined;

export interface WriteOptions {
  /** ',' by default; use ';' (with bom) for French Excel. */
  delimiter?: ',' | ';';
  /** Prepend a UTF-8 BOM so Excel does not read accents as Latin-1. */
  bom?: boolean;
}

// Cells starting with these are run as formulas by spreadsheets (OWASP "CSV
// injection"); participant-entered text must never execute on a laptop.
const FORMULA_START = /^[=+\-@\t\r]/;
// Any candidate delimiter is quoted, not only the one in use, so that
// parseCsv's auto-detection cannot be fooled by our own output.
const NEEDS_QUOTES = /[",;\t\r\n]|^\s|\s$/;

export function toCsv(rows: readonly (readonly CsvCell[])[], options: WriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const lines = rows.map((row) => {
    const line = row.map(formatCell).join(delimiter);
    // An empty line would be skipped on reading; `""` keeps the record.
    return line === '' ? '""' : line;
  });
  const body = lines.map((l) => l + '\r\n').join('');
  return options.bom ? '\uFEFF' + body : body;
}

function formatCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  // Numbers are data, not text a participant typed: -3 stays -3.
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
