import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSink, importFile } from '../src/app/importer.ts';
import { inventorySink, locationSink, productSink } from '../src/app/importer-catalog.ts';
import { type TestEngine, testEngine } from './helpers/engine.ts';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const ev = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'track',
    event: 'Product Viewed',
    anonymousId: 'imp',
    messageId: `imp-${i}`,
    ...extra,
  });

describe('bulk import', () => {
  it('validates every row first and applies nothing when one is bad, naming its line', async () => {
    const file = join(t.dir, 'bad.ndjson');
    writeFileSync(file, [ev(1), ev(2), '{not json', ev(4, { event: 7 }), ev(5)].join('\n'));
    const r = await importFile('events', file, eventSink(t.engine, 'import'));
    expect(r.aborted).toBe(true);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(r.imported).toBe(0);
    expect(await t.engine.log.count({ anonymousId: 'imp' })).toBe(0);
  });

  it('with partial, imports the valid rows and reports the others; a re-import stores nothing twice', async () => {
    const file = join(t.dir, 'mixed.ndjson.gz');
    writeFileSync(file, gzipSync([ev(1), '', ev(2), '{not json', ev(1)].join('\n')));
    const r = await importFile('events', file, eventSink(t.engine, 'import'), { partial: true });
    expect(r).toMatchObject({ rows: 4, imported: 2, duplicates: 1, rejected: 1, aborted: false });
    expect(r.errors[0]!.line).toBe(4);
    const again = await importFile('events', file, eventSink(t.engine, 'import'), { partial: true });
    expect(again).toMatchObject({ imported: 0, duplicates: 3 });
    expect(await t.engine.log.count({ anonymousId: 'imp' })).toBe(2);
  });

  it('imports products, locations and inventory from CSV', async () => {
    const products = join(t.dir, 'products.csv');
    writeFileSync(
      products,
      'id,title,brand,category,price,currency,attr.color\nP1,"Pasta, fusilli 500g",Barilla,Grocery > Pasta,1.99,EUR,yellow\nP2,Tomato sauce,Mutti,Grocery > Sauces,2.49,EUR,red\n',
    );
    expect(await importFile('products', products, productSink(t.engine))).toMatchObject({
      rows: 2,
      imported: 2,
      rejected: 0,
    });
    const p1 = await t.engine.catalog.getProduct('P1');
    expect(p1).toMatchObject({ title: 'Pasta, fusilli 500g', category: ['Grocery', 'Pasta'], price: 1.99 });
    const locations = join(t.dir, 'locations.csv');
    writeFileSync(locations, 'id,name,kind,lat,lon\nS1,Lyon Part-Dieu,store,45.76,4.86\n');
    expect((await importFile('locations', locations, locationSink(t.engine))).imported).toBe(1);
    const inventory = join(t.dir, 'inventory.csv');
    writeFileSync(inventory, 'product_id,location_id,on_hand,reserved\nP1,S1,12,2\nP2,S1,0,0\n');
    expect((await importFile('inventory', inventory, inventorySink(t.engine))).imported).toBe(2);
  });

  it('finds inventory rows naming unknown products before writing any', async () => {
    const file = join(t.dir, 'inventory-unknown.csv');
    writeFileSync(file, 'product_id,location_id,on_hand\nP1,S1,5\nNOPE,S1,1\n');
    const r = await importFile('inventory', file, inventorySink(t.engine));
    expect(r.aborted).toBe(true);
    expect(r.errors.map((e) => e.line)).toEqual([3]);
    const level = await t.engine.catalog.getInventory({ productId: 'P1', locationId: 'S1' });
    expect(level?.onHand).toBe(12);
  });

  it('reports ragged CSV rows and bad values by line, applying nothing', async () => {
    const file = join(t.dir, 'ragged.csv');
    writeFileSync(file, 'id,title,price\nP9,Ok,1\nP10,Missing price\nP11,Bad,-3\n');
    const r = await importFile('products', file, productSink(t.engine));
    expect(r.aborted).toBe(true);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(await t.engine.catalog.getProduct('P9')).toBeNull();
  });

  it('the CLI prints errors with line numbers and exits non-zero', () => {
    const file = join(t.dir, 'cli.ndjson');
    writeFileSync(file, `${ev(20)}\n{oops\n`);
    const bin = new URL('../bin/panier.js', import.meta.url).pathname;
    const run = spawnSync(
      process.execPath,
      [bin, 'import', 'events', file, '--storage', t.engine.config.storage.url],
      {
        encoding: 'utf8',
        env: { ...process.env, PANIER_LOG_LEVEL: 'error' },
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cli.ndjson:2: malformed JSON');
    expect(run.stderr).toContain('nothing was imported');
    const usage = spawnSync(process.execPath, [bin, 'import', 'widgets', file], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('cannot import "widgets"');
  });
});
