import { ACT_STRIDE, ACTIVITY_KINDS, entryId, entryKind, timeKey } from '../activity.ts';
import { DAY } from '../features.ts';
import { ALL_INPUTS, INPUT } from '../inputs.ts';
import { interestShare } from '../interest.ts';
import { F, type NumericColumn, type ProfileTable, ROW } from '../table.ts';
import {
  averageItemPrice,
  type PopulationStats,
  preferredChannel,
  preferredStore,
  priceBandOf,
  quintile,
} from '../view.ts';
import type { CompareOp, Field, Literal, RuleNode } from './ast.ts';

/** What a compiled rule reads: the columnar table, population cut points and the evaluation time. */
export interface EvalContext {
  table: ProfileTable;
  stats: PopulationStats;
  now: number;
  /**
   * Right after events (not in a recompute): an event predicate may answer from what it saw last time
   * when the entries added since cannot match it. Only time could have changed that answer, and time is
   * the periodic recompute's job.
   */
  incremental?: boolean;
}

export type SlotPredicate = (slot: number, ctx: EvalContext) => boolean;
type Getter = (slot: number, ctx: EvalContext) => unknown;

/** An event predicate of a rule (`viewed category "x" at least 2 times`, `bought in store "s1"`). */
export type ActivityNode = Extract<RuleNode, { type: 'activity' }>;

const SCORE_COLUMN: Record<string, NumericColumn> = {
  purchase_30d: 'pPurchase30',
  churn_risk: 'churnRisk',
  p_alive: 'pAlive',
  clv: 'clv',
  expected_purchases_90d: 'expectedPurchases90',
};

const col = (name: NumericColumn): Getter => {
  const field = F[name];
  return (s, { table }) => table.nums[s * ROW + field];
};

const nanIfZero = (v: number): number => (v > 0 ? v : Number.NaN);
const rfmReady = (t: ProfileTable, s: number, stats: PopulationStats): boolean =>
  t.nums[s * ROW + F.orders] !== 0 && stats.frequencyCuts.length > 0;

const FEATURE_GETTERS: Record<string, Getter> = {
  orders: col('orders'),
  lifetime_revenue: col('revenue'),
  views: col('views'),
  average_order_value: (s, { table: t }) =>
    t.nums[s * ROW + F.revenue]! / nanIfZero(t.nums[s * ROW + F.orders]!),
  recency_days: (s, { table: t, now }) => (now - nanIfZero(t.nums[s * ROW + F.lastSeen]!)) / DAY,
  days_since_last_order: (s, { table: t, now }) => (now - nanIfZero(t.nums[s * ROW + F.lastOrderAt]!)) / DAY,
  age_days: (s, { table: t, now }) => (now - nanIfZero(t.nums[s * ROW + F.firstSeen]!)) / DAY,
  average_item_price: (s, { table }) => averageItemPrice(table, s),
  // One quintile each, as rfmOf computes them (without building its whole record per evaluation).
  rfm_recency: (s, { table: t, now, stats }) =>
    rfmReady(t, s, stats)
      ? quintile((now - t.nums[s * ROW + F.lastOrderAt]!) / DAY, stats.recencyCuts, true)
      : undefined,
  rfm_frequency: (s, { table: t, stats }) =>
    rfmReady(t, s, stats) ? quintile(t.nums[s * ROW + F.purchaseDays]!, stats.frequencyCuts) : undefined,
  rfm_monetary: (s, { table: t, stats }) =>
    rfmReady(t, s, stats) ? quintile(t.nums[s * ROW + F.revenue]!, stats.monetaryCuts) : undefined,
  price_band: (s, { table, stats }) => priceBandOf(averageItemPrice(table, s), stats),
  preferred_store: (s, { table }) => preferredStore(table, s),
  preferred_channel: (s, { table }) => preferredChannel(table, s),
};

function getter(field: Field): Getter {
  if (field.scope === 'affinity') {
    const { name, key } = field;
    return (s, { table }) => affinityShare(table, s, name, key);
  }
  if (field.scope === 'trait') {
    const name = field.name;
    let id = -1; // dictionary ids never change once given
    return (s, { table }) => {
      if (id < 0) id = table.traitNames.find(name);
      const r = id < 0 ? -1 : table.traitRows.find(s, id);
      return r < 0 ? undefined : table.traitRows.refs![r];
    };
  }
  if (field.scope === 'score') return col(SCORE_COLUMN[field.name]!);
  return FEATURE_GETTERS[field.name]!;
}

/** Share of the profile's decayed interest that goes to one category or brand (0..1). */
function affinityShare(table: ProfileTable, s: number, kind: 'category' | 'brand', key: string) {
  const id = (kind === 'category' ? table.categories : table.brands).find(key);
  return id < 0 ? 0 : interestShare(table, s, kind, id);
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'number' && Number.isNaN(v));
}

