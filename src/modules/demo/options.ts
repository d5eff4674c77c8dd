import { z } from 'zod';
import { PanierError } from '../../kernel/index.ts';

export const DAY_MS = 86_400_000;
export const MAX_PRODUCTS = 1_000_000;

const optionsSchema = z.object({
  seed: z.number().int().min(0).max(0xffffffff).default(42),
  products: z.number().int().min(100).max(MAX_PRODUCTS).default(20_000),
  shoppers: z.number().int().min(10).max(2_000_000).default(50_000),
  days: z.number().int().min(7).max(730).default(90),
  endDate: z
    .number()
    .int()
    .refine((ms) => ms % DAY_MS === 0, 'endDate must be a UTC midnight (ms)'),
  batchSize: z.number().int().min(1).max(100_000).default(1000),
});

export type DemoOptions = z.input<typeof optionsSchema>;
export type ResolvedOptions = Readonly<z.output<typeof optionsSchema>>;

export function resolveOptions(input: DemoOptions): ResolvedOptions {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    throw new PanierError('invalid_argument', `demo option ${path}: ${issue.message}`, path);
  }
  return Object.freeze(parsed.data);
}

/** UTC midnight of the day containing `ms`: what the caller passes as `endDate` for "today". */
export function utcMidnight(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
