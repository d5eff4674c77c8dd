import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../kernel/index.ts';
import { evaluateProfiles, readInvoices } from './eval-profiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'panier-eval-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 300 customers with their own purchase rates; frequent buyers keep buying after the cutoff. */
function writeCsv(): string {
  const rng = createRng(42);
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  let inv = 500000;
  const start = Date.UTC(2011, 0, 1);
  for (let c = 0; c < 300; c++) {
    const every = 5 + rng.int(120);
    for (let t = start + rng.int(60) * 86_400_000; t < Date.UTC(2011, 11, 1); t += every * 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 19).replace('T', ' ');
      lines.push(
        `${inv},P${rng.int(50)},"MUG, RED",${1 + rng.int(5)},${date},${(1 + rng.int(9)).toFixed(2)},${12000 + c}.0,UK`,
      );
      if (rng.chance(0.05)) lines.push(`C${inv},P1,X,-1,${date},2.00,${12000 + c}.0,UK`);
      inv++;
    }
  }
  lines.push(`${inv},P1,NO CUSTOMER,1,2011-05-01 10:00:00,2.00,,UK`);
  const path = join(dir, 'retail.csv.gz');
  writeFileSync(path, gzipSync(lines.join('\n')));
  return path;
}

describe('eval profiles', () => {
  it('reads invoices (quoted fields, no cancellations, no anonymous lines) and beats chance', () => {
    const invoices = readInvoices(writeCsv());
    expect(invoices.every((i) => !i.id.startsWith('C') && i.customer !== '')).toBe(true);
    expect(invoices[0]!.lines[0]!.product_id).toMatch(/^P/);
    const report = evaluateProfiles(invoices, Date.UTC(2011, 8, 1));
    expect(report.data.customers).toBe(300);
    const model = report.propensity30[0]!;
    expect(model.auc).toBeGreaterThan(0.7);
    expect(model.bins.length).toBe(10);
    expect(report.purchases90[0]!.correlation).toBeGreaterThan(0.5);
  });
});
