import { describe, expect, it } from 'vitest';
import { InMemorySearchEngine } from './engine.ts';
import { parseSearchParams } from './params.ts';
import type { SearchRecord } from './segment.ts';
import type { IndexSettings } from './settings.ts';
import { boundedDamerau } from './text.ts';

const DOCS: SearchRecord[] = [
  {
    objectID: '1',
    title: 'Red running shoes',
    brand: 'Acme',
    category: 'Shoes',
    price: 50,
    popularity: 10,
    description: 'Light shoes for long runs on the road, with a cushioned sole and a breathable upper',
  },
  { objectID: '2', title: 'Blue running shoe', brand: 'Zeta', category: 'Shoes', price: 80, popularity: 20 },
  { objectID: '3', title: 'Smartphone case', brand: 'Acme', category: 'Phones', price: 15, popularity: 5 },
  { objectID: '4', title: 'Chocolat noir', brand: 'Cacao', category: 'Food', price: 3, popularity: 50 },
  { objectID: '5', title: 'Chevaux de bois', brand: 'Jouet', category: 'Toys', price: 30, popularity: 1 },
  {
    objectID: '6',
    title: 'Sofa cushion covers',
    brand: 'Homely',
    category: 'Home',
    price: 22,
    popularity: 3,
  },
  {
    objectID: '7',
    title: 'Trainers for running',
    brand: 'Zeta',
    category: 'Shoes',
    price: 60,
    popularity: 1,
  },
];

const SETTINGS: IndexSettings = {
  searchableAttributes: ['title', 'brand', 'unordered(description)'],
  attributesForFaceting: ['brand', 'category', 'price'],
  customRanking: ['desc(popularity)'],
};

async function engine(docs = DOCS, settings: IndexSettings = SETTINGS) {
  const e = new InMemorySearchEngine();
  await e.setSettings('i', settings);
  await e.saveObjects('i', docs);
  const search = async (params: Record<string, unknown>) =>
    (await e.search('i', parseSearchParams(params))).response;
  const ids = async (params: Record<string, unknown>) =>
    (await e.search('i', parseSearchParams(params))).objectIDs;
  return { e, search, ids };
}

