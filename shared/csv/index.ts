export {
  CsvError,
  detectDelimiter,
  normalizeHeader,
  parseCsv,
  parseRecords,
  readTable,
  type ColumnSpec,
  type CsvErrorCode,
  type CsvRecord,
  type Delimiter,
  type ParseOptions,
  type Table,
  type TableColumn,
  type TableRow,
} from './read.ts';
export { toCsv, type CsvCell, type WriteOptions } from './write.ts';
