import { type Groups, groupCount, invert, type Postings } from './sessions.ts';
import { IntList, topByScore } from './topk.ts';
import { getOrCreate } from './vocab.ts';

/** The session-kNN family of Ludewig et al. (UMUAI 2021); one engine, four weightings. */
export const SESSION_KNN_VARIANTS = ['sknn', 'vsknn', 'stan', 'vstan'] as const;
export type SessionKnnVariant = (typeof SESSION_KNN_VARIANTS)[number];

export interface SessionKnnParams {
  variant: SessionKnnVariant;
  /** Neighbour sessions kept. */
  k: number;
  /** Most recent candidate sessions sharing an item with the current session. */
  sampleSize: number;
  /** Position decay of current-session items (items), STAN λspw. */
  lambdaSpw: number;
  /** Recency decay of neighbour sessions (days), STAN λsnh. */
  lambdaSnhDays: number;
  /** Distance decay inside a neighbour session (items), STAN λinh. */
  lambdaInh: number;
  /** VSTAN: decay by the position of the most recent shared item (items). */
  lambdaIpw: number;
  /** VSTAN: weight of item IDF. */
  lambdaIdf: number;
}

/** Defaults near the session-rec DIGINETICA tunings; see docs/recommendations.md for tuning. */
export const DEFAULT_KNN: Record<SessionKnnVariant, SessionKnnParams> = {
  sknn: {
    variant: 'sknn',
    k: 100,
    sampleSize: 1000,
    lambdaSpw: 0,
    lambdaSnhDays: 0,
    lambdaInh: 0,
    lambdaIpw: 0,
    lambdaIdf: 0,
  },
  vsknn: {
    variant: 'vsknn',
    k: 100,
    sampleSize: 1000,
    lambdaSpw: 0,
    lambdaSnhDays: 0,
    lambdaInh: 0,
    lambdaIpw: 0,
    lambdaIdf: 1,
  },
  stan: {
    variant: 'stan',
    k: 500,
    sampleSize: 2500,
    lambdaSpw: 1.225,
    lambdaSnhDays: 20,
    lambdaInh: 4.9,
    lambdaIpw: 0,
    lambdaIdf: 0,
  },
  vstan: {
    variant: 'vstan',
    k: 500,
    sampleSize: 2500,
    lambdaSpw: 1.225,
    lambdaSnhDays: 20,
    lambdaInh: 4.9,
    lambdaIpw: 4.9,
    lambdaIdf: 1,
  },
};

const DAY_MS = 86_400_000;
/** Most recent items of the live session used to find neighbours. */
export const MAX_SESSION_ITEMS = 10;

export interface Scored {
  items: Int32Array;
  scores: Float64Array;
}

/** Training sessions indexed for neighbour search; scratch buffers make one query allocation-light. */
export class SessionKnnIndex {
  readonly postings: Postings;
  readonly idf: Float32Array;
  private readonly stamp: Uint32Array;
  private epoch = 0;
  private readonly queryWeight: Float64Array;
  private readonly queryStamp: Uint32Array;
  private readonly position: Int32Array;
  private readonly score: Float64Array;
  private readonly scoreStamp: Uint32Array;
  /** Similarity of each candidate session to the current one (scratch, indexed by session). */
  private readonly sim: Float64Array;
  // per-request scratch lists (one query at a time: serving is single-threaded)
  private readonly candidateList = new IntList();
  private readonly keptList = new IntList();
  private readonly touchedList = new IntList();
  private readonly heads = new IntList();
  private readonly ends = new IntList();

  constructor(
    readonly sessions: Groups,
    readonly itemCount: number,
  ) {
    this.postings = invert(sessions, itemCount);
    const n = Math.max(1, groupCount(sessions));
    this.idf = new Float32Array(itemCount);
    for (let i = 0; i < itemCount; i++) {
      const df = this.postings.offsets[i + 1]! - this.postings.offsets[i]!;
      this.idf[i] = df > 0 ? Math.log(n / df) : 0;
    }
    this.stamp = new Uint32Array(groupCount(sessions));
    this.sim = new Float64Array(groupCount(sessions));
    this.queryWeight = new Float64Array(itemCount);
    this.queryStamp = new Uint32Array(itemCount);
    this.position = new Int32Array(itemCount);
    this.score = new Float64Array(itemCount);
    this.scoreStamp = new Uint32Array(itemCount);
  }

  /** Scores candidate next items for `current` (oldest first, known item ids only) at time `now`. */
  recommend(current: readonly number[], now: number, p: SessionKnnParams, limit: number): Scored {
    const empty = { items: new Int32Array(0), scores: new Float64Array(0) };
    if (current.length === 0) return empty;
    // older items weigh ~0 under the position decays; bounding them bounds the cost of long sessions
    if (current.length > MAX_SESSION_ITEMS) current = current.slice(-MAX_SESSION_ITEMS);
    const epoch = this.nextEpoch();
    const weights = this.positionWeights(current, p, epoch);
    const candidates = this.candidates(current, p.sampleSize, epoch);
    const neighbours = this.nearest(candidates, weights.norm, now, p);
    return this.scoreItems(neighbours, current, p, epoch, limit);
  }

