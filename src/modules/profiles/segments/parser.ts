import { PanierError } from '../../../kernel/index.ts';
import { ACTIVITY_RETENTION_DAYS } from '../activity.ts';
import {
  ACTIVITY_TARGETS,
  ACTIVITY_VERBS,
  COMPARE_OPS,
  type CompareOp,
  FIELD_SCOPES,
  type Field,
  type Literal,
  type RuleNode,
} from './ast.ts';

type TokenKind = 'word' | 'string' | 'number' | 'op' | 'punct' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

/** A rule that does not parse: `position` is the 0-based character offset of the offending token. */
export function ruleError(message: string, position: number): PanierError {
  return new PanierError('invalid_rule', `${message} at position ${position}`, 'rule', { position });
}

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(>=|<=|!=|=|>|<)|([(),.])|([A-Za-z_][A-Za-z0-9_-]*))/y;

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    const start = TOKEN.lastIndex;
    if (/^\s*$/.test(src.slice(start))) break;
    const m = TOKEN.exec(src);
    if (!m) {
      const at = start + (src.slice(start).length - src.slice(start).trimStart().length);
      throw ruleError(`unexpected character "${src[at]}"`, at);
    }
    const pos = TOKEN.lastIndex - m[0].trimStart().length;
    if (m[1] !== undefined) out.push({ kind: 'string', text: unquote(m[1], pos), pos });
    else if (m[2] !== undefined) out.push({ kind: 'number', text: m[2], pos });
    else if (m[3] !== undefined) out.push({ kind: 'op', text: m[3], pos });
    else if (m[4] !== undefined) out.push({ kind: 'punct', text: m[4], pos });
    else out.push({ kind: 'word', text: m[5]!, pos });
  }
  out.push({ kind: 'end', text: '', pos: src.length });
  return out;
}

function unquote(quoted: string, pos: number): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    throw ruleError('malformed string', pos);
  }
}

