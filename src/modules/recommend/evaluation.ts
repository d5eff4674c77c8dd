import type { ContentDoc } from './content.ts';
import { DEFAULT_EASE, type EaseOptions } from './ease.ts';
import { type Interaction, InteractionTable } from './interactions.ts';
import { type MetricSummary, RankingMetrics } from './metrics.ts';
import { type RecModel, trainModel } from './model.ts';
import type { Placement } from './schemas.ts';
import { DEFAULT_KNN, SESSION_KNN_VARIANTS, type SessionKnnParams } from './session-knn.ts';
import {
  type ForYouModel,
  type HistoryEntry,
  type ShopperContext,
  STRATEGIES,
  type StrategyDeps,
  type TrendingSource,
} from './strategies.ts';
import { getOrCreate } from './vocab.ts';

export interface EvalOptions {
  k: number;
  /** Days at the end of the data held out as the test period. */
  testDays: number;
  /** Items seen fewer times are dropped (session-rec: 5). */
  minItemSupport: number;
  /** At most this many test sessions (0 = all), taken in time order. */
  maxTestSessions: number;
  /** Session kNN parameter overrides. */
  knn?: Partial<SessionKnnParams>;
  /** Only the strategies whose row name starts with one of these (all when absent). */
  strategies?: readonly string[];
  /** EASE options for the trained model (defaults: DEFAULT_EASE). */
  ease?: Partial<EaseOptions>;
}

export interface EvalRow {
  strategy: string;
  metrics: MetricSummary;
  /** Mean CPU time to answer one prediction, ms. */
  msPerPrediction: number;
}

export interface EvalReport {
  k: number;
  split: { cutoff: string; testDays: number };
  data: {
    interactions: number;
    trainInteractions: number;
    items: number;
    trainSessions: number;
    testSessions: number;
    testUsers: number;
  };
  nextItem: EvalRow[];
  userHistory: EvalRow[];
  seconds: number;
  trainSeconds: number;
}

const DAY_MS = 86_400_000;

