import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { PanierError } from '../../kernel/index.ts';

export const RECORD_FORMATS = ['ndjson', 'csv'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/** One input row: parsed value, or why it could not be parsed; `line` is 1-based in the (decompressed) file. */
export type FileRecord =
  | { line: number; value: unknown; error?: undefined }
  | { line: number; value?: undefined; error: string };

export function formatOf(path: string, explicit?: string): RecordFormat {
  if (explicit) {
    if (!(RECORD_FORMATS as readonly string[]).includes(explicit))
      throw new PanierError('invalid_argument', `--format must be one of ${RECORD_FORMATS.join(', ')}`);
    return explicit as RecordFormat;
  }
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl') || name.endsWith('.json')) return 'ndjson';
  throw new PanierError('invalid_argument', `cannot tell the format of ${path}: use --format ndjson|csv`);
}

/** Opens a file (gunzipping .gz) and counts raw bytes read, for a progress bar. */
function open(path: string, onBytes: (n: number) => void) {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new PanierError('invalid_argument', `cannot read ${path}: no such file`);
  }
  const raw = createReadStream(path);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  const counted = raw.pipe(counter);
  return { size, stream: path.endsWith('.gz') ? counted.pipe(createGunzip()) : counted };
}

async function* ndjson(stream: NodeJS.ReadableStream): AsyncGenerator<FileRecord> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (e) {
      yield { line, error: `malformed JSON: ${(e as Error).message}` };
    }
  }
}

async function* csv(stream: NodeJS.ReadableStream): AsyncGenerator<FileRecord> {
  const parser = stream.pipe(
    parse({ relax_column_count: true, skip_empty_lines: true, info: true, bom: true }),
  );
  let header: string[] | null = null;
  try {
    for await (const row of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = row;
      if (!header) {
        header = record.map((h) => h.trim());
        continue;
      }
      if (record.length !== header.length) {
        yield { line: info.lines, error: `row has ${record.length} fields, the header has ${header.length}` };
        continue;
      }
      yield { line: info.lines, value: Object.fromEntries(header.map((h, i) => [h, record[i]!])) };
    }
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    yield { line, error: `malformed CSV: ${(e as Error).message}` };
  }
}

/** Streams records from an NDJSON or CSV file (optionally .gz) in constant memory. */
export function readRecords(path: string, format: RecordFormat, onBytes: (n: number) => void = () => {}) {
  const { size, stream } = open(path, onBytes);
  const records = format === 'csv' ? csv(stream) : ndjson(stream);
  return { size, records };
}