  private nextEpoch(): number {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.queryStamp.fill(0);
      this.scoreStamp.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  /** Weight of each current-session item by position; the last occurrence wins, as in session-rec. */
  private positionWeights(current: readonly number[], p: SessionKnnParams, epoch: number): { norm: number } {
    const len = current.length;
    for (let i = 0; i < len; i++) {
      const pos = i + 1;
      let w = 1;
      if (p.variant === 'vsknn') w = 1 / (len - pos + 1);
      else if (p.lambdaSpw > 0) w = Math.exp((pos - len) / p.lambdaSpw);
      this.queryWeight[current[i]!] = w;
      this.queryStamp[current[i]!] = epoch;
    }
    let sq = 0;
    for (const it of new Set(current)) sq += p.variant === 'sknn' ? 1 : this.queryWeight[it]! ** 2;
    return { norm: Math.sqrt(sq) };
  }

  /**
   * The `sampleSize` most recent sessions sharing at least one item with the current session: a merge of
   * the items' posting lists (each already most-recent-first) that stops once the sample is full.
   */
  private candidates(current: readonly number[], sampleSize: number, epoch: number): IntList {
    const out = this.candidateList.clear();
    const { offsets, groups } = this.postings;
    const t = this.sessions.time;
    const heads = this.heads.clear();
    const ends = this.ends.clear();
    for (let i = 0; i < current.length; i++) {
      const it = current[i]!;
      if (current.indexOf(it) !== i) continue; // distinct items (sessions are short)
      if (it >= this.itemCount || offsets[it]! === offsets[it + 1]!) continue;
      heads.push(offsets[it]!);
      ends.push(offsets[it + 1]!);
    }
    const h = heads.buf;
    const e = ends.buf;
    while (out.length < sampleSize) {
      let best = -1;
      for (let l = 0; l < heads.length; l++) {
        if (h[l]! >= e[l]!) continue;
        if (best < 0 || t[groups[h[l]!]!]! > t[groups[h[best]!]!]!) best = l;
      }
      if (best < 0) break;
      const s = groups[h[best]!++]!;
      if (this.stamp[s] !== epoch) {
        this.stamp[s] = epoch;
        out.push(s);
      }
    }
    return out;
  }

  private nearest(candidates: IntList, norm: number, now: number, p: SessionKnnParams): number[] {
    const { offsets, items, time } = this.sessions;
    const epoch = this.epoch;
    const sknn = p.variant === 'sknn';
    const decay = p.lambdaSnhDays > 0 ? 1 / (p.lambdaSnhDays * DAY_MS) : 0;
    const kept = this.keptList.clear();
    for (let c = 0; c < candidates.length; c++) {
      const s = candidates.buf[c]!;
      let dot = 0;
      const start = offsets[s]!;
      const end = offsets[s + 1]!;
      for (let j = start; j < end; j++) {
        const it = items[j]!;
        if (this.queryStamp[it] === epoch) dot += sknn ? 1 : this.queryWeight[it]!;
      }
      if (dot <= 0) continue;
      let sim = dot / (norm * Math.sqrt(end - start));
      if (decay > 0) sim *= Math.exp(-Math.max(0, now - time[s]!) * decay);
      this.sim[s] = sim;
      kept.push(s);
    }
    return kept.top(this.sim, p.k);
  }

  private scoreItems(
    neighbours: readonly number[],
    current: readonly number[],
    p: SessionKnnParams,
    epoch: number,
    limit: number,
  ): Scored {
    const { offsets, items } = this.sessions;
    const touched = this.touchedList.clear();
    for (let i = 0; i < current.length; i++) this.position[current[i]!] = i + 1;
    const inh = p.lambdaInh > 0 ? inhTable(p.lambdaInh) : null;
    const idfWeight = p.lambdaIdf;
    for (const s of neighbours) {
      const sim = this.sim[s]!;
      const start = offsets[s]!;
      const end = offsets[s + 1]!;
      let star = -1;
      let ipw = 1;
      let bestCurrentPos = 0;
      for (let j = start; j < end; j++) {
        const it = items[j]!;
        if (this.queryStamp[it] === epoch) {
          const pos = this.position[it]!;
          star = j - start;
          if (pos > bestCurrentPos) bestCurrentPos = pos;
        }
      }
      if (p.lambdaIpw > 0 && bestCurrentPos > 0)
        ipw = Math.exp((bestCurrentPos - current.length) / p.lambdaIpw);
      else if (p.variant === 'vsknn' && bestCurrentPos > 0) ipw = 1 / (current.length - bestCurrentPos + 1);
      for (let j = start; j < end; j++) {
        const it = items[j]!;
        let w = sim * ipw;
        if (inh && star >= 0) {
          const d = Math.abs(j - start - star);
          w *= d < inh.length ? inh[d]! : 0;
        }
        if (idfWeight > 0) w += w * this.idf[it]! * idfWeight;
        if (this.scoreStamp[it] !== epoch) {
          this.scoreStamp[it] = epoch;
          this.score[it] = 0;
          touched.push(it);
        }
        this.score[it]! += w;
      }
    }
    const best = touched.top(this.score, limit);
    return { items: Int32Array.from(best), scores: Float64Array.from(best, (i) => this.score[i]!) };
  }
}

const inhCache = new Map<number, Float64Array>();
/** exp(-d/λ) as a table: the inner loop runs for every item of every neighbour. */
function inhTable(lambda: number): Float64Array {
  return getOrCreate(inhCache, lambda, () =>
    Float64Array.from({ length: 256 }, (_, i) => Math.exp(-i / lambda)),
  );
}

/** The `limit` best of `candidates` by `score[candidate]`, best first. */
export function topOf(candidates: number[], score: ArrayLike<number>, limit: number): Scored {
  const best = topByScore(candidates, score, limit);
  return { items: Int32Array.from(best), scores: Float64Array.from(best, (i) => score[i]!) };
}
