import { describe, expect, it } from 'vitest';
import { createRng, type LoggedEvent, type PanierEvent } from '../../../kernel/index.ts';
import { ProfileEngine } from '../engine.ts';
import { DAY_MS, makeEvent, T0 } from '../test-events.ts';

let seq = 0;
const logged = (...events: PanierEvent[]): LoggedEvent[] => events.map((e) => ({ ...e, seq: ++seq }));

const RULES = {
  fans: 'viewed category "c1" at least 2 times',
  carts: 'added product "p2" at least 1 times in 30 days',
  local: 'bought in store "s1" AND NOT viewed brand "b0" at least 3 times',
  either: 'viewed category "c0" at least 3 times OR bought category "c2"',
  // Re-evaluated on every view (through feature.views), so its event predicate answers from its memo.
  viewing: 'viewed category "c1" at least 2 times AND feature.views >= 1',
} as const;

function withSegments(): ProfileEngine {
  const eng = new ProfileEngine({ hash: (s) => `h${s}` });
  for (const [id, rule] of Object.entries(RULES))
    eng.segments.put({ id, name: id, rule, createdAt: 0, updatedAt: 0 });
  return eng;
}

/** Members per segment as kept by the event-driven evaluation, and as a fresh full look computes them. */
function kept(eng: ProfileEngine) {
  return Object.keys(RULES).map((id) => eng.segments.members(id, -1, 1000).profileIds.sort());
}
function fresh(eng: ProfileEngine, now: number) {
  return Object.values(RULES).map((rule) => eng.segments.preview(rule, eng.context(now), 1000).sample.sort());
}

const view = (anonymousId: string, category: string, at: number, brand = 'b9') =>
  makeEvent({ anonymousId, timestamp: at, props: { product_id: 'p1', category, brand, price: 10 } });

describe('event predicates after events', () => {
  it('agree with a full look after every event, through merges, unmerges, erasures and reused slots', () => {
    const rng = createRng(9);
    const eng = withSegments();
    const users = Array.from({ length: 6 }, (_, i) => `u${i}`);
    const devices = Array.from({ length: 12 }, (_, i) => `d${i}`);
    const seen = { merges: 0, unmerges: 0, erasures: 0, entered: 0 };
    for (let step = 0; step < 2500; step++) {
      const at = T0 + step * 1000;
      const r = rng.next();
      const open = eng.graph.merges().filter((m) => m.undoneAt === null);
      if (r < 0.01 && open.length > 0) {
        const out = eng.graph.unmerge(rng.pick(open).id, at, 'admin');
        for (const pid of [out.from, out.restored]) eng.recomputeProfile(pid, [], at);
        seen.unmerges++;
      } else if (r < 0.02) {
        const pid = eng.resolve(rng.pick([...users, ...devices]));
        if (pid !== undefined) {
          eng.erase(pid, at, seq);
          seen.erasures++;
        }
      } else {
        const before = eng.graph.merges().length;
        const changes = eng.ingest(logged(randomEvent(rng, users, devices, at)), at);
        seen.entered += changes.filter((c) => c.entered).length;
        if (eng.graph.merges().length > before) seen.merges++;
      }
      expect(kept(eng)).toEqual(fresh(eng, at));
    }
    expect(seen.merges).toBeGreaterThan(30);
    expect(seen.unmerges).toBeGreaterThan(5);
    expect(seen.erasures).toBeGreaterThan(10);
    expect(seen.entered).toBeGreaterThan(50);
  });

  it('look again at every entry once older entries were compacted away', () => {
    const eng = withSegments();
    eng.ingest(logged(view('a', 'c1', T0), view('a', 'c1', T0 + 10 * DAY_MS)), T0 + 10 * DAY_MS);
    expect([eng.segments.count('fans'), eng.segments.count('viewing')]).toEqual([1, 1]);
    eng.table.activity.compact(T0 + DAY_MS, eng.table.slots); // the first view goes
    // A view of another category: `viewing` reads every view and sees that the entries changed; `fans`
    // watches views of c1 only, so its exit (time's doing) is the recompute's.
    const at = T0 + 11 * DAY_MS;
    const changes = eng.ingest(logged(view('a', 'c3', at)), at);
    expect(changes.map((c) => [c.segmentId, c.entered])).toEqual([['viewing', false]]);
    const exits = eng.segments.recompute(eng.context(at), 'recompute');
    expect(exits.map((c) => [c.segmentId, c.entered])).toEqual([['fans', false]]);
  });

  it('leave time-driven exits to the recompute: an unrelated event keeps a member whose window has passed', () => {
    const eng = withSegments();
    const add = makeEvent({
      anonymousId: 'a',
      type: 'product_added',
      timestamp: T0,
      props: { product_id: 'p2' },
    });
    eng.ingest(logged(add), T0);
    expect(eng.segments.count('carts')).toBe(1);
    const later = T0 + 40 * DAY_MS;
    expect(eng.ingest(logged(view('a', 'c3', later)), later)).toEqual([]);
    const exits = eng.segments.recompute(eng.context(later), 'recompute');
    expect(exits.map((c) => [c.segmentId, c.entered])).toEqual([['carts', false]]);
  });
});

function randomEvent(rng: ReturnType<typeof createRng>, users: string[], devices: string[], at: number) {
  const r = rng.next();
  const userId = rng.chance(0.3) ? rng.pick(users) : null;
  const anonymousId = rng.chance(0.85) || userId === null ? rng.pick(devices) : null;
  if (r < 0.08) return makeEvent({ type: 'identify', userId, anonymousId, timestamp: at });
  if (r < 0.1)
    return makeEvent({ type: 'alias', userId: rng.pick(users), payload: { previousId: rng.pick(devices) } });
  const product = {
    product_id: `p${rng.int(4)}`,
    category: `c${rng.int(4)}`,
    brand: `b${rng.int(3)}`,
    price: 10,
  };
  if (r < 0.25)
    return makeEvent({
      type: 'order_completed',
      userId,
      anonymousId,
      timestamp: at,
      storeId: rng.chance(0.5) ? `s${rng.int(3)}` : null,
      props: { revenue: 10, products: [product] },
    });
  const type = r < 0.4 ? 'product_added' : 'product_viewed';
  return makeEvent({ type, userId, anonymousId, timestamp: at, props: product });
}
