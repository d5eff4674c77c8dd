import type { z } from 'zod';
import { isPanierError, PanierError } from '../kernel/index.ts';
import {
  flatInventoryRecord,
  flatLocationRecord,
  flatProductRecord,
  inventoryInputSchema,
  locationInputSchema,
  productInputSchema,
} from '../modules/catalog/index.ts';
import type { Engine } from './engine.ts';
import type { RowError, RowSink } from './importer.ts';

function validator(schema: z.ZodType) {
  return (value: unknown) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return;
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw new PanierError('invalid_row', `${path || 'row'}: ${issue.message}`, path || undefined);
  };
}

/** A catalog bulk upsert rejects a whole chunk; its row errors are reported by line. */
async function applyChunk(upsert: () => Promise<{ upserted: number }>, count: number) {
  try {
    return { imported: (await upsert()).upserted, duplicates: 0, errors: [] as RowError[] };
  } catch (e) {
    if (!isPanierError(e)) throw e;
    const rows = (
      e.details as
        | { errors?: Array<{ line?: number; index: number; path?: string; message: string }> }
        | undefined
    )?.errors;
    const errors: RowError[] = rows?.map((r) => ({
      line: r.line ?? r.index + 1,
      message: `${r.path ? `${r.path}: ` : ''}${r.message}`,
    })) ?? [{ line: 0, message: `${count} rows not applied: ${e.message}` }];
    return { imported: 0, duplicates: 0, errors };
  }
}

export function productSink(engine: Engine): RowSink {
  return {
    fromCsv: flatProductRecord,
    validate: validator(productInputSchema),
    apply: (values, lines) =>
      applyChunk(() => engine.catalog.upsertProducts(values, { lines }), values.length),
  };
}

export function locationSink(engine: Engine): RowSink {
  return {
    fromCsv: flatLocationRecord,
    validate: validator(locationInputSchema),
    apply: (values, lines) =>
      applyChunk(() => engine.catalog.upsertLocations(values, { lines }), values.length),
  };
}

export function inventorySink(engine: Engine): RowSink {
  return {
    fromCsv: flatInventoryRecord,
    validate: validator(inventoryInputSchema),
    // Unknown products or locations are found before anything is written, not when their chunk is applied.
    check: async (values, lines) =>
      (await applyChunk(() => engine.catalog.upsertInventory(values, { lines, dryRun: true }), values.length))
        .errors,
    apply: (values, lines) =>
      applyChunk(() => engine.catalog.upsertInventory(values, { lines }), values.length),
  };
}