describe('search engine', () => {
  it('matches the last word as a prefix, other words whole', async () => {
    const { ids } = await engine();
    expect(await ids({ query: 'smartph' })).toEqual(['3']);
    // an unknown non-last word may be cut short; prefixNone turns that off
    expect(await ids({ query: 'runni shoes' })).toEqual(['2', '1']);
    expect(await ids({ query: 'runni shoes', queryType: 'prefixNone' })).toEqual([]);
    expect(await ids({ query: 'runn' })).toEqual(['2', '1', '7']);
    expect(await ids({ query: 'smartph', queryType: 'prefixNone' })).toEqual([]);
  });

  it('counts a transposition as one typo, allows 1 typo from 4 letters and 2 from 8', async () => {
    expect(boundedDamerau('shoes', 'shose', 2)).toBe(1);
    const { ids } = await engine();
    expect(await ids({ query: 'shose', queryType: 'prefixNone' })).toEqual(['2', '1']);
    expect(await ids({ query: 'smartpohne', queryType: 'prefixNone' })).toEqual(['3']);
    expect(await ids({ query: 'smratpohne', queryType: 'prefixNone' })).toEqual(['3']);
    expect(await ids({ query: 'rde', queryType: 'prefixNone' })).toEqual([]);
    expect(await ids({ query: 'shose', typoTolerance: false, queryType: 'prefixNone' })).toEqual([]);
  });

  it('ranks fewer typos first, then custom ranking', async () => {
    const { search } = await engine();
    const r = await search({ query: 'runing', getRankingInfo: true });
    expect(r.hits.map((h) => h.objectID)).toEqual(['2', '1', '7']);
    expect((r.hits[0]!._rankingInfo as { nbTypos: number }).nbTypos).toBe(1);
  });

  it('ranks by proximity and attribute before custom ranking', async () => {
    const { ids } = await engine();
    // "running shoes" adjacent in 1 and 2, farther apart in 7 ("Trainers for running", no shoes) → not matched
    expect(await ids({ query: 'running shoes' })).toEqual(['2', '1']);
    // attribute: brand "Acme" only matches in brand; title match beats description match
    expect(await ids({ query: 'cushion' })).toEqual(['6', '1']);
  });

  it('treats English and French plurals as the same word', async () => {
    const { ids } = await engine();
    expect(await ids({ query: 'shoe', queryType: 'prefixNone' })).toEqual(['2', '1']);
    expect(await ids({ query: 'cheval', queryType: 'prefixNone' })).toEqual(['5']);
    expect(await ids({ query: 'chocolats', queryType: 'prefixNone' })).toEqual(['4']);
    expect(
      await ids({ query: 'chocolats', queryType: 'prefixNone', ignorePlurals: false, typoTolerance: false }),
    ).toEqual([]);
  });

  it('expands two-way and one-way synonyms', async () => {
    const { e, ids } = await engine();
    await e.setSettings('i', {
      synonyms: [
        { objectID: 's1', type: 'synonym', synonyms: ['sneakers', 'trainers'] },
        { objectID: 's2', type: 'onewaysynonym', input: 'mobile', synonyms: ['smartphone'] },
      ],
    });
    expect(await ids({ query: 'sneakers', queryType: 'prefixNone' })).toEqual(['7']);
    expect(await ids({ query: 'mobile', queryType: 'prefixNone' })).toEqual(['3']);
  });

  it('removes stop words when asked, unless the query is only stop words', async () => {
    const { ids } = await engine();
    expect(await ids({ query: 'your running shoes', queryType: 'prefixNone' })).toEqual([]);
    expect(
      await ids({ query: 'your running shoes', queryType: 'prefixNone', removeStopWords: true }),
    ).toEqual(['2', '1']);
    expect(await ids({ query: 'de chevaux', queryType: 'prefixNone', removeStopWords: ['fr'] })).toEqual([
      '5',
    ]);
  });

  it('filters with filters, facetFilters and numericFilters, and counts facets over all matches', async () => {
    const { search, ids } = await engine();
    expect(await ids({ query: '', filters: '(brand:Acme OR brand:Zeta) AND price:20 TO 70' })).toEqual([
      '1',
      '7',
    ]);
    expect(await ids({ query: '', filters: 'NOT category:Shoes AND price >= 20' })).toEqual(['6', '5']);
    expect(await ids({ query: '', facetFilters: ['category:Shoes', 'brand:-Zeta'] })).toEqual(['1']);
    expect(await ids({ query: '', numericFilters: [['price<10', 'price>70']] })).toEqual(['4', '2']);
    const r = await search({ query: 'run', facets: ['*'], hitsPerPage: 1 });
    expect(r.facets).toEqual({
      brand: { Zeta: 2, Acme: 1 },
      category: { Shoes: 3 },
      price: { '50': 1, '60': 1, '80': 1 },
    });
    expect(r.facets_stats).toEqual({ price: { min: 50, max: 80, avg: (50 + 80 + 60) / 3, sum: 190 } });
  });

  it('reports the position of an error in a malformed filter', async () => {
    const { search } = await engine();
    for (const [filters, col] of [
      ['brand:Acme AND', 15],
      ['brand:Acme OR (price > 3', 25],
      ['price > abc', 9],
      ['brand:"Acme', 7],
      ['brand Acme', 7],
    ] as const) {
      await expect(search({ query: '', filters })).rejects.toMatchObject({
        code: 'invalid_filter',
        details: { position: col - 1 },
      });
    }
  });

  it('highlights with the caller tags and snippets around the match', async () => {
    const { search } = await engine();
    const r = await search({
      query: 'breathable',
      highlightPreTag: '[',
      highlightPostTag: ']',
      attributesToSnippet: ['description:4'],
      snippetEllipsisText: '…',
    });
    const hit = r.hits[0]!;
    expect(
      (hit._highlightResult as Record<string, { value: string; matchLevel: string }>).description!.value,
    ).toContain('[breathable] upper');
    expect((hit._snippetResult as Record<string, { value: string }>).description!.value).toBe(
      '…and a [breathable] upper',
    );
    const runs = await search({ query: 'running sho' });
    expect((runs.hits[0]!._highlightResult as Record<string, { value: string }>).title!.value).toBe(
      'Blue <em>running</em> <em>sho</em>e',
    );
  });

  it('paginates with page/hitsPerPage and offset/length', async () => {
    const { search } = await engine();
    const p1 = await search({ query: '', hitsPerPage: 3, page: 1 });
    expect(p1.hits.map((h) => h.objectID)).toEqual(['3', '6', '5']);
    expect(p1).toMatchObject({ nbHits: 7, nbPages: 3, page: 1, hitsPerPage: 3 });
    const o = await search({ query: '', offset: 5, length: 5 });
    expect(o.hits.map((h) => h.objectID)).toEqual(['5', '7']);
  });

  it('recovers from no results by dropping the last words', async () => {
    const { search } = await engine();
    const r = await search({ query: 'running shoes xylophone', removeWordsIfNoResults: 'lastWords' });
    expect(r.hits.map((h) => h.objectID)).toEqual(['2', '1']);
    expect(r.message).toBeDefined();
  });

  it('keeps deletes and updates visible immediately through the delta segment', async () => {
    const { e, ids } = await engine();
    await e.deleteObjects('i', ['2']);
    await e.saveObjects('i', [{ ...DOCS[6]!, title: 'Trail running shoes' }]);
    expect(await ids({ query: 'running shoes' })).toEqual(['1', '7']);
    await e.partialUpdateObjects(
      'i',
      [{ objectID: '7', popularity: { _operation: 'Increment', value: 100 } }],
      false,
    );
    expect(await ids({ query: 'running shoes' })).toEqual(['7', '1']);
  });

  it('sorts a replica by an attribute', async () => {
    const { e } = await engine();
    await e.setSettings('i', { replicas: ['i_price_asc'] });
    await e.setSettings('i_price_asc', {
      ranking: ['asc(price)', 'typo', 'words', 'proximity', 'attribute', 'exact', 'custom'],
    });
    const r = await e.search('i_price_asc', parseSearchParams({ query: 'shoes' }));
    expect(r.objectIDs).toEqual(['1', '2']);
    const all = await e.search('i_price_asc', parseSearchParams({ query: '' }));
    expect(all.objectIDs.slice(0, 3)).toEqual(['4', '3', '6']);
    // Writes to the primary reach the replica incrementally.
    await e.saveObjects('i', [{ objectID: '8', title: 'Cheap shoes', price: 1, popularity: 0 }]);
    await e.deleteObjects('i', ['1']);
    expect((await e.search('i_price_asc', parseSearchParams({ query: 'shoes' }))).objectIDs).toEqual([
      '8',
      '2',
    ]);
  });
});
