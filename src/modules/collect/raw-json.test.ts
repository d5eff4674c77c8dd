import { describe, expect, it } from 'vitest';
import { segmentMessageSchema } from './message.ts';
import { plainlyValid } from './normalize.ts';
import { batchItemSpans, utf8Offsets } from './raw-json.ts';

const items = (text: string) => {
  const spans = batchItemSpans(text);
  if (!spans) return null;
  const out: string[] = [];
  for (let i = 0; i < spans.length; i += 2) out.push(text.slice(spans[i]!, spans[i + 1]!));
  return out;
};

describe('batchItemSpans', () => {
  it('finds each item of the top-level batch as sent, whatever is inside the strings', () => {
    const tricky = [
      { type: 'track', event: 'A "quoted" ] } [ {', properties: { path: 'C:\\dir\\', n: [1, [2, {}]] } },
      { type: 'identify', userId: 7, traits: { batch: [{ x: 1 }], s: '\\"' } },
      'not an object',
      12.5e3,
      null,
      [],
      { note: 'é 😀 \u0000' },
    ];
    const text = ` { "sentAt" : "x", "batch" :\n[ ${tricky.map((t) => JSON.stringify(t, null, 1)).join(' ,\n')} ] , "after": {"batch": 1} }`;
    const found = items(text)!;
    expect(found.map((s) => JSON.parse(s))).toEqual(tricky);
    expect(found[0]!.startsWith('{')).toBe(true);
    expect(found[3]).toBe('12500');
  });

  it('takes the last batch key as JSON.parse does, also spelled with escapes, and knows an empty batch', () => {
    expect(items('{"batch":[{"a":1}],"b\\u0061tch":[{"b":2},{"c":3}]}')).toEqual(['{"b":2}', '{"c":3}']);
    expect(items('{"batch":[]}')).toEqual([]);
    expect(items('{"batch": [ ] }')).toEqual([]);
  });

  it('answers null when there is no top-level batch array', () => {
    expect(batchItemSpans('[{"batch":[1]}]')).toBeNull();
    expect(batchItemSpans('{"batch":{"0":1}}')).toBeNull();
    expect(batchItemSpans('{"other":[1]}')).toBeNull();
    expect(batchItemSpans('"batch"')).toBeNull();
  });
});

describe('utf8Offsets', () => {
  it('maps character offsets to the UTF-8 byte offsets Buffer computes, for 2-, 3- and 4-byte characters', () => {
    const text = JSON.stringify({
      batch: [
        { title: 'Pâtes complètes – 500 g' },
        { name: 'ascii only' },
        { title: '日本語のタイトル', emoji: '🛒🥖' },
        { tail: 'é' },
      ],
    });
    const spans = batchItemSpans(text)!;
    const bytes = utf8Offsets(text, spans);
    const expected = Int32Array.from(spans, (at) => Buffer.byteLength(text.slice(0, at)));
    expect([...bytes]).toEqual([...expected]);
    expect([...bytes]).not.toEqual([...spans]); // the non-ASCII items did move
    const body = Buffer.from(text);
    for (let i = 0; i < spans.length; i += 2)
      expect(body.toString('utf8', bytes[i]!, bytes[i + 1]!)).toBe(text.slice(spans[i]!, spans[i + 1]!));
    // Offsets inside a run of non-ASCII characters, and on an ASCII text (unchanged).
    const mid = 'aéèb';
    expect([...utf8Offsets(mid, Int32Array.from([0, 1, 2, 3, 4]))]).toEqual([0, 1, 3, 5, 6]);
    expect([...utf8Offsets('plain', Int32Array.from([0, 5]))]).toEqual([0, 5]);
  });
});

describe('plainlyValid', () => {
  it('accepts only what the schema accepts', () => {
    const values: unknown[] = [
      undefined,
      null,
      '',
      'x',
      'x'.repeat(257),
      'x'.repeat(513),
      'x'.repeat(65),
      0,
      1.5,
      Number.NaN,
      true,
      [],
      {},
      { a: 1 },
      'track',
      'identify',
      'nope',
    ];
    const fields = [
      'type',
      'messageId',
      'userId',
      'anonymousId',
      'timestamp',
      'originalTimestamp',
      'sentAt',
      'event',
      'name',
      'category',
      'properties',
      'traits',
      'context',
      'integrations',
      'groupId',
      'previousId',
      'writeKey',
    ];
    let plain = 0;
    for (const field of fields)
      for (const v of values)
        for (const base of [{}, { type: 'track', event: 'E', anonymousId: 'a' }]) {
          const m = v === undefined ? { ...base } : { ...base, [field]: v };
          if (plainlyValid(m)) {
            plain++;
            expect(segmentMessageSchema.safeParse(m).success, `${field}=${JSON.stringify(v)}`).toBe(true);
          }
        }
    expect(plain).toBeGreaterThan(100); // the common shapes do take the fast path
    for (const v of [null, [], 'x', 3]) expect(plainlyValid(v)).toBe(false);
  });
});
