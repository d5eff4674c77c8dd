import { PanierError } from '../../kernel/index.ts';
import { parseJsonText } from './body.ts';

export interface ParsedRows {
  rows: unknown[];
  /** 1-based source line of each row, for NDJSON bodies. */
  lines?: number[];
}

const NDJSON_TYPES = /\b(x-ndjson|ndjson|jsonl|x-jsonlines|json-seq)\b/i;
const MAX_LISTED_LINES = 100;

/**
 * Reads the rows of a bulk request: a JSON array, `{ "<key>": [...] }`, one JSON object, or NDJSON
 * (declared by Content-Type, or recognised when the body is not one JSON document but its lines are).
 */
export function parseRowsBody(text: string, contentType: string | undefined, key: string): ParsedRows {
  if (NDJSON_TYPES.test(contentType ?? '')) return parseNdjson(text);
  let doc: unknown;
  try {
    doc = parseJsonText(text);
  } catch (e) {
    if (looksLineDelimited(text)) return parseNdjson(text);
    throw e;
  }
  if (Array.isArray(doc)) return { rows: doc };
  if (typeof doc === 'object' && doc !== null) {
    if (!(key in doc)) return { rows: [doc] };
    const rows = (doc as Record<string, unknown>)[key];
    if (Array.isArray(rows)) return { rows };
    throw new PanierError('invalid_body', `"${key}" must be an array of rows`, key);
  }
  throw new PanierError('invalid_body', `expected a JSON array of rows, {"${key}": [...]} or NDJSON`);
}

/** Several non-blank lines of which the first is a JSON object on its own. */
function looksLineDelimited(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  try {
    const first: unknown = JSON.parse(lines[0]!);
    return typeof first === 'object' && first !== null && !Array.isArray(first);
  } catch {
    return false;
  }
}

/** One JSON value per line, blank lines skipped; every malformed line is reported with its number. */
function parseNdjson(text: string): ParsedRows {
  const rows: unknown[] = [];
  const lines: number[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      rows.push(JSON.parse(raw));
      lines.push(i + 1);
    } catch (e) {
      errors.push({ line: i + 1, message: `malformed JSON: ${(e as Error).message}` });
    }
  });
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new PanierError(
      'invalid_json',
      `${errors.length} NDJSON line(s) are not JSON; nothing was applied (first: line ${first.line}: ${first.message})`,
      undefined,
      { errors: errors.slice(0, MAX_LISTED_LINES), truncated: errors.length > MAX_LISTED_LINES },
    );
  }
  if (rows.length === 0) throw new PanierError('invalid_json', 'request body is empty; expected NDJSON rows');
  return { rows, lines };
}
