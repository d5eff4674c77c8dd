import { createRng } from '../../src/kernel/index.ts';
import type { SeriesKey } from '../../src/modules/forecast/index.ts';

/** M5's shape: 3,049 items × 10 stores in 3 states, 3 categories, 7 departments. */
const STORES = ['CA_1', 'CA_2', 'CA_3', 'CA_4', 'TX_1', 'TX_2', 'TX_3', 'WI_1', 'WI_2', 'WI_3'];
const DEPTS: [string, string, number][] = [
  ['FOODS_1', 'FOODS', 216],
  ['FOODS_2', 'FOODS', 398],
  ['FOODS_3', 'FOODS', 823],
  ['HOBBIES_1', 'HOBBIES', 416],
  ['HOBBIES_2', 'HOBBIES', 149],
  ['HOUSEHOLD_1', 'HOUSEHOLD', 532],
  ['HOUSEHOLD_2', 'HOUSEHOLD', 515],
];
/** Weekday multipliers, index 0 = Sunday (weekends busiest, as in M5). */
const WEEKDAY = [1.22, 0.95, 0.88, 0.86, 0.88, 0.98, 1.25];

export interface Synthetic {
  keys: SeriesKey[];
  series: number;
  days: number;
  horizon: number;
  /** series × days history, then series × horizon truth. */
  y: SharedArrayBuffer;
  truth: Float32Array;
  promo: SharedArrayBuffer;
  snap: SharedArrayBuffer;
  dow: Uint8Array;
}

function poisson(mu: number, u: () => number): number {
  if (mu <= 0) return 0;
  if (mu > 40) return Math.max(0, Math.round(mu + Math.sqrt(mu) * gaussian(u)));
  let k = 0;
  let p = Math.exp(-mu);
  let s = p;
  const x = u();
  while (x > s && k < 200) {
    k++;
    p *= mu / k;
    s += p;
  }
  return k;
}

function gaussian(u: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(u(), 1e-12))) * Math.cos(2 * Math.PI * u());
}

/** Intermittent, over-dispersed counts: about two thirds zeros and 1.1 units/day on average, like M5. */
export function generate(seed = 42, days = 1941, horizon = 28, scale = 1): Synthetic {
  const rng = createRng(seed);
  const u = rng.next;
  const keys: SeriesKey[] = [];
  const items: { base: number; trend: number; launch: number; food: boolean }[] = [];
  for (const [dept, cat, count] of DEPTS) {
    for (let i = 0; i < Math.ceil(count * scale); i++) {
      const product = `${dept}_${String(i + 1).padStart(3, '0')}`;
      items.push({
        base: Math.exp(-1.1 + 1.25 * gaussian(u)),
        trend: 0.4 * gaussian(u),
        launch: u() < 0.3 ? Math.floor(u() * 1500) : 0,
        food: cat === 'FOODS',
      });
      for (const store of STORES)
        keys.push({ product, department: dept, category: cat, location: store, region: store.slice(0, 2) });
    }
  }
  const S = keys.length;
  const width = days + horizon;
  const all = new Float32Array(S * width);
  const promo = new SharedArrayBuffer(S * width * 4);
  const snap = new SharedArrayBuffer(S * width * 4);
  const promoV = new Float32Array(promo);
  const snapV = new Float32Array(snap);
  const dow = Uint8Array.from({ length: width }, (_, t) => (t + 6) % 7); // day 0 is a Saturday, as d_1
  const snapDay = (state: string, t: number) => (((t + 3) % 30) + 'CTW'.indexOf(state[0]) * 3) % 30 < 10;
  const storeFactor = STORES.map(() => Math.exp(0.3 * gaussian(u)));
  for (let s = 0; s < S; s++) {
    const item = items[Math.floor(s / STORES.length)];
    const key = keys[s];
    const level = item.base * storeFactor[s % STORES.length];
    let week = 1;
    for (let t = 0; t < width; t++) {
      if (t % 7 === 0) week = Math.exp(0.35 * gaussian(u) - 0.06);
      if (t % 7 === 0 && u() < 0.04)
        for (let k = 0; k < 7 && t + k < width; k++) promoV[s * width + t + k] = 1;
      const isSnap = item.food && snapDay(key.region, t) ? 1 : 0;
      snapV[s * width + t] = isSnap;
      if (t < item.launch) continue;
      const season = 1 + 0.1 * Math.sin((2 * Math.PI * t) / 365.25);
      const mu =
        level *
        Math.exp((item.trend * t) / days) *
        WEEKDAY[dow[t]] *
        season *
        week *
        (promoV[s * width + t] ? 1.6 : 1) *
        (isSnap ? 1.12 : 1);
      all[s * width + t] = poisson(mu, u);
    }
  }
  const y = new SharedArrayBuffer(S * days * 4);
  const yv = new Float32Array(y);
  const truth = new Float32Array(S * horizon);
  for (let s = 0; s < S; s++) {
    yv.set(all.subarray(s * width, s * width + days), s * days);
    truth.set(all.subarray(s * width + days, (s + 1) * width), s * horizon);
  }
  return { keys, series: S, days, horizon, y, truth, promo, snap, dow };
}
