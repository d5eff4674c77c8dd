/**
 * Finds where each item of a batch body's top-level `batch` array sits in the JSON text, so an event is
 * stored as the exact JSON it arrived in and its size is measured from the request, instead of
 * serializing every parsed event again. The text must already have parsed as JSON (this scanner relies
 * on it and only tracks strings and nesting). Returns null when there is no top-level `batch` array.
 */
export function batchItemSpans(text: string): Int32Array | null {
  const n = text.length;
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return null; // {
  i++;
  let found: Int32Array | null = null;
  for (;;) {
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === 0x7d) return found; // }
    if (text.charCodeAt(i) === 0x2c) i = skipSpace(text, i + 1); // ,
    if (text.charCodeAt(i) !== 0x22) return null;
    const keyEnd = stringEnd(text, i);
    const key = text.slice(i, keyEnd);
    i = skipSpace(text, keyEnd);
    i = skipSpace(text, i + 1); // past ':'
    // The last `batch` key wins, as in JSON.parse; an escaped spelling is decoded.
    if (
      (key === '"batch"' || (key.includes('\\') && JSON.parse(key) === 'batch')) &&
      text.charCodeAt(i) === 0x5b
    ) {
      const spans: number[] = [];
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === 0x5d) i++;
      else
        for (;;) {
          const end = valueEnd(text, i);
          spans.push(i, end);
          i = skipSpace(text, end);
          const c = text.charCodeAt(i);
          i = skipSpace(text, i + 1);
          if (c === 0x5d) break;
          if (c !== 0x2c || i >= n) return null;
        }
      found = Int32Array.from(spans);
    } else i = valueEnd(text, i);
    if (i >= n) return null;
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Index just past the string starting at `from` (an opening quote). */
function stringEnd(text: string, from: number): number {
  let i = from + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let back = q - 1;
    while (text.charCodeAt(back) === 0x5c) back--; // an odd run of backslashes escapes the quote
    if ((q - 1 - back) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Index just past the JSON value starting at `from`. */
function valueEnd(text: string, from: number): number {
  const c = text.charCodeAt(from);
  if (c === 0x22) return stringEnd(text, from);
  if (c !== 0x7b && c !== 0x5b) {
    let i = from;
    for (;;) {
      const d = text.charCodeAt(i);
      if (
        d === 0x2c ||
        d === 0x7d ||
        d === 0x5d ||
        d === 0x20 ||
        d === 0x0a ||
        d === 0x0d ||
        d === 0x09 ||
        i >= text.length
      )
        return i;
      i++;
    }
  }
  let depth = 0;
  let i = from;
  for (;;) {
    const d = text.charCodeAt(i);
    if (d === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
    if (i >= text.length) return i;
  }
}

/** Runs of characters that take more than one UTF-8 byte each. */
const MULTIBYTE = /[\u0080-\uffff]+/g;

/** Extra UTF-8 bytes (beyond one) of the character at `i`: a surrogate pair's 4 bytes are 2 per half. */
function extraBytes(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
}

/**
 * The UTF-8 byte offsets of ascending character offsets into `text` (the batch items' spans): each offset
 * moves by the extra bytes of the non-ASCII characters before it, whose runs one native regex scan finds,
 * so a body that is mostly ASCII costs little more than an ASCII one.
 */
export function utf8Offsets(text: string, offsets: Int32Array): Int32Array {
  const out = new Int32Array(offsets.length);
  MULTIBYTE.lastIndex = 0;
  let extra = 0;
  let run = MULTIBYTE.exec(text);
  let i = run ? run.index : text.length; // next character of the current run not yet counted
  for (let k = 0; k < offsets.length; k++) {
    const at = offsets[k]!;
    while (run !== null && i < at) {
      const end = run.index + run[0].length;
      for (; i < end && i < at; i++) extra += extraBytes(text, i);
      if (i === end) {
        run = MULTIBYTE.exec(text);
        i = run ? run.index : text.length;
      }
    }
    out[k] = at + extra;
  }
  return out;
}
