import type { Rng } from '../../kernel/index.ts';
import { type DemoDay, HOUR_MS, ONLINE_HOURS } from './calendar.ts';
import { findLine, onlineOrder, orderLines, productsOf } from './orders.ts';
import type { PendingEvents } from './pending.ts';
import { productAdjective, productNoun } from './products.ts';
import { cumulative, pickCumulative, poisson } from './random.ts';
import {
  type Actor,
  alias,
  identify,
  pageView,
  productAt,
  productFields,
  productInCart,
  type SegmentMessage,
  track,
} from './segment.ts';
import type { Shopper } from './shoppers.ts';
import { chooseProduct, complementFor, pickLeaf, quantityFor, scheduleRepurchases } from './shopping.ts';
import { withTypo } from './typos.ts';
import type { Burst, Line, RunState, World } from './world.ts';

const ONLINE_HOUR_CUM = cumulative(ONLINE_HOURS);
/** Chance that a session on a burst day views the bursting product (at nominal intensity). */
const BURST_VIEW = 0.08;

export function sessionStart(rng: Rng, day: DemoDay): number {
  return day.start + pickCumulative(ONLINE_HOUR_CUM, rng.next()) * HOUR_MS + Math.floor(rng.next() * HOUR_MS);
}

/** One browsing session's running state: who, when, and the cart. */
interface Visit {
  readonly world: World;
  readonly state: RunState;
  readonly rng: Rng;
  readonly buffer: PendingEvents;
  readonly shopper: Shopper;
  readonly device: number;
  readonly actor: Actor;
  readonly cartId: string;
  readonly lines: Line[];
  t: number;
}

function emit(v: Visit, msg: SegmentMessage): void {
  v.buffer.push(v.t, msg);
  // Shoppers spend a few seconds to a minute and a half between actions.
  v.t += 4000 + v.rng.int(80_000);
}

function traits(shopper: Shopper): Record<string, unknown> {
  const t: Record<string, unknown> = {
    email: shopper.email,
    first_name: shopper.firstName,
    last_name: shopper.lastName,
  };
  if (shopper.loyaltyId) t.loyalty_id = shopper.loyaltyId;
  if (shopper.consent) t.consent = { ...shopper.consent };
  return t;
}

/** First login on a device: identify with traits, and alias the device's anonymous id to the account. */
function logIn(v: Visit): void {
  const userId = v.shopper.userId!;
  v.actor.userId = userId;
  emit(v, identify(v.actor, traits(v.shopper)));
  emit(v, alias({ ...v.actor, userId, anonymousId: v.actor.anonymousId! }));
  v.state.loggedIn[v.shopper.index]! |= 1 << v.device;
}

const PURPOSES = ['personalization', 'email', 'advertising', 'analytics'] as const;

/** Now and then a logged-in shopper flips one consent (mostly revoking), through an identify. */
function maybeChangeConsent(v: Visit): void {
  const { shopper, state, rng } = v;
  if (!shopper.consent || state.consentChanged[shopper.index] || !rng.chance(0.1)) return;
  const purpose = rng.pick(PURPOSES);
  state.consentChanged[shopper.index] = 1;
  emit(v, identify(v.actor, { consent: { ...shopper.consent, [purpose]: !shopper.consent[purpose] } }));
}

function searchQuery(v: Visit, product: number): string {
  const { model } = v.world;
  const noun = productNoun(model, product).toLowerCase();
  const brand = model.brandNames[model.brandOf[product]!]!.toLowerCase();
  const forms = [
    noun,
    noun,
    `${productAdjective(model, product).toLowerCase()} ${noun}`,
    brand,
    `${brand} ${noun}`,
  ];
  const query = forms[v.rng.int(forms.length)]!;
  return v.rng.chance(0.1) ? withTypo(v.rng, query) : query;
}

function view(v: Visit, product: number, position: number): void {
  emit(v, track(v.actor, 'Product Clicked', productAt(v.world.model, product, position)));
  emit(v, track(v.actor, 'Product Viewed', productFields(v.world.model, product)));
}

