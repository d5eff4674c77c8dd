import { describe, expect, it } from 'vitest';
import { PanierError } from '../../../kernel/index.ts';
import { parseRule } from './parser.ts';

function errorOf(rule: string): PanierError {
  try {
    parseRule(rule);
  } catch (e) {
    if (e instanceof PanierError) return e;
    throw e;
  }
  throw new Error(`rule parsed: ${rule}`);
}

describe('segment rule parser', () => {
  it('parses boolean structure with precedence NOT > AND > OR', () => {
    const t = parseRule('score.churn_risk > 0.7 OR NOT trait.vip = true AND feature.orders >= 2');
    expect(t.type).toBe('or');
    if (t.type !== 'or') return;
    expect(t.children[1]!.type).toBe('and');
  });

  it('parses event predicates, locations, IN and EXISTS', () => {
    expect(parseRule('viewed category "Shoes" at least 3 times in 7 days')).toEqual({
      type: 'activity',
      verb: 'viewed',
      target: { kind: 'category', value: 'Shoes' },
      store: null,
      atLeast: 3,
      withinDays: 7,
    });
    expect(parseRule('bought in store "lyon-1" in last 30 days')).toMatchObject({
      store: 'lyon-1',
      withinDays: 30,
    });
    expect(parseRule('within 5 km of 45.76, 4.83')).toEqual({
      type: 'near',
      km: 5,
      latitude: 45.76,
      longitude: 4.83,
    });
    expect(parseRule('feature.preferred_channel IN ("pickup", "in_store")')).toMatchObject({ type: 'in' });
    expect(parseRule('(trait.email_verified exists)')).toMatchObject({ type: 'exists' });
    expect(parseRule('affinity.brand("Acme") >= 0.25')).toMatchObject({
      field: { scope: 'affinity', key: 'Acme' },
    });
  });

  it('reports the position of the offending token', () => {
    const e = errorOf('feature.orders >= 2 AND (score.clv > )');
    expect(e.code).toBe('invalid_rule');
    expect(e.details).toEqual({ position: 37 });
    expect(e.message).toMatch(/expected a value .* at position 37/);
    expect((errorOf('feature.orderz > 1').details as { position: number }).position).toBe(0);
    expect((errorOf('trait.a = 1 trait.b = 2').details as { position: number }).position).toBe(12);
    expect((errorOf('viewed category Shoes').details as { position: number }).position).toBe(16);
    expect((errorOf('trait.a = 1 $').details as { position: number }).position).toBe(12);
    expect((errorOf('').details as { position: number }).position).toBe(0);
  });
});

describe('segment rule limits', () => {
  it('refuses windows longer than the activity retention', () => {
    expect(() => parseRule('viewed in 400 days')).toThrow(/limited to 365 days at position 10/);
  });
});
