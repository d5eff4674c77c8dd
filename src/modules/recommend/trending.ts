import type { TrendingWindow } from './schemas.ts';
import { getOrCreate } from './vocab.ts';

const BUCKET_MS = 5 * 60_000;
export const WINDOW_MS: Record<TrendingWindow, number> = {
  '5m': 5 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};
const LONGEST = WINDOW_MS['7d'];
/** Sorted answers are reused this long; well under the one-second freshness promise. */
const CACHE_MS = 200;
/** Store/product key separator: a control character, which ids cannot contain. */
const SEP = '\u0001';

interface WindowState {
  span: number;
  /** Oldest bucket still counted. */
  oldest: number;
  totals: Map<string, number>;
}

/**
 * Streaming counters over 5-minute buckets: every window total is updated on each event and when a
 * bucket slides out, so a read never rescans history. Keys are `product` and `store␁product`.
 */
export class TrendingCounters {
  private readonly buckets = new Map<number, Map<string, number>>();
  private readonly windows = new Map<TrendingWindow, WindowState>();
  private readonly cache = new Map<string, { at: number; version: number; list: Array<[string, number]> }>();
  private version = 0;
  private newest = 0;

  constructor() {
    for (const [w, ms] of Object.entries(WINDOW_MS) as Array<[TrendingWindow, number]>)
      this.windows.set(w, { span: ms / BUCKET_MS, oldest: 0, totals: new Map() });
  }

  add(productId: string, storeId: string | null, at: number, weight = 1): void {
    const b = Math.floor(at / BUCKET_MS);
    if (b > this.newest) this.advance(b);
    if (b <= this.newest - LONGEST / BUCKET_MS) return;
    const bucket = getOrCreate(this.buckets, b, () => new Map<string, number>());
    const keys = storeId ? [productId, `${storeId}${SEP}${productId}`] : [productId];
    for (const key of keys) {
      bucket.set(key, (bucket.get(key) ?? 0) + weight);
      for (const w of this.windows.values())
        if (b >= w.oldest) w.totals.set(key, (w.totals.get(key) ?? 0) + weight);
    }
    this.version++;
  }

  /** Slides every window so it ends at bucket `b`. */
  private advance(b: number): void {
    this.newest = b;
    for (const w of this.windows.values()) {
      const first = b - w.span + 1;
      if (w.oldest === 0 || first - w.oldest > LONGEST / BUCKET_MS) {
        // first event, or a jump beyond every window: recount from the buckets kept
        w.totals.clear();
        for (const [k, bucket] of this.buckets)
          if (k >= first) for (const [key, c] of bucket) w.totals.set(key, (w.totals.get(key) ?? 0) + c);
        w.oldest = first;
        continue;
      }
      for (; w.oldest < first; w.oldest++) {
        const bucket = this.buckets.get(w.oldest);
        if (!bucket) continue;
        for (const [key, c] of bucket) {
          const left = (w.totals.get(key) ?? 0) - c;
          if (left > 1e-9) w.totals.set(key, left);
          else w.totals.delete(key);
        }
      }
    }
    for (const k of this.buckets.keys()) if (k <= b - LONGEST / BUCKET_MS) this.buckets.delete(k);
    this.version++;
  }

  /** The buckets and the newest bucket: the window totals follow from them (see `restore`). */
  snapshot(): { newest: number; buckets: Array<[number, string[], number[]]> } {
    const buckets: Array<[number, string[], number[]]> = [];
    for (const [b, m] of this.buckets) buckets.push([b, [...m.keys()], [...m.values()]]);
    return { newest: this.newest, buckets };
  }

  /** Counters from a snapshot: every window is recounted from the buckets, as after a jump in time. */
  static restore(s: { newest: number; buckets: Array<[number, string[], number[]]> }): TrendingCounters {
    const t = new TrendingCounters();
    for (const [b, keys, counts] of s.buckets) {
      const m = new Map<string, number>();
      for (let i = 0; i < keys.length; i++) m.set(keys[i]!, counts[i]!);
      t.buckets.set(b, m);
    }
    if (s.newest > 0) t.advance(s.newest);
    return t;
  }

  /**
   * Items ranked by count in the window, boosted when the window's rate beats the item's 7-day rate
   * (something selling faster than usual ranks above a steady best-seller of the same count).
   */
  top(
    window: TrendingWindow,
    storeId: string | undefined,
    limit: number,
    now: number,
  ): Array<[string, number]> {
    const b = Math.floor(now / BUCKET_MS);
    if (b > this.newest) this.advance(b);
    const cacheKey = `${window}|${storeId ?? ''}`;
    const hit = this.cache.get(cacheKey);
    if (hit && (hit.version === this.version || now - hit.at < CACHE_MS) && hit.list.length >= limit)
      return hit.list.slice(0, limit);
    const w = this.windows.get(window)!;
    const week = this.windows.get('7d')!;
    const share = WINDOW_MS[window] / LONGEST;
    const prefix = storeId ? `${storeId}${SEP}` : null;
    const scored: Array<[string, number]> = [];
    for (const [key, c] of w.totals) {
      const isStore = key.includes(SEP);
      if (prefix ? !key.startsWith(prefix) : isStore) continue;
      const expected = (week.totals.get(key) ?? c) * share;
      scored.push([prefix ? key.slice(prefix.length) : key, c * Math.sqrt((c + 1) / (expected + 1))]);
    }
    scored.sort((a, b2) => b2[1] - a[1] || (a[0] < b2[0] ? -1 : 1));
    const list = scored.slice(0, Math.max(limit, 200));
    this.cache.set(cacheKey, { at: now, version: this.version, list });
    return list.slice(0, limit);
  }
}
