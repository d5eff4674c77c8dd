import { createIsoFormatter, type DemoDay, demoDay, ONLINE_WEEKDAYS, STORE_WEEKDAYS } from './calendar.ts';
import { storeVisit, visitTime } from './orders.ts';
import { burstsOn } from './patterns.ts';
import { PendingEvents } from './pending.ts';
import { poisson, STREAMS, streamRng } from './random.ts';
import type { SegmentMessage } from './segment.ts';
import { onlineSession, sessionStart } from './sessions.ts';
import { type EventTally, tallyEvent } from './tally.ts';
import type { RunState, World } from './world.ts';

const EMPTY: readonly number[] = [];
const IN_STORE = 1;
const TAKES_DUE = 2;
const EXTRA_TRIP = 4;

/** A day's visits, drawn before any is generated so they can be played in start order. */
interface Plan {
  start: number[];
  shopper: number[];
  flags: number[];
}

function dueByShopper(flat: readonly number[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let k = 0; k < flat.length; k += 2) {
    const list = map.get(flat[k]!);
    if (list) list.push(flat[k + 1]!);
    else map.set(flat[k]!, [flat[k + 1]!]);
  }
  return map;
}

/** Every shopper decides whether to visit online and in store today (Poisson around their rates). */
function planDay(world: World, state: RunState, day: DemoDay, due: ReadonlyMap<number, number[]>): Plan {
  const { rng } = state;
  const plan: Plan = { start: [], shopper: [], flags: [] };
  const trend = 1 + (0.12 * day.index) / world.days;
  const onlineFactor = ONLINE_WEEKDAYS[day.weekday]! * trend;
  const storeFactor = STORE_WEEKDAYS[day.weekday]! * trend;
  const add = (start: number, shopper: number, flags: number): void => {
    plan.start.push(start);
    plan.shopper.push(shopper);
    plan.flags.push(flags);
  };
  for (const shopper of world.shoppers) {
    // One Poisson draw for all visits, then each is online or in store (Poisson splitting): a single
    // uniform settles most shopper-days.
    const onlineRate = shopper.onlineRate * onlineFactor;
    const rate = onlineRate + shopper.storeRate * storeFactor;
    const visits = poisson(rng, rate);
    let online = 0;
    for (let k = 0; k < visits; k++) if (rng.next() * rate < onlineRate) online++;
    let store = visits - online;
    const hasDue = due.size > 0 && due.has(shopper.index);
    const extra = hasDue && online + store === 0 ? EXTRA_TRIP : 0;
    if (extra) {
      // A staple running out triggers a trip of its own.
      if (rng.chance(shopper.onlineRate / (shopper.onlineRate + shopper.storeRate))) online = 1;
      else store = 1;
    }
    for (let k = 0; k < online; k++)
      add(sessionStart(rng, day), shopper.index, extra | (hasDue && k === 0 ? TAKES_DUE : 0));
    for (let k = 0; k < store; k++)
      add(
        visitTime(rng, day),
        shopper.index,
        IN_STORE | extra | (hasDue && online === 0 && k === 0 ? TAKES_DUE : 0),
      );
  }
  return plan;
}

function startOrder(plan: Plan): number[] {
  const order = Array.from({ length: plan.start.length }, (_, k) => k);
  return order.sort((a, b) => plan.start[a]! - plan.start[b]!);
}

const THREE_DIGITS = Array.from({ length: 1000 }, (_, k) => String(k).padStart(3, '0'));

/** `demo-<seed>-000000001`, … with the 6-digit head rebuilt once per thousand ids. */
function messageIds(seed: number): { next(): string } {
  let n = 0;
  let head = '';
  return {
    next() {
      n++;
      const low = n % 1000;
      if (low === 0 || head === '') head = `demo-${seed}-${String(Math.floor(n / 1000)).padStart(6, '0')}`;
      return head + THREE_DIGITS[low];
    },
  };
}

function newState(world: World): RunState {
  return {
    rng: streamRng(world.seed, STREAMS.events),
    loggedIn: new Uint8Array(world.shoppers.length),
    consentChanged: new Uint8Array(world.shoppers.length),
    due: Array.from({ length: world.days }, () => []),
    orders: 0,
    carts: 0,
  };
}

/**
 * All events in time order, in batches. Visits are played in start order; an event leaves the pending
 * heap once no visit still to come can start before it, so the stream is chronological.
 */
export function* eventBatches(
  world: World,
  endDate: number,
  batchSize: number,
  tally: EventTally,
): Generator<SegmentMessage[]> {
  const state = newState(world);
  const pending = new PendingEvents();
  const ids = messageIds(world.seed);
  const iso = createIsoFormatter();
  let batch: SegmentMessage[] = [];
  /** Moves pending events earlier than `limit` into the batch; true when the batch is full. */
  const drain = (limit: number): boolean => {
    while (pending.size > 0 && pending.peekTime() < limit && batch.length < batchSize) {
      const time = pending.peekTime();
      const msg = pending.pop();
      msg.messageId = ids.next();
      msg.timestamp = iso(time);
      tallyEvent(tally, msg, time);
      batch.push(msg);
    }
    return batch.length >= batchSize;
  };
  for (let d = 0; d < world.days; d++) {
    const day = demoDay(endDate, world.days, d);
    const bursts = burstsOn(world.patterns, day);
    const due = dueByShopper(state.due[d]!);
    state.due[d] = [];
    const plan = planDay(world, state, day, due);
    for (const k of startOrder(plan)) {
      while (drain(plan.start[k]!)) {
        yield batch;
        batch = [];
      }
      const shopper = world.shoppers[plan.shopper[k]!]!;
      const flags = plan.flags[k]!;
      const mine = flags & TAKES_DUE ? due.get(shopper.index)! : EMPTY;
      const extra = (flags & EXTRA_TRIP) !== 0;
      if (flags & IN_STORE)
        storeVisit(world, state, pending, day, plan.start[k]!, shopper, mine, extra, bursts);
      else onlineSession(world, state, pending, day, plan.start[k]!, shopper, mine, extra, bursts);
    }
  }
  while (drain(Number.POSITIVE_INFINITY)) {
    yield batch;
    batch = [];
  }
  if (batch.length > 0) yield batch;
}
