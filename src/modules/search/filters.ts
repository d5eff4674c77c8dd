import { PanierError } from '../../kernel/index.ts';

export const NUMERIC_OPS = ['<', '<=', '=', '!=', '>=', '>'] as const;
export type NumericOp = (typeof NUMERIC_OPS)[number];

export type FilterNode =
  | { kind: 'and'; items: FilterNode[] }
  | { kind: 'or'; items: FilterNode[] }
  | { kind: 'not'; item: FilterNode }
  | { kind: 'facet'; attribute: string; value: string }
  | { kind: 'numeric'; attribute: string; op: NumericOp; value: number }
  | { kind: 'range'; attribute: string; lo: number; hi: number };

type TokenKind = 'lparen' | 'rparen' | 'colon' | 'op' | 'word' | 'string' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const MAX_FILTER_LENGTH = 20_000;
const MAX_DEPTH = 64;

function filterError(source: string, message: string, pos: number): PanierError {
  return new PanierError('invalid_filter', `${source}: ${message} at col ${pos + 1}`, source, {
    position: pos,
  });
}

function lex(input: string, source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, pos: i++ });
    } else if (c === ':') {
      out.push({ kind: 'colon', text: c, pos: i++ });
    } else if (c === '<' || c === '>' || c === '=' || c === '!') {
      const two = input.slice(i, i + 2);
      const op = ['<=', '>=', '!='].includes(two) ? two : c;
      if (op === '!') throw filterError(source, "unexpected '!' (did you mean '!=')", i);
      out.push({ kind: 'op', text: op, pos: i });
      i += op.length;
    } else if (c === '"' || c === "'") {
      const start = i++;
      let text = '';
      while (i < input.length && input[i] !== c) {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i++];
      }
      if (i >= input.length) throw filterError(source, 'unterminated quoted string', start);
      i++;
      out.push({ kind: 'string', text, pos: start });
    } else {
      const start = i;
      while (i < input.length && !/[\s():<>=!"']/.test(input[i]!)) i++;
      out.push({ kind: 'word', text: input.slice(start, i), pos: start });
    }
  }
  out.push({ kind: 'end', text: '', pos: input.length });
  return out;
}

