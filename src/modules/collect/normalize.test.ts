import { describe, expect, it } from 'vitest';
import { normalizeMessage, parseIsoInstant } from './normalize.ts';

const ctx = {
  kind: null,
  receivedAt: Date.parse('2026-03-01T12:00:00Z'),
  source: 's',
  maxEventBytes: 32_768,
  pathPrefix: 'batch[0]',
};

describe('normalizeMessage', () => {
  it('prefers timestamp, else corrects originalTimestamp by the sentAt skew', () => {
    const withTs = normalizeMessage(
      { type: 'page', anonymousId: 'a', timestamp: '2026-03-01T11:00:00Z' },
      ctx,
    );
    expect(withTs.timestamp).toBe(Date.parse('2026-03-01T11:00:00Z'));
    const skewed = normalizeMessage(
      {
        type: 'page',
        anonymousId: 'a',
        originalTimestamp: '2026-03-01T10:00:00Z',
        sentAt: '2026-03-01T10:00:05Z',
      },
      ctx,
    );
    expect(skewed.timestamp).toBe(ctx.receivedAt - 5000);
    expect(normalizeMessage({ type: 'page', anonymousId: 'a' }, ctx).timestamp).toBe(ctx.receivedAt);
  });

  it('assigns a messageId when missing and keeps numeric ids as strings', () => {
    const e = normalizeMessage({ type: 'identify', userId: 42 }, ctx);
    expect(e.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.userId).toBe('42');
  });

  it('rejects a type that contradicts the path, with the path of the field', () => {
    expect(() => normalizeMessage({ type: 'identify', userId: 'u' }, { ...ctx, kind: 'track' })).toThrow(
      /does not match/,
    );
    try {
      normalizeMessage({ type: 'group', userId: 'u' }, ctx);
    } catch (e) {
      expect(e).toMatchObject({ code: 'invalid_event', path: 'batch[0].groupId' });
      return;
    }
    throw new Error('expected a missing groupId to be refused');
  });

  it('counts UTF-8 bytes for the size limit', () => {
    const note = 'é'.repeat(9000); // 18,000 bytes, 9,000 characters
    const m = { type: 'page', anonymousId: 'a', properties: { note } };
    expect(() => normalizeMessage(m, { ...ctx, maxEventBytes: 16_000 })).toThrow(/exceeds/);
    expect(normalizeMessage(m, { ...ctx, maxEventBytes: 20_000 }).payload).toEqual(m);
  });
});

describe('parseIsoInstant', () => {
  it('reads what Date.parse reads, for the SDK form and every other', () => {
    const samples = [
      '2026-03-01T12:00:00.000Z',
      '1999-12-31T23:59:59.999Z',
      '2024-02-29T10:00:00.000Z',
      '2026-02-30T10:00:00.000Z',
      '0050-01-01T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-03-01T24:00:00.000Z',
      '2026-03-01T12:60:00.000Z',
      '2026-03-01T12:00:00.00xZ',
      '2026-03-01 12:00:00.000Z',
      '2026-03-01T12:00:00.000+0',
      '2026-03-01T12:00:00Z',
      '2026-03-01',
      'not a date',
    ];
    for (let t = 0; t < 2000; t++) samples.push(new Date((t * 1_999_999_937_123) % 4e12).toISOString()); // spread over 1970–2096
    for (const s of samples) expect(parseIsoInstant(s), s).toBe(Date.parse(s));
  });
});
