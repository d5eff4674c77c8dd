import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { PanierError } from '../kernel/index.ts';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export const configSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(7400),
    host: z.string().default('127.0.0.1'),
    storage: z
      .object({
        url: z
          .string()
          .regex(/^(sqlite|postgres|postgresql):\/\//, 'must start with sqlite:// or postgres://')
          .default('sqlite://./data/panier.db'),
        sync: z.enum(['full', 'normal']).default('full'),
        /** SQLite: event-log appends on a writer thread (default) or on the main connection. */
        writer: z.enum(['thread', 'inline']).default('thread'),
      })
      .prefault({}),
    bus: z
      .object({
        url: z
          .string()
          .regex(/^(local|nats):\/\//, 'must start with local:// or nats://')
          .default('local://'),
      })
      .prefault({}),
    ingest: z
      .object({
        maxEventBytes: z.coerce
          .number()
          .int()
          .positive()
          .default(32 * 1024),
        maxBatchBytes: z.coerce
          .number()
          .int()
          .positive()
          .default(500 * 1024),
        /** Requests in flight beyond which ingest answers 429 with Retry-After. */
        maxInFlight: z.coerce.number().int().positive().default(256),
      })
      .prefault({}),
    log: z.object({ level: z.enum(LOG_LEVELS).default('info') }).prefault({}),
    /** Recommendation chains and schedules, validated by the recommend module (docs/recommendations.md). */
    recommend: z.record(z.string(), z.unknown()).optional(),
    demo: z
      .object({
        seed: z.coerce.number().int().default(42),
        products: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
        shoppers: z.coerce.number().int().min(10).max(5_000_000).default(50_000),
        days: z.coerce.number().int().min(1).max(730).default(90),
      })
      .prefault({}),
  })
  .strict();

export type PanierConfig = z.infer<typeof configSchema>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type ConfigInput = DeepPartial<PanierConfig>;

/** PANIER_* environment variables and the config path each one sets. */
const ENV_KEYS: Record<string, string[]> = {
  PANIER_PORT: ['port'],
  PANIER_HOST: ['host'],
  PANIER_STORAGE_URL: ['storage', 'url'],
  PANIER_STORAGE_SYNC: ['storage', 'sync'],
  PANIER_STORAGE_WRITER: ['storage', 'writer'],
  PANIER_BUS_URL: ['bus', 'url'],
  PANIER_LOG_LEVEL: ['log', 'level'],
  PANIER_INGEST_MAX_IN_FLIGHT: ['ingest', 'maxInFlight'],
  PANIER_DEMO_SEED: ['demo', 'seed'],
  PANIER_DEMO_PRODUCTS: ['demo', 'products'],
  PANIER_DEMO_SHOPPERS: ['demo', 'shoppers'],
  PANIER_DEMO_DAYS: ['demo', 'days'],
};

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object'
        ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new PanierError('invalid_config', `${path}: ${(e as Error).message}`);
  }
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  file?: string;
  overrides?: ConfigInput;
}

/** defaults ← panier.config.json ← PANIER_* environment ← explicit overrides (CLI flags); validated and frozen. */
export function loadConfig(options: LoadConfigOptions = {}): PanierConfig {
  const env = options.env ?? process.env;
  const file = resolve(options.file ?? env.PANIER_CONFIG ?? 'panier.config.json');
  let raw = readConfigFile(file);
  delete raw.$comment;
  const fromEnv: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(fromEnv, path, v);
  }
  raw = merge(merge(raw, fromEnv), (options.overrides ?? {}) as Record<string, unknown>);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    throw new PanierError(
      'invalid_config',
      `invalid configuration at ${path || '(root)'}: ${issue.message}`,
      path,
    );
  }
  return deepFreeze(parsed.data);
}
