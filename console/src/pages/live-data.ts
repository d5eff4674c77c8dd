import type { Api } from '../api.ts';
import { ifAvailable } from '../hooks.ts';
import { type RecsWithProducts, recommend } from '../recs.tsx';

export const WINDOWS = {
  today: 'today (UTC)',
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
  '30d': 'last 30 days',
} as const;
export type WindowKey = keyof typeof WINDOWS;

interface EventRow {
  type: string;
  userId: string | null;
  anonymousId: string | null;
  timestamp: string;
  payload: { properties?: Record<string, unknown> };
}
interface EventPage {
  events: EventRow[];
  nextCursor: string | null;
  total: number;
}

/** Newest events the browser reads to rank products and sum revenue; totals always come from the API. */
export const SAMPLE = 1000;
const DAY = 86_400_000;

export function windowStart(w: WindowKey, now: number): number {
  if (w === 'today') return now - (now % DAY);
  return now - { '24h': 1, '7d': 7, '30d': 30 }[w] * DAY;
}

const events = (api: Api, q: Record<string, string | number | null>) =>
  api.get<EventPage>('/v1/events', { limit: SAMPLE, ...q });

const shopper = (e: EventRow) => e.userId ?? e.anonymousId ?? '';
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function revenue(orders: EventRow[]): number {
  return orders.reduce((s, e) => s + num(e.payload.properties?.revenue ?? e.payload.properties?.total), 0);
}

export interface Ranked {
  key: string;
  label: string;
  count: number;
}

function rank(rows: EventRow[], keyOf: (e: EventRow) => [string, string] | null, n = 10): Ranked[] {
  const counts = new Map<string, Ranked>();
  for (const e of rows) {
    const k = keyOf(e);
    if (!k) continue;
    const r = counts.get(k[0]) ?? { key: k[0], label: k[1], count: 0 };
    r.count++;
    counts.set(k[0], r);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count).slice(0, n);
}

/**
 * The always-on figures: events per second over the last minute and orders today are exact totals of
 * time-windowed queries (the log bounds them by its time index, so a small window is cheap at any log
 * size); active sessions and today's revenue are read from up to SAMPLE events and marked "≥" beyond.
 */
export async function loadPulse(api: Api) {
  const now = Date.now();
  const midnight = windowStart('today', now);
  const [all, minute, recent, today] = await Promise.all([
    api.get<EventPage>('/v1/events', { limit: 1 }),
    api.get<EventPage>('/v1/events', { limit: 1, from: now - 60_000 }),
    events(api, { from: now - 30 * 60_000 }),
    events(api, { type: 'order_completed', from: midnight }),
  ]);
  return {
    at: now,
    totalEvents: all.total,
    eventsPerSecond: minute.total / 60,
    activeSessions: new Set(recent.events.map(shopper)).size,
    sessionsPartial: recent.total > recent.events.length,
    ordersToday: today.total,
    revenueToday: revenue(today.events),
    /** More orders today than were read: today's revenue is a lower bound. */
    revenuePartial: today.total > today.events.length,
  };
}
export type Pulse = Awaited<ReturnType<typeof loadPulse>>;

/** Orders, conversion, top products and searches, and trending over a chosen window. */
export async function loadWindow(api: Api, w: WindowKey) {
  const from = windowStart(w, Date.now());
  const [orders, views, { report, searches }, trending] = await Promise.all([
    events(api, { type: 'order_completed', from }),
    events(api, { type: 'product_viewed', from }),
    searchesOf(api, from),
    ifAvailable<RecsWithProducts>(
      recommend(api, { placement: 'trending', window: w === '7d' || w === '30d' ? '7d' : '24h', limit: 10 }),
    ),
  ]);
  return {
    from,
    orders: orders.total,
    revenue: revenue(orders.events),
    revenuePartial: orders.total > orders.events.length,
    views: views.total,
    conversion: views.total > 0 ? orders.total / views.total : null,
    ordersPerHour: perBucket(orders.events, w === 'today' || w === '24h' ? 3_600_000 : DAY),
    topProducts: rank(views.events, (e) => {
      const p = e.payload.properties;
      return typeof p?.product_id === 'string' ? [p.product_id, String(p.name ?? p.product_id)] : null;
    }),
    ...topSearches(report?.topQueries ?? [], searches),
    trending,
  };
}
export type WindowFigures = Awaited<ReturnType<typeof loadWindow>>;

/** Products Searched events read when search analytics has no query yet (the demo's own searches). */
const SEARCH_SAMPLE = 300;

/** The search report; the window's newest Products Searched events only when the report is empty. */
async function searchesOf(api: Api, from: number) {
  const report = await ifAvailable(
    api.get<{ topQueries: { query: string; count: number }[] }>('/v1/search/report', { limit: 10 }),
  );
  if (report?.topQueries.length) return { report, searches: [] };
  const sample = await events(api, { type: 'products_searched', from, limit: SEARCH_SAMPLE });
  return { report, searches: sample.events };
}

/** Search analytics when it has recorded queries, else the window's sampled Products Searched events. */
function topSearches(report: { query: string; count: number }[], events: EventRow[]) {
  if (report.length > 0)
    return {
      topSearches: report.map((q) => ({ key: q.query, label: q.query, count: q.count })),
      searchesFrom: 'search analytics (/v1/search/report)',
    };
  return {
    topSearches: rank(events, (e) => {
      const q = e.payload.properties?.query;
      return typeof q === 'string' ? [q.toLowerCase(), q] : null;
    }),
    searchesFrom: `the latest ${SEARCH_SAMPLE} Products Searched events of the window`,
  };
}

function perBucket(rows: EventRow[], size: number): [number[], number[]] {
  const counts = new Map<number, number>();
  for (const e of rows) {
    const b = Math.floor(Date.parse(e.timestamp) / size) * size;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  return [keys.map((k) => k / 1000), keys.map((k) => counts.get(k)!)];
}
