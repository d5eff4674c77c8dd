import type { CatalogModel } from './catalog-model.ts';
import { CURRENCY, productId as pid, productPrice, productSku, productTitle } from './products.ts';

export type DemoChannel = 'web' | 'app' | 'pos';
export type SegmentCallType = 'track' | 'page' | 'screen' | 'identify' | 'alias';

export interface SegmentContext {
  readonly library: Readonly<{ name: string; version: string }>;
  readonly channel: DemoChannel;
}

/** A message exactly as a Segment SDK sends it inside a `/v1/batch` body. */
export interface SegmentMessage {
  type: SegmentCallType;
  /** Filled when the message is emitted in time order: `demo-<seed>-<9-digit sequence>`. */
  messageId: string;
  timestamp: string;
  userId?: string;
  anonymousId?: string;
  previousId?: string;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: SegmentContext;
}

/** Shared by every message (frozen): one object instead of a million identical ones. */
export const LIBRARY: Readonly<{ name: string; version: string }> = Object.freeze({
  name: 'panier-demo',
  version: '1.0.0',
});

export interface Actor {
  userId?: string | undefined;
  anonymousId?: string | undefined;
  channel: DemoChannel;
}

function base(type: SegmentCallType, actor: Actor): SegmentMessage {
  const msg: SegmentMessage = {
    type,
    messageId: '',
    timestamp: '',
    context: { library: LIBRARY, channel: actor.channel },
  };
  if (actor.userId !== undefined) msg.userId = actor.userId;
  if (actor.anonymousId !== undefined) msg.anonymousId = actor.anonymousId;
  return msg;
}

export function track(actor: Actor, event: string, properties: Record<string, unknown>): SegmentMessage {
  const msg = base('track', actor);
  msg.event = event;
  msg.properties = properties;
  return msg;
}

export function pageView(actor: Actor, name: string, path: string): SegmentMessage {
  const msg = base(actor.channel === 'app' ? 'screen' : 'page', actor);
  msg.name = name;
  msg.properties =
    actor.channel === 'app' ? { name } : { path, url: `https://shop.panier.example${path}`, title: name };
  return msg;
}

export function identify(actor: Actor, traits: Record<string, unknown>): SegmentMessage {
  const msg = base('identify', actor);
  msg.traits = traits;
  return msg;
}

export function alias(actor: Actor & { userId: string; anonymousId: string }): SegmentMessage {
  const msg = base('alias', actor);
  msg.previousId = actor.anonymousId;
  return msg;
}

/** The E-commerce v2 product fields shared by views, cart and order events. */
export interface ProductFields {
  readonly product_id: string;
  readonly sku: string;
  readonly name: string;
  readonly brand: string;
  readonly category: string;
  readonly price: number;
  readonly currency: string;
}

/** Built once per product, copied per event: titles and ids are the costly part of an event. */
const fieldCache = new WeakMap<CatalogModel, (ProductFields | undefined)[]>();

function cachedFields(model: CatalogModel, i: number): ProductFields {
  let cache = fieldCache.get(model);
  if (!cache) {
    cache = [];
    fieldCache.set(model, cache);
  }
  let fields = cache[i];
  if (!fields) {
    fields = {
      product_id: pid(i),
      sku: productSku(i),
      name: productTitle(model, i),
      brand: model.brandNames[model.brandOf[i]!]!,
      category: model.leaves[model.leafOf[i]!]!.label,
      price: productPrice(model, i),
      currency: CURRENCY,
    };
    cache[i] = fields;
  }
  return fields;
}

// Each shape below is one object literal, so an event's properties are a single allocation.

export function productFields(model: CatalogModel, i: number): Record<string, unknown> {
  const f = cachedFields(model, i);
  return {
    product_id: f.product_id,
    sku: f.sku,
    name: f.name,
    brand: f.brand,
    category: f.category,
    price: f.price,
    currency: f.currency,
  };
}

export function productAt(model: CatalogModel, i: number, position: number): Record<string, unknown> {
  const f = cachedFields(model, i);
  return {
    product_id: f.product_id,
    sku: f.sku,
    name: f.name,
    brand: f.brand,
    category: f.category,
    price: f.price,
    currency: f.currency,
    position,
  };
}

export function productLine(model: CatalogModel, i: number, quantity: number): Record<string, unknown> {
  const f = cachedFields(model, i);
  return {
    product_id: f.product_id,
    sku: f.sku,
    name: f.name,
    brand: f.brand,
    category: f.category,
    price: f.price,
    currency: f.currency,
    quantity,
  };
}

export function productInCart(
  model: CatalogModel,
  i: number,
  quantity: number,
  cartId: string,
): Record<string, unknown> {
  const f = cachedFields(model, i);
  return {
    product_id: f.product_id,
    sku: f.sku,
    name: f.name,
    brand: f.brand,
    category: f.category,
    price: f.price,
    currency: f.currency,
    quantity,
    cart_id: cartId,
  };
}