/** Parses the segment rule language (grammar in docs/profiles.md) into a tree; throws with a position. */
export function parseRule(src: string): RuleNode {
  if (src.trim() === '') throw ruleError('empty rule', 0);
  const p = new Parser(tokenize(src));
  const node = p.or();
  p.expectEnd();
  return node;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private get tok(): Token {
    return this.tokens[this.i]!;
  }

  private isWord(...words: string[]): boolean {
    return this.tok.kind === 'word' && words.includes(this.tok.text.toLowerCase());
  }

  private fail(what: string): never {
    const found = this.tok.kind === 'end' ? 'end of rule' : `"${this.tok.text}"`;
    throw ruleError(`expected ${what} but found ${found}`, this.tok.pos);
  }

  private word(...words: string[]): string {
    if (!this.isWord(...words)) this.fail(words.map((w) => w.toUpperCase()).join(' or '));
    return this.tokens[this.i++]!.text.toLowerCase();
  }

  private punct(p: string): void {
    if (this.tok.kind !== 'punct' || this.tok.text !== p) this.fail(`"${p}"`);
    this.i++;
  }

  private number(what: string, { integer = false, positive = false } = {}): number {
    if (this.tok.kind !== 'number') this.fail(what);
    const v = Number(this.tok.text);
    if ((integer && !Number.isInteger(v)) || (positive && v <= 0)) this.fail(what);
    this.i++;
    return v;
  }

  private string(what: string): string {
    if (this.tok.kind !== 'string') this.fail(`${what} (a double-quoted string)`);
    return this.tokens[this.i++]!.text;
  }

  expectEnd(): void {
    if (this.tok.kind !== 'end') this.fail('AND, OR or end of rule');
  }

  or(): RuleNode {
    const children = [this.and()];
    while (this.isWord('or')) {
      this.i++;
      children.push(this.and());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private and(): RuleNode {
    const children = [this.unary()];
    while (this.isWord('and')) {
      this.i++;
      children.push(this.unary());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private unary(): RuleNode {
    if (this.isWord('not')) {
      this.i++;
      return { type: 'not', child: this.unary() };
    }
    if (this.tok.kind === 'punct' && this.tok.text === '(') {
      this.i++;
      const inner = this.or();
      this.punct(')');
      return inner;
    }
    if (this.isWord(...ACTIVITY_VERBS)) return this.activity();
    if (this.isWord('within')) return this.near();
    return this.condition();
  }

  private activity(): RuleNode {
    const verb = this.word(...ACTIVITY_VERBS) as (typeof ACTIVITY_VERBS)[number];
    let target: { kind: (typeof ACTIVITY_TARGETS)[number]; value: string } | null = null;
    if (this.isWord(...ACTIVITY_TARGETS)) {
      const kind = this.word(...ACTIVITY_TARGETS) as (typeof ACTIVITY_TARGETS)[number];
      target = { kind, value: this.string(`a ${kind}`) };
    }
    let store: string | null = null;
    let atLeast = 1;
    let withinDays: number | null = null;
    for (;;) {
      if (this.isWord('at')) {
        this.i++;
        this.word('least');
        atLeast = this.number('a whole number of times', { integer: true, positive: true });
        this.word('times', 'time');
      } else if (this.isWord('in') && this.tokens[this.i + 1]?.text.toLowerCase() === 'store') {
        this.i += 2;
        store = this.string('a store id');
      } else if (this.isWord('in')) {
        this.i++;
        if (this.isWord('last')) this.i++;
        const at = this.tok.pos;
        withinDays = this.number('a number of days', { positive: true });
        if (withinDays > ACTIVITY_RETENTION_DAYS)
          throw ruleError(`event windows are limited to ${ACTIVITY_RETENTION_DAYS} days`, at);
        this.word('days', 'day');
      } else break;
    }
    return { type: 'activity', verb, target, store, atLeast, withinDays };
  }

  private near(): RuleNode {
    this.word('within');
    const km = this.number('a distance', { positive: true });
    this.word('km');
    this.word('of');
    const latitude = this.number('a latitude');
    this.punct(',');
    const longitude = this.number('a longitude');
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180)
      throw ruleError('coordinates out of range', this.tok.pos);
    return { type: 'near', km, latitude, longitude };
  }

  private field(): Field {
    if (this.tok.kind !== 'word') this.fail('a field (trait.x, feature.x, score.x, affinity.category("…"))');
    const scope = this.tok.text.toLowerCase();
    if (scope === 'affinity') {
      this.i++;
      this.punct('.');
      const name = this.word('category', 'brand') as 'category' | 'brand';
      this.punct('(');
      const key = this.string(`a ${name}`);
      this.punct(')');
      return { scope: 'affinity', name, key };
    }
    if (!(FIELD_SCOPES as readonly string[]).includes(scope))
      this.fail('a condition (trait.x, feature.x, score.x, affinity…, VIEWED/ADDED/BOUGHT/SEARCHED, WITHIN)');
    this.i++;
    this.punct('.');
    if (this.tok.kind !== 'word') this.fail('a field name');
    const name = this.tokens[this.i++]!.text;
    return { scope: scope as Field['scope'] & ('trait' | 'feature' | 'score'), name };
  }

  private literal(): Literal {
    const t = this.tok;
    if (t.kind === 'string') return this.tokens[this.i++]!.text;
    if (t.kind === 'number') return Number(this.tokens[this.i++]!.text);
    if (this.isWord('true', 'false')) return this.tokens[this.i++]!.text.toLowerCase() === 'true';
    return this.fail('a value (number, "string", true or false)');
  }

  private condition(): RuleNode {
    const fieldPos = this.tok.pos;
    const field = this.field();
    validateField(field, fieldPos);
    if (this.isWord('exists')) {
      this.i++;
      return { type: 'exists', field };
    }
    if (this.isWord('in')) {
      this.i++;
      this.punct('(');
      const values = [this.literal()];
      while (this.tok.kind === 'punct' && this.tok.text === ',') {
        this.i++;
        values.push(this.literal());
      }
      this.punct(')');
      return { type: 'in', field, values };
    }
    if (this.tok.kind !== 'op') this.fail('a comparison (=, !=, >, >=, <, <=), IN or EXISTS');
    const op = this.tokens[this.i++]!.text as CompareOp;
    if (!(COMPARE_OPS as readonly string[]).includes(op)) this.fail('a comparison operator');
    return { type: 'compare', field, op, value: this.literal() };
  }
}

export const FEATURE_FIELDS = [
  'orders',
  'lifetime_revenue',
  'average_order_value',
  'recency_days',
  'days_since_last_order',
  'average_item_price',
  'views',
  'age_days',
  'rfm_recency',
  'rfm_frequency',
  'rfm_monetary',
  'price_band',
  'preferred_store',
  'preferred_channel',
] as const;
export const SCORE_FIELDS = [
  'purchase_30d',
  'churn_risk',
  'p_alive',
  'clv',
  'expected_purchases_90d',
] as const;

function validateField(field: Field, pos: number): void {
  if (field.scope === 'feature' && !(FEATURE_FIELDS as readonly string[]).includes(field.name))
    throw ruleError(`unknown feature "${field.name}" (known: ${FEATURE_FIELDS.join(', ')})`, pos);
  if (field.scope === 'score' && !(SCORE_FIELDS as readonly string[]).includes(field.name))
    throw ruleError(`unknown score "${field.name}" (known: ${SCORE_FIELDS.join(', ')})`, pos);
}
