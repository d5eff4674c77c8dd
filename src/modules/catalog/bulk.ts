import type { z } from 'zod';
import { PanierError } from '../../kernel/index.ts';

/** One problem with one input row: its position in the request (and file line when known) and field. */
export interface RowError {
  /** 0-based position of the row in the request. */
  index: number;
  /** 1-based line in the source (NDJSON body, CSV file) when the caller knows it. */
  line?: number;
  /** Dotted field path inside the row, "" for the row itself. */
  path: string;
  message: string;
}

export interface BulkOptions {
  /** Source line of each row, parallel to the rows, so errors can point into the file. */
  lines?: readonly number[];
  /** Validate everything (inventory: references too) and report as usual, but write nothing. */
  dryRun?: boolean;
}

export interface BulkResult {
  /** Distinct rows written, or that would be on a dry run (a repeated key counts once: the last row wins). */
  upserted: number;
}

/** Problems listed in one error response; the count of bad rows is always complete. */
export const MAX_REPORTED_ERRORS = 1000;

export interface Validated<T> {
  valid: T[];
  /** Request position of each valid row, parallel to `valid`. */
  validIndex: number[];
  errors: RowError[];
  /** Number of distinct bad rows (errors may list several fields per row). */
  invalidRows: number;
}

/** Validates every row with `schema`, collecting every problem instead of stopping at the first. */
export function validateRows<S extends z.ZodType>(
  schema: S,
  rows: readonly unknown[],
  options: BulkOptions = {},
): Validated<z.output<S>> {
  const valid: z.output<S>[] = [];
  const validIndex: number[] = [];
  const errors: RowError[] = [];
  let invalidRows = 0;
  rows.forEach((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) {
      valid.push(parsed.data);
      validIndex.push(index);
      return;
    }
    invalidRows++;
    for (const issue of parsed.error.issues) {
      errors.push(rowError(index, options, issue.path.map(String).join('.'), issue.message));
    }
  });
  return { valid, validIndex, errors, invalidRows };
}

export function rowError(index: number, options: BulkOptions, path: string, message: string): RowError {
  const line = options.lines?.[index];
  return line === undefined ? { index, path, message } : { index, line, path, message };
}

/** The single error a rejected bulk request raises: nothing was applied, every bad row is listed. */
export function bulkRejected(
  kind: string,
  total: number,
  invalidRows: number,
  errors: RowError[],
): PanierError {
  const listed = errors.slice(0, MAX_REPORTED_ERRORS);
  const first = listed[0];
  const where = first ? ` (first: ${describe(first)})` : '';
  return new PanierError(
    'invalid_row',
    `${invalidRows} of ${total} ${kind} rows are invalid; nothing was applied${where}`,
    first ? [first.index, first.path].filter((s) => s !== '').join('.') : undefined,
    { invalidRows, errors: listed, truncated: errors.length > listed.length },
  );
}

function describe(e: RowError): string {
  const at = e.line === undefined ? `row ${e.index}` : `line ${e.line}`;
  return `${at}${e.path ? ` ${e.path}` : ''}: ${e.message}`;
}

/** Keeps the last row for each key, so one statement never touches a key twice. */
export function lastByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(key(row), row);
  return [...byKey.values()];
}
