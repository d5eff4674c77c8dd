import { describe, expect, it } from 'vitest';
import { facetFiltersNode, numericFiltersNode, parseFilters } from './filters.ts';
import { insightsToEvents, parseInsights } from './insights.ts';
import { decodeParamsString, parseSearchParams } from './params.ts';

describe('filters grammar', () => {
  it('parses precedence: NOT binds tighter than AND, AND tighter than OR', () => {
    expect(parseFilters('a:1 OR b:2 AND NOT c:3')).toEqual({
      kind: 'or',
      items: [
        { kind: 'facet', attribute: 'a', value: '1' },
        {
          kind: 'and',
          items: [
            { kind: 'facet', attribute: 'b', value: '2' },
            { kind: 'not', item: { kind: 'facet', attribute: 'c', value: '3' } },
          ],
        },
      ],
    });
    expect(parseFilters('"brand name":"Acme Inc" AND price:10 TO 20')).toEqual({
      kind: 'and',
      items: [
        { kind: 'facet', attribute: 'brand name', value: 'Acme Inc' },
        { kind: 'range', attribute: 'price', lo: 10, hi: 20 },
      ],
    });
  });

  it('names the column of the first error', () => {
    const col = (f: string) => {
      try {
        parseFilters(f);
        return null;
      } catch (e) {
        return (e as { details: { position: number } }).details.position + 1;
      }
    };
    expect(col('a:1 AND')).toBe(8);
    expect(col('(a:1 OR b:2')).toBe(12);
    expect(col('a:1 b:2')).toBe(5);
    expect(col('price >= x1')).toBe(10);
    expect(col('a != ')).toBe(6);
    expect(col('((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a:1')).not.toBeNull();
  });

  it('reads facetFilters and numericFilters nesting (AND of ORs, - for NOT)', () => {
    expect(facetFiltersNode(['color:red', ['brand:A', 'brand:-B']])).toEqual({
      kind: 'and',
      items: [
        { kind: 'facet', attribute: 'color', value: 'red' },
        {
          kind: 'or',
          items: [
            { kind: 'facet', attribute: 'brand', value: 'A' },
            { kind: 'not', item: { kind: 'facet', attribute: 'brand', value: 'B' } },
          ],
        },
      ],
    });
    expect(numericFiltersNode('price>=10')).toEqual({
      kind: 'numeric',
      attribute: 'price',
      op: '>=',
      value: 10,
    });
    expect(() => numericFiltersNode(['brand:A'])).toThrow(/not a numeric filter/);
  });
});

describe('search params', () => {
  it('decodes v4 params strings with JSON arrays, and flat params win', () => {
    expect(decodeParamsString('query=a%20b&facets=%5B%22brand%22%5D&hitsPerPage=5')).toEqual({
      query: 'a b',
      facets: ['brand'],
      hitsPerPage: '5',
    });
    const p = parseSearchParams({ params: 'query=x&hitsPerPage=5&typoTolerance=false', hitsPerPage: 7 });
    expect(p).toMatchObject({ query: 'x', hitsPerPage: 7, typoTolerance: 'false' });
    expect(() => parseSearchParams({ hitsPerPage: 5000 })).toThrow(/hitsPerPage/);
  });
});

describe('search-insights events', () => {
  it('maps clicks per product with positions and keeps ids stable across retries', () => {
    const body = {
      events: [
        {
          eventType: 'click',
          eventName: 'Hit',
          index: 'products',
          userToken: 'u',
          objectIDs: ['a', 'b'],
          positions: [3, 4],
          queryID: 'q1',
        },
      ],
    };
    const first = insightsToEvents(parseInsights(body), 'storefront', 1000);
    const again = insightsToEvents(parseInsights(body), 'storefront', 2000);
    expect(first.map((e) => [e.type, e.payload.properties])).toEqual([
      ['product_clicked', expect.objectContaining({ product_id: 'a', position: 3, query_id: 'q1' })],
      ['product_clicked', expect.objectContaining({ product_id: 'b', position: 4, query_id: 'q1' })],
    ]);
    expect(again.map((e) => e.messageId)).toEqual(first.map((e) => e.messageId));
    expect(() => parseInsights({ events: [{ eventType: 'swipe' }] })).toThrow(/events\[0\]/);
  });
});
