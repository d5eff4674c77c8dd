import { basename } from 'node:path';
import { type FileRecord, formatOf, readRecords } from '../adapters/files/records.ts';
import { isPanierError, noProgress, type Progress } from '../kernel/index.ts';
import { normalizeMessage } from '../modules/collect/index.ts';
import type { Engine } from './engine.ts';

export const IMPORT_KINDS = ['events', 'products', 'locations', 'inventory'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface RowError {
  line: number;
  message: string;
}

export interface ImportReport {
  file: string;
  kind: ImportKind;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  /** First errors (up to 100), with 1-based line numbers. */
  errors: RowError[];
  /** True when nothing was applied because some rows were invalid (validate-first mode). */
  aborted: boolean;
}

/** How one kind of row is validated and applied. */
export interface RowSink {
  /** Turns a CSV row into the value to validate (default: dotted columns nest). */
  fromCsv?(record: Record<string, string>): unknown;
  validate(value: unknown): void;
  /** Optional check of valid rows against stored state (e.g. inventory naming known products), by chunk. */
  check?(values: unknown[], lines: number[]): Promise<RowError[]>;
  apply(
    values: unknown[],
    lines: number[],
  ): Promise<{ imported: number; duplicates: number; errors: RowError[] }>;
}

const CHUNK = 1000;
const MAX_LISTED_ERRORS = 100;

/** CSV cells named `properties.price` become nested objects; numbers and booleans are parsed back. */
export function unflattenCsvRecord(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(record)) {
    if (cell === '') continue;
    const parts = key.split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) {
      if (typeof node[p] !== 'object' || node[p] === null) node[p] = {};
      node = node[p] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = parts.length > 1 ? scalar(cell) : cell;
  }
  return out;
}

function scalar(cell: string): unknown {
  if (cell === 'true' || cell === 'false') return cell === 'true';
  if (/^-?\d+(\.\d+)?$/.test(cell)) return Number(cell);
  return cell;
}

export function eventSink(engine: Engine, source: string): RowSink {
  const ctx = () => ({
    kind: null,
    receivedAt: Date.now(),
    source,
    maxEventBytes: engine.config.ingest.maxEventBytes,
    pathPrefix: '',
  });
  return {
    validate: (value) => void normalizeMessage(value, ctx()),
    apply: async (values, lines) => {
      const r = await engine.ingestor.ingestMessages(values, source, {}, 'row');
      return {
        imported: r.accepted,
        duplicates: r.duplicates,
        errors: r.errors.map((e) => ({ line: lines[e.index] ?? 0, message: e.message })),
      };
    },
  };
}

async function* valuesOf(
  records: AsyncGenerator<FileRecord>,
  csv: boolean,
  sink: RowSink,
): AsyncGenerator<FileRecord> {
  const fromCsv = sink.fromCsv ?? unflattenCsvRecord;
  for await (const r of records) {
    if (r.error !== undefined || !csv) {
      yield r;
      continue;
    }
    try {
      yield { line: r.line, value: fromCsv(r.value as Record<string, string>) };
    } catch (e) {
      yield { line: r.line, error: (e as Error).message };
    }
  }
}

/** Pass 1: validate every row without applying anything. */
async function validatePass(
  path: string,
  csv: boolean,
  sink: RowSink,
  report: ImportReport,
  progress: Progress,
) {
  const format = csv ? 'csv' : 'ndjson';
  const { size, records } = readRecords(path, format, (n) => progress.increment(n));
  progress.start(size, 'validating');
  let values: unknown[] = [];
  let lines: number[] = [];
  const check = async () => {
    if (sink.check && values.length > 0) for (const e of await sink.check(values, lines)) addError(report, e);
    values = [];
    lines = [];
  };
  for await (const r of valuesOf(records, csv, sink)) {
    report.rows++;
    let message = r.error;
    if (message === undefined) {
      try {
        sink.validate(r.value);
        values.push(r.value);
        lines.push(r.line);
      } catch (e) {
        if (!isPanierError(e)) throw e;
        message = e.message;
      }
    }
    if (message !== undefined) addError(report, { line: r.line, message });
    if (values.length >= CHUNK) await check();
  }
  await check();
  progress.stop();
}

function addError(report: ImportReport, e: RowError) {
  report.rejected++;
  if (report.errors.length < MAX_LISTED_ERRORS) report.errors.push(e);
}

/** Pass 2: apply valid rows in chunks (bad rows, in partial mode, are skipped and reported). */
async function applyPass(
  path: string,
  csv: boolean,
  sink: RowSink,
  report: ImportReport,
  progress: Progress,
  partial: boolean,
) {
  const { size, records } = readRecords(path, csv ? 'csv' : 'ndjson', (n) => progress.increment(n));
  progress.start(size, 'importing');
  let values: unknown[] = [];
  let lines: number[] = [];
  const flush = async () => {
    if (values.length === 0) return;
    const r = await sink.apply(values, lines);
    report.imported += r.imported;
    report.duplicates += r.duplicates;
    for (const e of r.errors) addError(report, e);
    values = [];
    lines = [];
  };
  for await (const r of valuesOf(records, csv, sink)) {
    if (partial) report.rows++;
    if (r.error !== undefined) {
      if (partial) addError(report, { line: r.line, message: r.error });
      continue;
    }
    values.push(r.value);
    lines.push(r.line);
    if (values.length >= CHUNK) await flush();
  }
  await flush();
  progress.stop();
}

/**
 * Imports a file in constant memory. By default every row is validated first and nothing is applied if any
 * is bad; with `partial`, valid rows are applied and bad ones reported by line.
 */
export async function importFile(
  kind: ImportKind,
  path: string,
  sink: RowSink,
  options: { format?: string; partial?: boolean; progress?: Progress } = {},
): Promise<ImportReport> {
  const progress = options.progress ?? noProgress;
  const csv = formatOf(path, options.format) === 'csv';
  const report: ImportReport = {
    file: basename(path),
    kind,
    rows: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    errors: [],
    aborted: false,
  };
  const partial = options.partial === true;
  if (!partial) {
    await validatePass(path, csv, sink, report, progress);
    if (report.rejected > 0) return { ...report, aborted: true };
  }
  await applyPass(path, csv, sink, report, progress, partial);
  return report;
}