/** Parses Algolia's `filters` string (AND/OR/NOT, parentheses, facet, numeric, range). */
export function parseFilters(input: string, source = 'filters'): FilterNode | null {
  if (input.length > MAX_FILTER_LENGTH) throw filterError(source, 'filter is too long', MAX_FILTER_LENGTH);
  if (input.trim() === '') return null;
  const tokens = lex(input, source);
  let at = 0;
  const peek = () => tokens[at]!;
  const isKeyword = (t: Token, k: string) => t.kind === 'word' && t.text === k;
  const expect = (what: string): never => {
    const t = peek();
    const found = t.kind === 'end' ? 'end of filter' : `'${t.text}'`;
    throw filterError(source, `unexpected ${found}, expected ${what}`, t.pos);
  };

  const parseOr = (depth: number): FilterNode => {
    const items = [parseAnd(depth)];
    while (isKeyword(peek(), 'OR')) {
      at++;
      items.push(parseAnd(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const parseAnd = (depth: number): FilterNode => {
    const items = [parseNot(depth)];
    while (isKeyword(peek(), 'AND')) {
      at++;
      items.push(parseNot(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const parseNot = (depth: number): FilterNode => {
    if (depth > MAX_DEPTH) throw filterError(source, 'filter is nested too deeply', peek().pos);
    if (isKeyword(peek(), 'NOT')) {
      at++;
      return { kind: 'not', item: parseNot(depth + 1) };
    }
    if (peek().kind === 'lparen') {
      at++;
      const inner = parseOr(depth + 1);
      if (peek().kind !== 'rparen') expect("')'");
      at++;
      return inner;
    }
    return parseComparison();
  };
  const parseNumber = (): number => {
    const t = peek();
    const v = t.kind === 'word' || t.kind === 'string' ? Number(t.text) : Number.NaN;
    if (t.text === '' || !Number.isFinite(v)) expect('a number');
    at++;
    return v;
  };
  const parseComparison = (): FilterNode => {
    const attr = peek();
    if (attr.kind !== 'word' && attr.kind !== 'string') return expect('an attribute name');
    if (['AND', 'OR', 'TO'].includes(attr.text) && attr.kind === 'word') return expect('an attribute name');
    at++;
    const sep = peek();
    if (sep.kind === 'op') {
      at++;
      return { kind: 'numeric', attribute: attr.text, op: sep.text as NumericOp, value: parseNumber() };
    }
    if (sep.kind !== 'colon') return expect("':' or a comparison operator after the attribute");
    at++;
    const value = peek();
    if (value.kind !== 'word' && value.kind !== 'string') return expect('a value');
    at++;
    if (isKeyword(peek(), 'TO')) {
      at++;
      const lo = Number(value.text);
      if (!Number.isFinite(lo)) throw filterError(source, `'${value.text}' is not a number`, value.pos);
      return { kind: 'range', attribute: attr.text, lo, hi: parseNumber() };
    }
    return { kind: 'facet', attribute: attr.text, value: value.text };
  };

  const node = parseOr(0);
  if (peek().kind !== 'end') expect("'AND', 'OR' or end of filter");
  return node;
}

type Nested = string | readonly (string | readonly string[])[];

function asGroups(value: unknown, source: string): (string | string[])[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    if (value.trim().startsWith('[')) {
      try {
        return asGroups(JSON.parse(value), source);
      } catch {
        throw new PanierError('invalid_filter', `${source}: malformed JSON array`, source);
      }
    }
    return [value];
  }
  if (!Array.isArray(value))
    throw new PanierError('invalid_filter', `${source}: expected a string or an array`, source);
  return value.map((v, i) => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    throw new PanierError(
      'invalid_filter',
      `${source}[${i}]: expected a string or an array of strings`,
      source,
    );
  });
}

/** `facetFilters`: top level AND, nested arrays OR, a leading '-' on the value negates. */
export function facetFiltersNode(value: unknown, source = 'facetFilters'): FilterNode | null {
  return groupsNode(asGroups(value as Nested, source), (s) => parseFacetFilter(s, source));
}

export function tagFiltersNode(value: unknown): FilterNode | null {
  return groupsNode(asGroups(value as Nested, 'tagFilters'), (s) =>
    s.startsWith('-') ? { kind: 'not', item: tag(s.slice(1)) } : tag(s),
  );
}

const tag = (value: string): FilterNode => ({ kind: 'facet', attribute: '_tags', value });

export function numericFiltersNode(value: unknown): FilterNode | null {
  return groupsNode(asGroups(value as Nested, 'numericFilters'), (s) => {
    const node = parseFilters(s, 'numericFilters');
    if (!node || (node.kind !== 'numeric' && node.kind !== 'range'))
      throw new PanierError(
        'invalid_filter',
        `numericFilters: '${s}' is not a numeric filter`,
        'numericFilters',
      );
    return node;
  });
}

function parseFacetFilter(s: string, source: string): FilterNode {
  const i = s.indexOf(':');
  if (i <= 0) throw filterError(source, `'${s}' must look like attribute:value`, 0);
  const attribute = s.slice(0, i).trim();
  let value = s.slice(i + 1);
  if (value.startsWith('-'))
    return { kind: 'not', item: { kind: 'facet', attribute, value: value.slice(1) } };
  if (value.startsWith('\\-')) value = value.slice(1);
  return { kind: 'facet', attribute, value };
}

function groupsNode(groups: (string | string[])[], leaf: (s: string) => FilterNode): FilterNode | null {
  const items = groups.map((g): FilterNode => {
    if (typeof g === 'string') return leaf(g);
    const alts = g.map(leaf);
    return alts.length === 1 ? alts[0]! : { kind: 'or', items: alts };
  });
  if (items.length === 0) return null;
  return items.length === 1 ? items[0]! : { kind: 'and', items };
}

/** AND of the nodes present. */
export function allOf(nodes: (FilterNode | null)[]): FilterNode | null {
  const items = nodes.filter((n): n is FilterNode => n !== null);
  if (items.length === 0) return null;
  return items.length === 1 ? items[0]! : { kind: 'and', items };
}
