import { createRng, type Rng } from '../../src/kernel/index.ts';

/** A synthetic product, as every engine in the bench indexes it. */
export interface BenchProduct {
  id: number;
  title: string;
  brand: string;
  lvl0: string;
  lvl1: string;
  price: number;
  popularity: number;
}

export type QueryKind = 'full' | 'prefix' | 'typo' | 'multi';

export interface BenchQuery {
  kind: QueryKind;
  text: string;
  source: number;
  /** Facets asked for (brand, top category) or not. */
  facets: boolean;
  filter: { kind: 'category'; value: string } | { kind: 'price'; lo: number; hi: number } | null;
}

const CATEGORIES: Record<string, string[][]> = {
  Electronics: [
    ['smartphone', 'phone case', 'charger', 'usb cable'],
    ['headphones', 'earbuds', 'speaker'],
    ['dash cam', 'action camera', 'tripod'],
    ['laptop', 'keyboard', 'mouse', 'monitor'],
  ],
  'Home & Kitchen': [
    ['air fryer', 'blender', 'kettle', 'toaster'],
    ['sheet set', 'duvet cover', 'pillow'],
    ['frying pan', 'saucepan', 'knife set'],
    ['vacuum cleaner', 'mop', 'storage box'],
  ],
  Sports: [
    ['running shoes', 'trail shoes', 'socks'],
    ['yoga mat', 'dumbbell', 'resistance band'],
    ['bike helmet', 'bike light', 'water bottle'],
  ],
  Fashion: [
    ['t shirt', 'hoodie', 'jacket', 'jeans'],
    ['sneakers', 'boots', 'sandals'],
    ['backpack', 'wallet', 'belt'],
  ],
  Beauty: [
    ['shampoo', 'conditioner', 'hair dryer'],
    ['face cream', 'serum', 'sunscreen'],
    ['perfume', 'lipstick', 'mascara'],
  ],
  Toys: [
    ['puzzle', 'board game', 'card game'],
    ['building blocks', 'doll', 'action figure'],
    ['drone', 'remote car', 'robot kit'],
  ],
  Garden: [
    ['garden hose', 'sprinkler', 'watering can'],
    ['pruning shears', 'rake', 'shovel'],
    ['plant pot', 'seed tray', 'compost bin'],
  ],
  Grocery: [
    ['dark chocolate', 'milk chocolate', 'cookies'],
    ['green tea', 'coffee beans', 'espresso pods'],
    ['olive oil', 'pasta', 'rice'],
  ],
};
const SUBCATEGORY_NAMES = ['Essentials', 'Premium', 'Accessories', 'Classics'];
const ADJECTIVES = [
  'wireless',
  'portable',
  'compact',
  'premium',
  'organic',
  'stainless',
  'waterproof',
  'lightweight',
  'ergonomic',
  'classic',
  'vintage',
  'professional',
  'foldable',
  'rechargeable',
  'eco',
  'smart',
  'deluxe',
  'ultra',
  'slim',
  'heavy duty',
];
const COLOURS = [
  'black',
  'white',
  'grey',
  'blue',
  'red',
  'green',
  'navy',
  'beige',
  'pink',
  'silver',
  'gold',
  'brown',
];
const MATERIALS = [
  'cotton',
  'leather',
  'bamboo',
  'steel',
  'aluminium',
  'wool',
  'linen',
  'ceramic',
  'glass',
  'silicone',
];
const SIZES = ['small', 'medium', 'large', 'xl', '2l', '500ml', '1kg', '6ft', '12in', '8in'];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'zen',
  'tor',
  'vi',
  'sa',
  'no',
  'del',
  'qu',
  'ri',
  'ta',
  'be',
  'sil',
  'mar',
  'on',
  'ex',
  'ly',
  'pa',
  'ge',
  'dor',
  'fi',
  'us',
  'wa',
  'ze',
  'si',
  'ro',
  'ta',
  'chi',
];

function word(rng: Rng, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += rng.pick(SYLLABLES);
  return s;
}

/** Zipf-like pick: small indices much more often. */
function zipf(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor((n + 1) ** rng.next()) - 1);
}

