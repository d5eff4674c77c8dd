import type { DualMigration } from '../migrate.ts';
import { catalogMigrations } from './catalog.ts';
import { coreMigrations } from './core.ts';
import { forecastMigrations } from './forecast.ts';
import { profilesMigrations } from './profiles.ts';
import { recommendEvalMigrations } from './recommend-eval.ts';

/** Every module's migrations; names carry a module range so they sort: core 00xx, catalog 01xx, … */
export const allMigrations: Record<string, DualMigration> = {
  ...coreMigrations,
  ...catalogMigrations,
  ...profilesMigrations,
  ...forecastMigrations,
  ...recommendEvalMigrations,
};