function add(v: Visit, product: number): void {
  const quantity = quantityFor(v.world, v.rng, product);
  if (findLine(v.lines, product) === undefined) v.lines.push({ product, quantity });
  emit(v, track(v.actor, 'Product Added', productInCart(v.world.model, product, quantity, v.cartId)));
}

function browse(v: Visit, extraTrip: boolean, bursts: readonly Burst[]): void {
  const { world, rng, shopper } = v;
  let leaf = pickLeaf(world, rng, shopper, false);
  const label = world.model.leaves[leaf]!.label;
  if (rng.chance(0.35))
    emit(
      v,
      track(v.actor, 'Products Searched', {
        query: searchQuery(v, chooseProduct(world, rng, shopper, leaf)),
      }),
    );
  else
    emit(
      v,
      track(v.actor, 'Product List Viewed', {
        list_id: world.model.leaves[leaf]!.slug,
        category: label,
      }),
    );
  const views = extraTrip ? 1 : 1 + Math.min(6, poisson(rng, 1.7));
  for (let k = 0; k < views; k++) {
    if (k > 0 && rng.chance(0.25)) leaf = pickLeaf(world, rng, shopper, false);
    const product = chooseProduct(world, rng, shopper, leaf);
    view(v, product, 1 + rng.int(12));
    if (!rng.chance(0.22)) continue;
    add(v, product);
    const complement = complementFor(world, rng, shopper, product);
    if (complement !== null) {
      view(v, complement, 1 + rng.int(4));
      add(v, complement);
    }
  }
  for (const b of bursts) {
    if (!rng.chance(BURST_VIEW * b.intensity)) continue;
    view(v, b.product, 1 + rng.int(4));
    if (rng.chance(0.45)) add(v, b.product);
  }
}

function checkout(v: Visit, day: DemoDay, due: readonly number[]): void {
  const { world, rng, shopper } = v;
  if (v.lines.length > 1 && rng.chance(0.12)) {
    const [removed] = v.lines.splice(rng.int(v.lines.length), 1);
    emit(
      v,
      track(
        v.actor,
        'Product Removed',
        productInCart(world.model, removed!.product, removed!.quantity, v.cartId),
      ),
    );
  }
  if (rng.chance(0.85))
    emit(
      v,
      track(v.actor, 'Cart Viewed', { cart_id: v.cartId, products: orderLines(world, v.lines).products }),
    );
  if (!rng.chance(due.length > 0 ? 0.9 : 0.55)) return;
  if (v.actor.userId === undefined && shopper.userId !== null && rng.chance(0.8)) logIn(v);
  const { products, revenue } = orderLines(world, v.lines);
  emit(v, track(v.actor, 'Checkout Started', { cart_id: v.cartId, revenue, currency: 'EUR', products }));
  if (!rng.chance(0.85)) return;
  emit(v, track(v.actor, 'Order Completed', onlineOrder(world, v.state, shopper, v.lines)));
  scheduleRepurchases(world, v.state.due, rng, shopper.index, day.index, productsOf(v.lines), due);
}

/** A web or app session: landing, browsing or searching, cart, sometimes an order. */
export function onlineSession(
  world: World,
  state: RunState,
  buffer: PendingEvents,
  day: DemoDay,
  start: number,
  shopper: Shopper,
  due: readonly number[],
  extraTrip: boolean,
  bursts: readonly Burst[],
): void {
  const rng = state.rng;
  const device = rng.int(shopper.devices.length);
  const { anonymousId, channel } = shopper.devices[device]!;
  const known = (state.loggedIn[shopper.index]! & (1 << device)) !== 0;
  const actor: Actor = { userId: known ? shopper.userId! : undefined, anonymousId, channel };
  state.carts++;
  const v: Visit = {
    world,
    state,
    rng,
    buffer,
    shopper,
    device,
    actor,
    cartId: `cart-${world.seed}-${state.carts}`,
    lines: [],
    t: start,
  };
  emit(v, pageView(actor, 'Home', '/'));
  if (!known && shopper.userId !== null && (due.length > 0 || rng.chance(0.4))) logIn(v);
  else if (known) maybeChangeConsent(v);
  browse(v, extraTrip, bursts);
  // Consumables due come back through "buy it again".
  for (const p of due) add(v, p);
  if (v.lines.length > 0) checkout(v, day, due);
}
