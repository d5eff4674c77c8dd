/**
 * Event-loop liveness while a large index builds: a 5 ms timer records the gaps while 1M bench records
 * are saved in batches of 5,000, while the index builds (in slices), and while a settings change
 * rebuilds it with searches and a write going on.
 *
 *   node --max-old-space-size=8000 --import tsx bench/search/rebuild.ts [size=1000000]
 */

import { InMemorySearchEngine, parseSearchParams } from '../../src/modules/search/index.ts';
import { generateCatalog } from './catalog.ts';

const n = Number(process.argv[2] ?? 1e6);
const catalog = generateCatalog(n);
const recs = catalog.map((d) => ({
  objectID: String(d.id),
  title: d.title,
  brand: d.brand,
  categories: { lvl0: d.lvl0, lvl1: d.lvl1 },
  price: d.price,
  popularity: d.popularity,
}));
const e = new InMemorySearchEngine();
await e.setSettings('b', {
  searchableAttributes: ['title'],
  attributesForFaceting: ['brand', 'categories.lvl0', 'categories.lvl1', 'price'],
  customRanking: ['desc(popularity)'],
});
let last = performance.now();
let maxGap = 0;
const gaps: number[] = [];
const timer = setInterval(() => {
  const now = performance.now();
  const g = now - last;
  gaps.push(g);
  if (g > maxGap) maxGap = g;
  last = now;
}, 5);
const t0 = performance.now();
maxGap = 0;
gaps.length = 0;
last = performance.now();
let task = { taskID: 0 };
for (let i = 0; i < recs.length; i += 5000) {
  task = await e.saveObjects('b', recs.slice(i, i + 5000));
  await new Promise((r) => setTimeout(r, 0));
}
console.log(
  'saveObjects in 5k batches ms',
  (performance.now() - t0).toFixed(0),
  'max gap',
  maxGap.toFixed(1),
);
maxGap = 0;
gaps.length = 0;
last = performance.now();
const t1 = performance.now();
await e.waitForTask('b', task.taskID);
console.log(
  'build ms',
  (performance.now() - t1).toFixed(0),
  'max gap ms',
  maxGap.toFixed(1),
  'p99 gap',
  [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length * 0.99)]?.toFixed(1),
  'ticks',
  gaps.length,
);
const big = gaps
  .map((g, i) => [g, i])
  .sort((a, b) => b[0] - a[0])
  .slice(0, 8)
  .map(([g, i]) => `${g.toFixed(0)}@${i}`);
console.log('largest gaps', big.join(' '));
// incremental writes during a second rebuild
await e.setSettings('b', { customRanking: ['desc(price)'] });
const st = performance.now();
maxGap = 0;
gaps.length = 0;
last = performance.now();
const p = parseSearchParams({ query: 'shoes', hitsPerPage: 5 });
let searches = 0;
const w = e.waitForTask('b', 0);
while (performance.now() - st < 3000) {
  await e.search('b', p);
  searches++;
  await new Promise((r) => setTimeout(r, 1));
}
await e.saveObjects('b', [
  {
    objectID: 'x1',
    title: 'zzqunique shoes',
    brand: 'B',
    categories: { lvl0: 'Toys', lvl1: 'Toys > Premium' },
    price: 3,
    popularity: 1,
  },
]);
const r = await e.search('b', parseSearchParams({ query: 'zzqunique' }));
console.log(
  'during settings rebuild: searches answered',
  searches,
  'write visible',
  r.response.nbHits,
  'max gap',
  maxGap.toFixed(1),
  'still building',
  e.index('b').building,
);
await w;
clearInterval(timer);
