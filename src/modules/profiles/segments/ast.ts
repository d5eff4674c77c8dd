export const COMPARE_OPS = ['=', '!=', '>', '>=', '<', '<='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export const FIELD_SCOPES = ['trait', 'feature', 'score'] as const;
export type FieldScope = (typeof FIELD_SCOPES)[number];

export const ACTIVITY_VERBS = ['viewed', 'added', 'bought', 'searched'] as const;
export const ACTIVITY_TARGETS = ['category', 'brand', 'product'] as const;

export type Literal = string | number | boolean;

export type Field =
  | { scope: FieldScope; name: string }
  | { scope: 'affinity'; name: 'category' | 'brand'; key: string };

export type RuleNode =
  | { type: 'and' | 'or'; children: RuleNode[] }
  | { type: 'not'; child: RuleNode }
  | { type: 'compare'; field: Field; op: CompareOp; value: Literal }
  | { type: 'exists'; field: Field }
  | { type: 'in'; field: Field; values: Literal[] }
  | {
      type: 'activity';
      verb: (typeof ACTIVITY_VERBS)[number];
      target: { kind: (typeof ACTIVITY_TARGETS)[number]; value: string } | null;
      store: string | null;
      atLeast: number;
      withinDays: number | null;
    }
  | { type: 'near'; km: number; latitude: number; longitude: number };