export function generateCatalog(size: number, seed = 42): BenchProduct[] {
  const rng = createRng(seed);
  const brands = Array.from({ length: 2000 }, (_, i) => {
    const name = word(rng, 2 + (i % 2));
    return name[0]!.toUpperCase() + name.slice(1);
  });
  const lines = Array.from({ length: 6000 }, () => word(rng, 3 + rng.int(2)));
  const tops = Object.keys(CATEGORIES);
  const out: BenchProduct[] = [];
  for (let id = 0; id < size; id++) {
    const lvl0 = tops[zipf(rng, tops.length)]!;
    const subs = CATEGORIES[lvl0]!;
    const s = rng.int(subs.length);
    const lvl1 = `${lvl0} > ${SUBCATEGORY_NAMES[s]}`;
    const noun = rng.pick(subs[s]!);
    const brand = brands[(tops.indexOf(lvl0) * 250 + zipf(rng, 250)) % brands.length]!;
    const words: string[] = [brand];
    if (rng.chance(0.6)) words.push(lines[zipf(rng, lines.length)]!);
    if (rng.chance(0.5)) words.push(rng.pick(ADJECTIVES));
    if (rng.chance(0.4)) words.push(rng.pick(rng.chance(0.5) ? COLOURS : MATERIALS));
    words.push(noun);
    if (rng.chance(0.3)) words.push(rng.pick(SIZES));
    if (rng.chance(0.2))
      words.push(`${String.fromCharCode(65 + rng.int(26), 65 + rng.int(26))}${100 + rng.int(9900)}`);
    const price = Math.round(Math.exp(2.5 + rng.normal() * 0.9) * 100) / 100;
    out.push({
      id,
      title: words.join(' '),
      brand,
      lvl0,
      lvl1,
      price,
      popularity: Math.floor(1000 * rng.next() ** 3),
    });
  }
  return out;
}

function typo(rng: Rng, w: string): string {
  const i = 1 + rng.int(w.length - 2);
  switch (rng.int(3)) {
    case 0:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    case 1:
      return w.slice(0, i) + w.slice(i + 1);
    default: {
      const c = 'abcdefghijklmnopqrstuvwxyz'[rng.int(26)]!;
      return w.slice(0, i) + (c === w[i] ? 'x' : c) + w.slice(i + 1);
    }
  }
}

const wordsOf = (s: string) =>
  s
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => /^[a-z]+$/.test(w));

/** The query mix: full words, prefixes, one-typo words and multi-word mixes, with facets and filters. */
export function generateQueries(catalog: BenchProduct[], count: number, seed = 7): BenchQuery[] {
  const rng = createRng(seed);
  const out: BenchQuery[] = [];
  while (out.length < count) {
    const p = catalog[rng.int(catalog.length)]!;
    const ws = wordsOf(p.title);
    if (ws.length === 0) continue;
    const r = rng.next();
    const kind: QueryKind = r < 0.3 ? 'full' : r < 0.55 ? 'prefix' : r < 0.8 ? 'typo' : 'multi';
    const start = rng.int(ws.length);
    const take = kind === 'multi' ? 3 : 1 + rng.int(2);
    let q = ws.slice(start, start + take);
    if (kind === 'multi' && q.length < 2) q = ws.slice(0, 3);
    const last = q.length - 1;
    if ((kind === 'prefix' || kind === 'multi') && q[last]!.length >= 4)
      q[last] = q[last]!.slice(0, 3 + rng.int(Math.min(3, q[last]!.length - 3)));
    if (kind === 'typo' || kind === 'multi') {
      const long = q
        .map((w, i) => ({ w, i }))
        .filter(({ w, i }) => w.length >= 5 && (kind === 'typo' || i < last));
      if (long.length === 0) continue;
      const t = rng.pick(long);
      q[t.i] = typo(rng, t.w);
    }
    const f = rng.next();
    const filter =
      f < 0.2
        ? { kind: 'category' as const, value: p.lvl0 }
        : f < 0.35
          ? { kind: 'price' as const, lo: Math.floor(p.price / 2), hi: Math.ceil(p.price * 2) }
          : null;
    out.push({ kind, text: q.join(' '), source: p.id, facets: rng.chance(0.6), filter });
  }
  return out;
}
