import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { createRng } from '../../src/kernel/index.ts';
import type { BenchDoc } from './peers.ts';

export interface JudgedQuery {
  kind: 'typo' | 'prefix' | 'partial' | 'full';
  text: string;
  source: number;
  /** Other products containing every intended word (grade 1); the source is grade 2. */
  related: Set<number>;
}

function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** One product per stock code that looks like a product (code starts with digits), titled by its description. */
export async function loadRetailProducts(path: string): Promise<BenchDoc[]> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()) });
  const byCode = new Map<string, { title: string; lines: number; price: number }>();
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    const [, code, description, , , price] = csvFields(line);
    if (!code || !/^\d{5}/.test(code) || !description?.trim()) continue;
    const cur = byCode.get(code);
    if (cur) cur.lines++;
    else byCode.set(code, { title: description.trim(), lines: 1, price: Number(price) || 0 });
  }
  const seen = new Set<string>();
  const out: BenchDoc[] = [];
  for (const v of byCode.values()) {
    if (seen.has(v.title)) continue;
    seen.add(v.title);
    out.push({
      id: out.length,
      title: v.title,
      brand: 'retail',
      lvl0: 'all',
      lvl1: 'all',
      price: v.price,
      popularity: v.lines,
    });
  }
  return out;
}

const wordsOf = (s: string) => s.toLowerCase().match(/[a-z]+/g) ?? [];

function typo(rng: ReturnType<typeof createRng>, w: string): string {
  const i = 1 + rng.int(w.length - 2);
  const k = rng.int(3);
  if (k === 0) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  if (k === 1) return w.slice(0, i) + w.slice(i + 1);
  const c = 'abcdefghijklmnopqrstuvwxyz'[rng.int(26)]!;
  return w.slice(0, i) + (c === w[i] ? 'q' : c) + w.slice(i + 1);
}

/** Queries a shopper might type for a product: with a typo, a prefix, cut words, or full words. */
export function judgedQueries(products: BenchDoc[], count: number, seed = 11): JudgedQuery[] {
  const rng = createRng(seed);
  const docWords = products.map((p) => new Set(wordsOf(p.title)));
  const out: JudgedQuery[] = [];
  let guard = 0;
  while (out.length < count && guard++ < count * 20) {
    const p = products[rng.int(products.length)]!;
    const ws = wordsOf(p.title).filter((w) => w.length >= 3);
    if (ws.length < 2) continue;
    const start = rng.int(ws.length - 1);
    const intended = ws.slice(start, start + 2);
    const r = rng.next();
    const kind: JudgedQuery['kind'] = r < 0.3 ? 'typo' : r < 0.55 ? 'prefix' : r < 0.75 ? 'partial' : 'full';
    let q = [...intended];
    if (kind === 'typo') {
      const long = q.findIndex((w) => w.length >= 5);
      if (long < 0) continue;
      q[long] = typo(rng, q[long]!);
    } else if (kind === 'prefix') {
      if (q[1]!.length < 4) continue;
      q[1] = q[1]!.slice(0, 3 + rng.int(Math.min(3, q[1]!.length - 3)));
    } else if (kind === 'partial') {
      q = q.map((w) => (w.length > 5 ? w.slice(0, 4 + rng.int(2)) : w));
    }
    const related = new Set<number>();
    docWords.forEach((set, id) => {
      if (id !== p.id && intended.every((w) => set.has(w))) related.add(id);
    });
    out.push({ kind, text: q.join(' '), source: p.id, related });
  }
  return out;
}

/** NDCG@10 (gain 2^grade - 1) and reciprocal rank of the source within the top 10. */
export function judge(q: JudgedQuery, ranked: number[]): { ndcg: number; rr: number } {
  const grade = (id: number) => (id === q.source ? 2 : q.related.has(id) ? 1 : 0);
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, i) => {
    dcg += (2 ** grade(id) - 1) / Math.log2(i + 2);
  });
  const ideal = [2, ...Array.from({ length: Math.min(9, q.related.size) }, () => 1)];
  const idcg = ideal.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const at = ranked.slice(0, 10).indexOf(q.source);
  return { ndcg: dcg / idcg, rr: at >= 0 ? 1 / (at + 1) : 0 };
}
