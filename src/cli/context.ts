import { createPinoLogger } from '../adapters/logging/pino.ts';
import { type ConfigInput, loadConfig, type PanierConfig } from '../app/config.ts';
import { createEngine, type Engine } from '../app/engine.ts';

/** Config from file ← env ← flags, and a logger on stderr so stdout stays for the command's output. */
export function commandConfig(overrides: ConfigInput = {}): PanierConfig {
  return loadConfig({ overrides });
}

export async function openEngine(config: PanierConfig): Promise<Engine> {
  return createEngine(config, createPinoLogger(config.log.level, 'stderr'));
}

export function storageOverride(flags: { storage?: string | boolean }): ConfigInput {
  return typeof flags.storage === 'string' ? { storage: { url: flags.storage } } : {};
}
