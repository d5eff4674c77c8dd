import { type ContentDoc, ContentIndex } from './content.ts';
import type { NeighbourLists } from './cooccurrence.ts';
import { categoryPopularity, type RecModel } from './model.ts';
import { SessionKnnIndex } from './session-knn.ts';
import type { Groups } from './sessions.ts';
import { Vocab } from './vocab.ts';

/** Binary model snapshot: magic, header length, JSON header, then 8-byte aligned typed arrays. */
const MAGIC = 0x50524543; // "PREC"
const VERSION = 2;

type Typed = Int32Array | Float32Array | Float64Array;
const KINDS = { i32: Int32Array, f32: Float32Array, f64: Float64Array } as const;
type Kind = keyof typeof KINDS;
const kindOf = (a: Typed): Kind =>
  a instanceof Int32Array ? 'i32' : a instanceof Float32Array ? 'f32' : 'f64';

interface Header {
  version: number;
  seq: number;
  itemCount: number;
  trainedAt: number;
  lastEventAt: number;
  easeLambda: number;
  items: string[];
  stores: string[];
  arrays: Array<{ name: string; kind: Kind; offset: number; length: number }>;
}

function arraysOf(m: RecModel): Array<[string, Typed]> {
  const lists = (prefix: string, l: NeighbourLists): Array<[string, Typed]> => [
    [`${prefix}.offsets`, l.offsets],
    [`${prefix}.nbr`, l.nbr],
    [`${prefix}.score`, l.score],
    [`${prefix}.lift`, l.lift],
  ];
  const s = m.sessions.sessions;
  return [
    ['popularity', m.popularity],
    ['popularOrder', m.popularOrder],
    ...lists('coView', m.coView),
    ...lists('coPurchase', m.coPurchase),
    ['sessions.offsets', s.offsets],
    ['sessions.items', s.items],
    ['sessions.time', s.time],
    ['sessions.actor', s.actor],
    ['repeat.rate', m.repeat.repeatRate],
    ['repeat.interval', m.repeat.medianIntervalDays],
    ['ease.items', m.ease.items],
    ['ease.weights', m.ease.weights],
    ...[...m.storePopular].map(([store, order]): [string, Typed] => [`store:${store}`, order]),
  ];
}

export function encodeModel(m: RecModel, seq: number): Uint8Array {
  const arrays = arraysOf(m);
  const descriptors: Header['arrays'] = [];
  let offset = 0;
  for (const [name, a] of arrays) {
    descriptors.push({ name, kind: kindOf(a), offset, length: a.length });
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const header: Header = {
    version: VERSION,
    seq,
    itemCount: m.itemCount,
    trainedAt: m.trainedAt,
    lastEventAt: m.lastEventAt,
    easeLambda: m.ease.lambda,
    items: m.items.keys.slice(0, m.itemCount),
    stores: [...m.storePopular.keys()],
    arrays: descriptors,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((8 + json.length) / 8) * 8;
  const out = new Uint8Array(start + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, json.length);
  out.set(json, 8);
  arrays.forEach(([, a], i) => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + descriptors[i]!.offset);
  });
  return out;
}

/** Rebuilds a model from a snapshot; content similarity is rebuilt from the current catalog. */
export function decodeModel(bytes: Uint8Array, docs: Iterable<ContentDoc>): { model: RecModel; seq: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0) !== MAGIC) throw new Error('not a panier model snapshot');
  const len = view.getUint32(4);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as Header;
  if (header.version !== VERSION) throw new Error(`snapshot version ${header.version} is not ${VERSION}`);
  const start = Math.ceil((8 + len) / 8) * 8;
  const copy = bytes.slice(start); // aligned private buffer
  const get = new Map<string, Typed>();
  for (const d of header.arrays) get.set(d.name, new KINDS[d.kind](copy.buffer, d.offset, d.length));
  const a = <T extends Typed>(name: string) => get.get(name) as T;
  const lists = (p: string): NeighbourLists => ({
    offsets: a(`${p}.offsets`),
    nbr: a(`${p}.nbr`),
    score: a(`${p}.score`),
    lift: a(`${p}.lift`),
  });
  const items = Vocab.from(header.items);
  const groups: Groups = {
    offsets: a('sessions.offsets'),
    items: a('sessions.items'),
    time: a('sessions.time'),
    actor: a('sessions.actor'),
  };
  const content = new ContentIndex(items);
  const docList = [...docs];
  for (const d of docList) content.add(d);
  content.finish();
  const popularity = a<Float64Array>('popularity');
  const model: RecModel = {
    items,
    itemCount: header.itemCount,
    trainedAt: header.trainedAt,
    lastEventAt: header.lastEventAt,
    popularity,
    categoryPopular: categoryPopularity(items, header.itemCount, popularity, docList),
    popularOrder: a('popularOrder'),
    storePopular: new Map(header.stores.map((s) => [s, a<Int32Array>(`store:${s}`)])),
    coView: lists('coView'),
    coPurchase: lists('coPurchase'),
    sessions: new SessionKnnIndex(groups, header.itemCount),
    repeat: { repeatRate: a('repeat.rate'), medianIntervalDays: a('repeat.interval') },
    content,
    ease: { items: a('ease.items'), weights: a('ease.weights'), lambda: header.easeLambda },
  };
  return { model, seq: header.seq };
}
