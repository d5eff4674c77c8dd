import type { Context } from 'hono';
import type { z } from 'zod';
import { PanierError } from '../../kernel/index.ts';

/** Validates query parameters with a schema; the first problem becomes a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, c: Context): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new PanierError(
    'invalid_query',
    `query parameter ${path || '(query)'}: ${issue.message}`,
    path || undefined,
  );
}

/** Validates a JSON body with a schema; the first problem becomes a 400 with its path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw new PanierError('invalid_body', `${path || 'body'}: ${issue.message}`, path || undefined);
}
