import { isUtf8 } from 'node:buffer';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { Context } from 'hono';
import { PanierError } from '../../kernel/index.ts';

/**
 * Reads a request body as text whatever its Content-Type (SDKs label JSON text/plain or form-urlencoded),
 * inflating gzip/deflate, and refusing bodies over `maxBytes` (measured after decompression).
 */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  return (await readBody(c, maxBytes)).text;
}

/**
 * The body as text (see readBodyText), and its bytes when they are valid UTF-8, so they are exactly the
 * UTF-8 of the text (invalid sequences decode to U+FFFD, which would not be).
 */
export async function readBody(
  c: Context,
  maxBytes: number,
): Promise<{ text: string; utf8Bytes: Uint8Array | undefined }> {
  const declared = Number(c.req.header('content-length') ?? '0');
  const encoding = (c.req.header('content-encoding') ?? '').toLowerCase();
  if (!encoding && declared > maxBytes) throw tooLarge(maxBytes);
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!encoding && raw.byteLength > maxBytes) throw tooLarge(maxBytes);
  let bytes: Uint8Array = raw;
  try {
    if (encoding === 'gzip') bytes = gunzipSync(raw, { maxOutputLength: maxBytes + 1 });
    else if (encoding === 'deflate') bytes = inflateSync(raw, { maxOutputLength: maxBytes + 1 });
    else if (encoding && encoding !== 'identity')
      throw new PanierError('invalid_body', `unsupported Content-Encoding "${encoding}"`);
  } catch (e) {
    if (e instanceof PanierError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
    throw new PanierError('invalid_body', `cannot decode ${encoding} body: ${(e as Error).message}`);
  }
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { text: buffer.toString('utf8'), utf8Bytes: isUtf8(buffer) ? buffer : undefined };
}

function tooLarge(maxBytes: number): PanierError {
  return new PanierError('body_too_large', `request body exceeds ${maxBytes} bytes`);
}

/** Parses JSON text, reporting the position of a syntax error. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new PanierError('invalid_json', 'request body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PanierError('invalid_json', `malformed JSON: ${(e as Error).message}`);
  }
}

export async function readJson(c: Context, maxBytes: number): Promise<unknown> {
  return parseJsonText(await readBodyText(c, maxBytes));
}
