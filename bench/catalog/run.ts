// Catalog benchmark: bulk upserts through CatalogService (validation, dedupe, one transaction per
// request) on SQLite and PostgreSQL, against the bare driver inserting the same rows into a plain
// table in the same run, plus a full scan back. Env: BENCH_PRODUCTS (default 100000), BENCH_REQUEST.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { productToRow } from '../../src/adapters/sql/catalog-rows.ts';
import {
  createSqlCatalogStore,
  migrateToLatest,
  openSql,
  type SqlDatabase,
} from '../../src/adapters/sql/index.ts';
import { createRng } from '../../src/kernel/index.ts';
import { CatalogService, type Product, type ProductInput } from '../../src/modules/catalog/index.ts';

const N = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const REQUEST = Number(process.env.BENCH_REQUEST ?? 5000);
const LOCATIONS = 10;
const INVENTORY_PRODUCTS = Math.min(N, 10_000);
const PG_URL = process.env.PANIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function products(): ProductInput[] {
  const rng = createRng(11);
  return Array.from({ length: N }, (_, i) => ({
    id: `P${String((i * 7919) % N).padStart(8, '0')}`,
    title: `Product ${i} ${rng.int(1e6).toString(36)}`,
    description: 'A plain description of a plain product, about the length of a real one in a feed.',
    brand: `Brand ${rng.int(400)}`,
    category: `Dept ${rng.int(12)} > Category ${rng.int(80)} > Leaf ${rng.int(6)}`,
    price: Math.round(rng.next() * 20_000) / 100,
    attributes: { color: `c${rng.int(20)}`, size: rng.int(6), organic: rng.chance(0.2) },
    imageUrl: `https://img.example.com/${i}.jpg`,
  }));
}

const rate = (rows: number, ms: number) => Math.round((rows / ms) * 1000);

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The driver alone: the same rows into a table with a primary key, one transaction, no validation. */
async function bareInsert(db: SqlDatabase, rows: Product[]): Promise<number> {
  const values = rows.map((p) => Object.values(productToRow(p)));
  const cols = 11;
  const ddl = `create table bare_products (id text primary key, ${Array.from({ length: cols - 1 }, (_, i) => `c${i} text`).join(', ')})`;
  if (db.sqlite) {
    db.sqlite.exec(ddl);
    const st = db.sqlite.prepare(`insert into bare_products values (${Array(cols).fill('?').join(',')})`);
    return timed(async () =>
      db.sqlite!.transaction(() => {
        for (const v of values) st.run(...v);
      })(),
    );
  }
  const client = await db.pool!.connect();
  try {
    await client.query(ddl);
    return await timed(async () => {
      await client.query('begin');
      for (let i = 0; i < values.length; i += 500) {
        const chunk = values.slice(i, i + 500);
        const tuples = chunk.map(
          (_, r) => `(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(',')})`,
        );
        await client.query(`insert into bare_products values ${tuples.join(',')}`, chunk.flat());
      }
      await client.query('commit');
    });
  } finally {
    client.release();
  }
}

async function run(name: string, db: SqlDatabase, inputs: ProductInput[]) {
  await migrateToLatest(db);
  const catalog = new CatalogService(createSqlCatalogStore(db));
  const upsertAll = () =>
    timed(async () => {
      for (let i = 0; i < inputs.length; i += REQUEST)
        await catalog.upsertProducts(inputs.slice(i, i + REQUEST));
    });
  const insertMs = await upsertAll();
  const updateMs = await upsertAll();
  const stored: Product[] = [];
  const scanMs = await timed(async () => {
    for await (const batch of catalog.scanProducts()) stored.push(...batch);
  });
  await catalog.upsertLocations(
    Array.from({ length: LOCATIONS }, (_, i) => ({
      id: `L${i}`,
      name: `Store ${i}`,
      kind: 'store',
      lat: 48 + i / 100,
      lon: 2,
    })),
  );
  const levels = stored.slice(0, INVENTORY_PRODUCTS).flatMap((p, j) =>
    Array.from({ length: LOCATIONS }, (_, l) => ({
      productId: p.id,
      locationId: `L${l}`,
      onHand: (j + l) % 9,
    })),
  );
  const inventoryMs = await timed(async () => {
    for (let i = 0; i < levels.length; i += REQUEST)
      await catalog.upsertInventory(levels.slice(i, i + REQUEST));
  });
  const bareMs = await bareInsert(db, stored);
  const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  return {
    backend: name,
    'insert rows/s': rate(N, insertMs),
    'update rows/s': rate(N, updateMs),
    'inventory rows/s': rate(levels.length, inventoryMs),
    'scan rows/s': rate(stored.length, scanMs),
    'bare driver insert rows/s': rate(N, bareMs),
    'insert / bare': Number((bareMs / insertMs).toFixed(2)),
    'rss MB': rssMb,
  };
}

async function postgres(): Promise<{ db: SqlDatabase; drop: () => Promise<void> } | null> {
  const schema = `bench_catalog_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    console.log(`PostgreSQL not reachable at ${PG_URL}: skipped`);
    return null;
  }
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const sep = PG_URL.includes('?') ? '&' : '?';
  const db = await openSql(`${PG_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`);
  const drop = async () => {
    await db.close();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema ${schema} cascade`);
    await c.end();
  };
  return { db, drop };
}

const inputs = products();
const results = [];
const dir = mkdtempSync(join(tmpdir(), 'panier-bench-catalog-'));
const sqlite = await openSql(`sqlite://${join(dir, 'catalog.db')}`);
results.push(await run('sqlite', sqlite, inputs));
await sqlite.close();
rmSync(dir, { recursive: true, force: true });
const pgdb = await postgres();
if (pgdb) {
  results.push(await run('postgres', pgdb.db, inputs));
  await pgdb.drop();
}
console.table(results);
console.log(
  `Machine: ${cpus().length} cores, ${cpus()[0]?.model}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${N} products in requests of ${REQUEST}, ${INVENTORY_PRODUCTS * LOCATIONS} inventory rows`,
);
