import { parseArgs } from 'node:util';
import { PanierError } from '../kernel/index.ts';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Parses flags strictly: an unknown flag is a clear error, not silently ignored. */
export function parseFlags<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new PanierError('invalid_argument', (e as Error).message);
  }
}

export function intFlag(
  value: string | boolean | undefined,
  name: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new PanierError('invalid_argument', `--${name} must be an integer between ${min} and ${max}`);
  return n;
}