export function compareValues(actual: unknown, op: CompareOp, expected: Literal): boolean {
  if (!present(actual)) return op === '!=';
  let a: number | string | boolean;
  let b: number | string | boolean = expected;
  if (typeof expected === 'number') {
    a = typeof actual === 'number' ? actual : Number(actual);
    if (Number.isNaN(a)) return op === '!=';
  } else if (typeof expected === 'boolean') {
    a = actual === true || actual === 'true';
  } else {
    a = String(actual).toLowerCase();
    b = expected.toLowerCase();
  }
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

const EARTH_KM = 6371.0088;
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function activityPredicate(node: ActivityNode): SlotPredicate {
  const kind = ACTIVITY_KINDS.indexOf(node.verb);
  const windowMs = node.withinDays === null ? Number.POSITIVE_INFINITY : node.withinDays * DAY;
  const target = node.target;
  // Dictionary ids never change once given: resolved on first sight (-1 while no event named them).
  let want = -1;
  let store = -1;
  // Per slot: [activity version, (entries seen + 1) * 2 + answer (0 = never looked)]: the last look.
  let seen: Int32Array = new Int32Array(0);
  return (s, { table, now, incremental }) => {
    if (target && want < 0) want = dictOf(table, target.kind).find(target.value);
    if (node.store !== null && store < 0) store = table.stores.find(node.store);
    if ((target && want < 0) || (node.store !== null && store < 0)) return false;
    const a = table.activity.pool;
    const start = a.start(s);
    const n = a.count(s);
    const d = a.chunkOf(start);
    const base = a.offsetOf(start);
    const version = a.version(s);
    if (seen.length <= s * 2 + 1) seen = grown(seen, table.slots * 2);
    const c = s * 2;
    const looked = (seen[c + 1]! >> 1) - 1;
    if (incremental && looked >= 0 && looked <= n && seen[c] === version) {
      let match = false;
      for (let i = looked; i < n && !match; i++) {
        const o = base + i * ACT_STRIDE;
        match =
          entryKind(d, o) === kind &&
          (!target || entryId(d, o, target.kind) === want) &&
          (store < 0 || entryId(d, o, 'store') === store);
      }
      if (!match) {
        seen[c + 1] = ((n + 1) << 1) | (seen[c + 1]! & 1);
        return (seen[c + 1]! & 1) === 1;
      }
    }
    const sinceKey = timeKey(now - windowMs);
    let count = 0;
    for (let i = 0; i < n && count < node.atLeast; i++) {
      const o = base + i * ACT_STRIDE;
      if (d[o]! < sinceKey || entryKind(d, o) !== kind) continue;
      if (target && entryId(d, o, target.kind) !== want) continue;
      if (store >= 0 && entryId(d, o, 'store') !== store) continue;
      count++;
    }
    const hit = count >= node.atLeast;
    seen[c] = version;
    seen[c + 1] = ((n + 1) << 1) | (hit ? 1 : 0);
    return hit;
  };
}

export function dictOf(table: ProfileTable, kind: 'category' | 'brand' | 'product') {
  return kind === 'category' ? table.categories : kind === 'brand' ? table.brands : table.products;
}

function grown(a: Int32Array, atLeast: number): Int32Array {
  const next = new Int32Array(Math.max(atLeast, a.length * 2, 2048));
  next.set(a);
  return next;
}

const FEATURE_INPUTS: Record<string, number> = {
  orders: INPUT.orders,
  lifetime_revenue: INPUT.orders,
  average_order_value: INPUT.orders,
  days_since_last_order: INPUT.orders,
  rfm_recency: INPUT.orders,
  rfm_frequency: INPUT.orders,
  rfm_monetary: INPUT.orders,
  preferred_store: INPUT.orders,
  preferred_channel: INPUT.orders,
  views: INPUT.views,
  recency_days: INPUT.seen,
  age_days: INPUT.seen,
  average_item_price: INPUT.price,
  price_band: INPUT.price,
};

function fieldInputs(field: Field): number {
  if (field.scope === 'affinity') return INPUT.interest;
  if (field.scope === 'trait') return INPUT.traits;
  if (field.scope === 'score') return INPUT.orders;
  return FEATURE_INPUTS[field.name] ?? ALL_INPUTS;
}

/**
 * The inputs a rule reads (`INPUT` bits): an event that changes none of them cannot change the rule's
 * answer, except through time, which the periodic full recompute covers. `watchBit` gives an event
 * predicate with a target or a store a bit of its own (only entries naming it set it), or undefined.
 */
export function ruleInputs(node: RuleNode, watchBit?: (node: ActivityNode) => number | undefined): number {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.children.reduce((m, c) => m | ruleInputs(c, watchBit), 0);
    case 'not':
      return ruleInputs(node.child, watchBit);
    case 'compare':
    case 'exists':
    case 'in':
      return fieldInputs(node.field);
    case 'activity':
      return watchBit?.(node) ?? INPUT[node.verb];
    case 'near':
      return INPUT.location;
  }
}

/** Compiles a rule tree into a predicate over profile slots (no allocation per profile for most nodes). */
export function compileRule(node: RuleNode): SlotPredicate {
  switch (node.type) {
    case 'and': {
      const parts = node.children.map(compileRule);
      return (s, ctx) => {
        for (const p of parts) if (!p(s, ctx)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.children.map(compileRule);
      return (s, ctx) => {
        for (const p of parts) if (p(s, ctx)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileRule(node.child);
      return (s, ctx) => !inner(s, ctx);
    }
    case 'compare': {
      const get = getter(node.field);
      return (s, ctx) => compareValues(get(s, ctx), node.op, node.value);
    }
    case 'exists': {
      const get = getter(node.field);
      return (s, ctx) => present(get(s, ctx));
    }
    case 'in': {
      const get = getter(node.field);
      return (s, ctx) => {
        const v = get(s, ctx);
        return node.values.some((lit) => compareValues(v, '=', lit));
      };
    }
    case 'activity':
      return activityPredicate(node);
    case 'near':
      return (s, { table }) => {
        const lat = table.nums[s * ROW + F.lat]!;
        return (
          !Number.isNaN(lat) &&
          haversineKm(lat, table.nums[s * ROW + F.lon]!, node.latitude, node.longitude) <= node.km
        );
      };
  }
}
