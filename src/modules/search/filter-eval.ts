import { stringsOf, valueAt } from './buffers.ts';
import type { FilterNode, NumericOp } from './filters.ts';
import { NO_VALUE, type Segment } from './segment.ts';
import { fold } from './text.ts';

export type DocPredicate = (doc: number) => boolean;

/** Compiles a filter tree into a per-document predicate over one segment's typed columns. */
export function compileFilter(node: FilterNode, seg: Segment): DocPredicate {
  switch (node.kind) {
    case 'and': {
      const parts = node.items.map((n) => compileFilter(n, seg));
      return (d) => {
        for (const p of parts) if (!p(d)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.items.map((n) => compileFilter(n, seg));
      return (d) => {
        for (const p of parts) if (p(d)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileFilter(node.item, seg);
      return (d) => !inner(d);
    }
    case 'facet':
      return facetPredicate(seg, node.attribute, node.value);
    case 'numeric': {
      const col = seg.numbers.get(node.attribute);
      const { op, value } = node;
      if (col) return (d) => compare(col[d]!, op, value);
      return numericPredicate(seg, node.attribute, (v) => compare(v, op, value));
    }
    case 'range': {
      const col = seg.numbers.get(node.attribute);
      const { lo, hi } = node;
      if (col)
        return (d) => {
          const v = col[d]!;
          return v >= lo && v <= hi;
        };
      return numericPredicate(seg, node.attribute, (v) => v >= lo && v <= hi);
    }
  }
}

function compare(v: number, op: NumericOp, x: number): boolean {
  switch (op) {
    case '<':
      return v < x;
    case '<=':
      return v <= x;
    case '=':
      return v === x;
    case '!=':
      return v !== x;
    case '>=':
      return v >= x;
    case '>':
      return v > x;
  }
}

function facetPredicate(seg: Segment, attribute: string, value: string): DocPredicate {
  const col = seg.facets.get(attribute);
  const folded = fold(value);
  if (col) {
    const ids = col.idOfFolded.get(folded);
    if (!ids) {
      const numbers = seg.numbers.get(attribute);
      const x = Number(value);
      if (numbers && value.trim() !== '' && Number.isFinite(x)) return (d) => numbers[d] === x;
      return () => false;
    }
    // One slot more for NO_VALUE (never wanted), so the test is a single read.
    const { docOffsets, docValues, single } = col;
    const wanted = new Uint8Array(single ? NO_VALUE + 1 : col.values.length);
    for (const id of ids) wanted[id] = 1;
    if (single) return (d) => wanted[single[d]!] === 1;
    return (d) => {
      for (let i = docOffsets[d]!; i < docOffsets[d + 1]!; i++) if (wanted[docValues[i]!]) return true;
      return false;
    };
  }
  // Not declared for faceting: read the record (slower, but filters still work).
  return (d) => stringsOf(valueAt(seg.records[d]!, attribute)).some((s) => fold(s) === folded);
}

/** Attributes without a numeric column: read the record (slower, but filters still work). */
function numericPredicate(seg: Segment, attribute: string, test: (v: number) => boolean): DocPredicate {
  return (d) => {
    const v = valueAt(seg.records[d]!, attribute);
    const values = Array.isArray(v) ? v : [v];
    return values.some((x) => typeof x === 'number' && test(x));
  };
}

/**
 * A superset of the docs a filter can accept, from facet postings, when the filter pins a facet value
 * (lets an empty query with a selective filter skip a full scan); null when it cannot tell.
 */
export function filterCandidates(node: FilterNode, seg: Segment): Int32Array | null {
  if (node.kind === 'facet') {
    const col = seg.facets.get(node.attribute);
    if (!col) return null;
    const ids = col.idOfFolded.get(fold(node.value)) ?? [];
    if (ids.length === 1)
      return col.valueDocs.subarray(col.valueOffsets[ids[0]!], col.valueOffsets[ids[0]! + 1]);
    const all: number[] = [];
    for (const id of ids)
      for (let i = col.valueOffsets[id]!; i < col.valueOffsets[id + 1]!; i++) all.push(col.valueDocs[i]!);
    return Int32Array.from(new Set(all)).sort();
  }
  if (node.kind === 'and') {
    let best: Int32Array | null = null;
    for (const item of node.items) {
      const c = filterCandidates(item, seg);
      if (c && (!best || c.length < best.length)) best = c;
    }
    return best;
  }
  if (node.kind === 'or') {
    const parts = node.items.map((n) => filterCandidates(n, seg));
    if (parts.some((p) => p === null)) return null;
    const set = new Set<number>();
    for (const p of parts) for (const d of p!) set.add(d);
    return Int32Array.from(set).sort();
  }
  return null;
}
