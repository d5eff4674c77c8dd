import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { PanierError } from '../../kernel/index.ts';
import { splitCsvLine } from '../files/csv-line.ts';

export { splitCsvLine };

/** Read a text file, gunzipping when the name ends in .gz. */
export function readText(path: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new PanierError('not_found', `cannot read ${path}: ${(e as Error).message}`, path);
  }
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

export interface CsvTable {
  file: string;
  header: string[];
  /** Rows with their 1-based line number in the file. */
  rows: { line: number; cells: string[] }[];
}

export function rowError(file: string, line: number, message: string): PanierError {
  return new PanierError('invalid_row', `${file}:${line}: ${message}`, file, { line });
}

/** Parse a CSV file; every row must have as many cells as the header (ragged rows are an error). */
export function readCsv(path: string): CsvTable {
  const lines = readText(path).split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  if (header.length === 0 || header[0] === '') throw rowError(path, 1, 'missing header');
  const rows: CsvTable['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const cells = splitCsvLine(lines[i]);
    if (cells.length !== header.length) {
      throw rowError(path, i + 1, `expected ${header.length} fields, found ${cells.length}`);
    }
    rows.push({ line: i + 1, cells });
  }
  return { file: path, header, rows };
}

/** Column index by name, or a clear error listing what the file has. */
export function column(table: CsvTable, name: string, required = true): number {
  const i = table.header.indexOf(name);
  if (i < 0 && required) {
    throw rowError(table.file, 1, `missing column "${name}" (have: ${table.header.join(', ')})`);
  }
  return i;
}

/** Parse a non-negative number (units); empty is not allowed. */
export function parseUnits(table: CsvTable, line: number, raw: string, what: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v))
    throw rowError(table.file, line, `${what} is not a number: "${raw}"`);
  if (v < 0) throw rowError(table.file, line, `${what} is negative: ${v}`);
  return v;
}