/** CPU time of this process (ms) where the platform exposes it, else wall time: the machine may be shared. */
function cpuMs(): number {
  const proc = (globalThis as { process?: { cpuUsage(): { user: number; system: number } } }).process;
  if (!proc) return performance.now();
  const u = proc.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A test session: items in order, the actor and the time of each step. */
interface TestSession {
  actor: string;
  items: string[];
  times: number[];
}

/**
 * Offline evaluation with the session-rec protocol: global time split, full ranking, next item at every
 * position; plus a user protocol (history before the split → items bought after it) for basket data.
 */
export function evaluate(
  all: readonly Interaction[],
  docs: readonly ContentDoc[],
  o: EvalOptions,
): EvalReport {
  const started = Date.now();
  const kept = preprocess(all, o.minItemSupport);
  const end = kept.reduce((m, x) => Math.max(m, x.timestamp), 0);
  const cutoff = end - o.testDays * DAY_MS;
  const sessions = groupSessions(kept);
  const trainKeys = new Set<string>();
  const test: TestSession[] = [];
  for (const [key, s] of sessions) {
    if (s.times[s.times.length - 1]! < cutoff) trainKeys.add(key);
    else test.push(s);
  }
  const train = kept.filter((x) => trainKeys.has(sessionKey(x)));
  const table = new InteractionTable();
  for (const x of train) table.add(x);
  const t0 = Date.now();
  const model = trainModel(table, docs, cutoff, () => {}, { ease: { ...DEFAULT_EASE, ...o.ease } });
  const trainSeconds = (Date.now() - t0) / 1000;
  const trainItems = new Set(train.map((x) => x.productId));
  const testSessions = test
    .map((s) => filterSession(s, trainItems))
    .filter((s) => s.items.length >= 2)
    .sort((a, b) => a.times[0]! - b.times[0]!);
  const limited = o.maxTestSessions > 0 ? testSessions.slice(0, o.maxTestSessions) : testSessions;
  const histories = historiesOf(train);
  const deps = depsFor(model, train, cutoff, o);
  const wanted = (name: string) => !o.strategies || o.strategies.some((p) => name.startsWith(p));
  const nextItem = nextItemProtocol(deps, limited, histories, o.k, o.knn ?? {}, wanted);
  const userHistory = userProtocol(deps, kept, histories, trainItems, cutoff, o.k, wanted);
  return {
    k: o.k,
    split: { cutoff: new Date(cutoff).toISOString(), testDays: o.testDays },
    data: {
      interactions: all.length,
      trainInteractions: train.length,
      items: model.itemCount,
      trainSessions: trainKeys.size,
      testSessions: limited.length,
      testUsers: userHistory[0]?.metrics.predictions ?? 0,
    },
    nextItem,
    userHistory,
    seconds: (Date.now() - started) / 1000,
    trainSeconds,
  };
}

const sessionKey = (x: Interaction): string =>
  x.sessionId !== null ? `s:${x.sessionId}` : `o:${x.orderId ?? x.actor}`;

/** session-rec preprocessing: drop 1-item sessions, items seen < minSupport, then short sessions again. */
export function preprocess(all: readonly Interaction[], minSupport: number): Interaction[] {
  const dropShort = (xs: readonly Interaction[]) => {
    const len = new Map<string, number>();
    for (const x of xs) len.set(sessionKey(x), (len.get(sessionKey(x)) ?? 0) + 1);
    return xs.filter((x) => len.get(sessionKey(x))! >= 2);
  };
  const first = dropShort(all);
  const support = new Map<string, number>();
  for (const x of first) support.set(x.productId, (support.get(x.productId) ?? 0) + 1);
  return dropShort(first.filter((x) => support.get(x.productId)! >= minSupport));
}

function groupSessions(xs: readonly Interaction[]): Map<string, TestSession> {
  const out = new Map<string, TestSession>();
  const sorted = [...xs].sort((a, b) => a.timestamp - b.timestamp);
  for (const x of sorted) {
    const key = sessionKey(x);
    const s = getOrCreate(out, key, () => ({ actor: x.actor, items: [] as string[], times: [] as number[] }));
    s.items.push(x.productId);
    s.times.push(x.timestamp);
  }
  return out;
}

function filterSession(s: TestSession, known: ReadonlySet<string>): TestSession {
  const keep = s.items.map((p) => known.has(p));
  return {
    actor: s.actor,
    items: s.items.filter((_, i) => keep[i]),
    times: s.times.filter((_, i) => keep[i]),
  };
}

function historiesOf(train: readonly Interaction[]): Map<string, HistoryEntry[]> {
  const out = new Map<string, HistoryEntry[]>();
  for (const x of [...train].sort((a, b) => a.timestamp - b.timestamp)) {
    const h = getOrCreate(out, x.actor, (): HistoryEntry[] => []);
    h.push({ productId: x.productId, kind: x.kind, timestamp: x.timestamp });
  }
  return out;
}

/** Trending as of the split: weighted counts over the last 7 days of training. */
function staticTrending(train: readonly Interaction[], cutoff: number): TrendingSource {
  const counts = new Map<string, number>();
  for (const x of train)
    if (x.timestamp >= cutoff - 7 * DAY_MS) counts.set(x.productId, (counts.get(x.productId) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { top: (_w, _s, limit) => ranked.slice(0, limit) };
}

function depsFor(
  model: RecModel,
  train: readonly Interaction[],
  cutoff: number,
  o: EvalOptions,
): StrategyDeps {
  return { model, trending: staticTrending(train, cutoff), knn: { ...DEFAULT_KNN.vstan, ...o.knn } };
}

type Runner = {
  name: string;
  placement: Placement;
  knn?: SessionKnnParams;
  forYou?: ForYouModel;
  ctx: (c: ShopperContext) => ShopperContext;
};

function nextItemRunners(o: Partial<SessionKnnParams> = {}): Runner[] {
  const knn = SESSION_KNN_VARIANTS.map(
    (v): Runner => ({
      name: `session-next (${v})`,
      placement: 'session-next',
      knn: { ...DEFAULT_KNN[v], ...o, variant: v },
      ctx: (c) => ({ ...c, history: [] }),
    }),
  );
  return [
    ...knn,
    {
      name: 'similar-items (last item)',
      placement: 'similar-items',
      ctx: (c) => ({ ...c, context: c.session.slice(-1) }),
    },
    {
      name: 'frequently-bought-together (prefix)',
      placement: 'frequently-bought-together',
      ctx: (c) => ({ ...c, context: [...c.session] }),
    },
    {
      name: 'for-you (item-kNN history + session, blend 0.5)',
      placement: 'for-you',
      ctx: (c) => ({ ...c, blend: 0.5 }),
    },
    {
      name: 'for-you (EASE history + session, blend 0.5)',
      placement: 'for-you',
      forYou: 'ease',
      ctx: (c) => ({ ...c, blend: 0.5 }),
    },
    {
      name: 'for-you (hybrid history + session, blend 0.5)',
      placement: 'for-you',
      forYou: 'hybrid',
      ctx: (c) => ({ ...c, blend: 0.5 }),
    },
    {
      name: 'recently-viewed (session)',
      placement: 'recently-viewed',
      ctx: (c) => ({
        ...c,
        history: c.session.map((p) => ({ productId: p, kind: 'view' as const, timestamp: c.now })),
      }),
    },
    { name: 'trending (7 days before split)', placement: 'trending', ctx: (c) => c },
    { name: 'popular (baseline)', placement: 'popular', ctx: (c) => c },
  ];
}

const trainedItem =
  (model: RecModel) =>
  (p: string): boolean => {
    const i = model.items.id(p);
    return i !== undefined && i < model.itemCount;
  };

function popularityLookup(model: RecModel): (p: string) => number {
  const max = model.popularity[model.popularOrder[0] ?? 0] ?? 1;
  return (p) => {
    const i = model.items.id(p);
    return i === undefined || i >= model.itemCount ? 0 : model.popularity[i]! / max;
  };
}

function nextItemProtocol(
  deps: StrategyDeps,
  sessions: readonly TestSession[],
  histories: Map<string, HistoryEntry[]>,
  k: number,
  knnOverrides: Partial<SessionKnnParams>,
  wanted: (name: string) => boolean,
): EvalRow[] {
  const pop = popularityLookup(deps.model);
  return nextItemRunners(knnOverrides)
    .filter((r) => wanted(r.name))
    .map((r) => {
      const m = new RankingMetrics(k, pop, trainedItem(deps.model));
      const d = { ...deps, knn: r.knn ?? deps.knn, forYou: r.forYou ?? 'knn' };
      const t0 = cpuMs();
      for (const s of sessions)
        for (let p = 1; p < s.items.length; p++) {
          const base: ShopperContext = {
            now: s.times[p - 1]!,
            session: s.items.slice(0, p),
            history: histories.get(s.actor) ?? [],
            context: [],
            blend: 0.5,
            window: '7d',
          };
          const ranked = STRATEGIES[r.placement](d, r.ctx(base), k).map((c) => c.productId);
          m.add(ranked, new Set([s.items[p]!]));
        }
      const ms = (cpuMs() - t0) / Math.max(1, m.lists);
      return { strategy: r.name, metrics: m.summary(deps.model.itemCount), msPerPrediction: ms };
    });
}

/** Users with history before the split: rank once at the split, targets = items they bought after it. */
function userProtocol(
  deps: StrategyDeps,
  all: readonly Interaction[],
  histories: Map<string, HistoryEntry[]>,
  known: ReadonlySet<string>,
  cutoff: number,
  k: number,
  wanted: (name: string) => boolean,
): EvalRow[] {
  const targets = new Map<string, Set<string>>();
  for (const x of all) {
    if (x.timestamp < cutoff || x.kind !== 'purchase' || !known.has(x.productId) || !histories.has(x.actor))
      continue;
    const t = getOrCreate(targets, x.actor, () => new Set<string>());
    t.add(x.productId);
  }
  if (targets.size === 0) return [];
  const pop = popularityLookup(deps.model);
  const runs: Array<{ name: string; placement: Placement; forYou?: ForYouModel }> = [
    { name: 'for-you (item-kNN)', placement: 'for-you', forYou: 'knn' },
    { name: 'for-you (EASE)', placement: 'for-you', forYou: 'ease' },
    { name: 'for-you (hybrid EASE + item-kNN)', placement: 'for-you', forYou: 'hybrid' },
    { name: 'buy-it-again', placement: 'buy-it-again' },
    { name: 'trending', placement: 'trending' },
    { name: 'popular (baseline)', placement: 'popular' },
  ];
  return runs
    .filter((r) => wanted(r.name))
    .map(({ name, placement, forYou }) => {
      const d = { ...deps, forYou: forYou ?? 'knn' };
      const m = new RankingMetrics(k, pop, trainedItem(deps.model));
      const t0 = cpuMs();
      for (const [actor, t] of targets) {
        const ctx: ShopperContext = {
          now: cutoff,
          session: [],
          history: histories.get(actor)!,
          context: [],
          blend: 0,
          window: '7d',
        };
        m.add(
          STRATEGIES[placement](d, ctx, k).map((c) => c.productId),
          t,
        );
      }
      return {
        strategy: name,
        metrics: m.summary(deps.model.itemCount),
        msPerPrediction: (cpuMs() - t0) / Math.max(1, m.lists),
      };
    });
}
