import { sql } from 'kysely';
import type { StatementRun } from './atomic.ts';
import {
  type CatalogTables,
  INVENTORY_UPDATE_COLUMNS,
  LOCATION_UPDATE_COLUMNS,
  PRODUCT_UPDATE_COLUMNS,
} from './catalog-rows.ts';
import type { SqlDatabase } from './database.ts';

type UpsertTable = keyof CatalogTables;

const CONFLICT_KEYS: Record<UpsertTable, string[]> = {
  catalog_products: ['id'],
  catalog_locations: ['id'],
  catalog_inventory: ['product_id', 'location_id'],
};
const UPDATE_COLUMNS: Record<UpsertTable, readonly string[]> = {
  catalog_products: PRODUCT_UPDATE_COLUMNS,
  catalog_locations: LOCATION_UPDATE_COLUMNS,
  catalog_inventory: INVENTORY_UPDATE_COLUMNS,
};

/**
 * `INSERT … ON CONFLICT DO UPDATE SET col = excluded.col`, written by Kysely once per table and row
 * count, then run with fresh values. SQLite runs one row per execution of a prepared statement (its
 * fastest path); PostgreSQL sends 500 rows per statement (5,500 parameters for products, far below its
 * 65,535) to save round trips.
 */
export class UpsertStatements {
  private readonly rowsPerStatement: number;
  private readonly fullChunkSql = new Map<UpsertTable, string>();

  constructor(private readonly database: SqlDatabase) {
    this.rowsPerStatement = database.dialect === 'sqlite' ? 1 : 500;
  }

  /** The runs that upsert `rows`, whose objects all have the same keys in the same order. */
  runs(table: UpsertTable, rows: readonly Record<string, unknown>[]): StatementRun[] {
    if (rows.length === 0) return [];
    const columns = Object.keys(rows[0]!);
    const values = (chunk: readonly Record<string, unknown>[]) =>
      chunk.flatMap((r) => columns.map((c) => r[c]));
    const n = this.rowsPerStatement;
    const full = rows.length - (rows.length % n);
    const runs: StatementRun[] = [];
    if (full > 0) {
      const params: unknown[][] = [];
      for (let i = 0; i < full; i += n) params.push(values(rows.slice(i, i + n)));
      runs.push({ sql: this.sql(table, columns, n), params });
    }
    if (full < rows.length) {
      const rest = rows.slice(full);
      runs.push({ sql: this.sql(table, columns, rest.length), params: [values(rest)] });
    }
    return runs;
  }

  private sql(table: UpsertTable, columns: readonly string[], rowCount: number): string {
    const cached = rowCount === this.rowsPerStatement ? this.fullChunkSql.get(table) : undefined;
    if (cached) return cached;
    const placeholder = Object.fromEntries(columns.map((c) => [c, null]));
    const set = Object.fromEntries(UPDATE_COLUMNS[table].map((c) => [c, sql`excluded.${sql.ref(c)}`]));
    // The untyped handle: the table is only known at run time here; rows were typed by the caller.
    const compiled = this.database.db
      .insertInto(table)
      .values(Array.from({ length: rowCount }, () => placeholder))
      .onConflict((oc) => oc.columns(CONFLICT_KEYS[table]).doUpdateSet(set))
      .compile();
    if (compiled.parameters.length !== rowCount * columns.length)
      throw new Error(`upsert into ${table}: expected one parameter per value`);
    if (rowCount === this.rowsPerStatement) this.fullChunkSql.set(table, compiled.sql);
    return compiled.sql;
  }
}
