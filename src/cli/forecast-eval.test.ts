import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runForecastEval } from './forecast-eval.ts';

function capture() {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  return {
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    restore: () => {
      o.mockRestore();
      e.mockRestore();
    },
  };
}

describe('panier eval forecast', () => {
  it('prints help and rejects bad arguments with exit code 2', async () => {
    const c = capture();
    try {
      expect(await runForecastEval(['--help'])).toBe(0);
      expect(c.out).toContain('--format m5|long');
      expect(await runForecastEval(['--format', 'csv', '--input', 'x'])).toBe(2);
      expect(c.err).toContain('--format must be m5 or long');
    } finally {
      c.restore();
    }
  });

  it('evaluates a long CSV and prints JSON, with JSON progress lines when stderr is not a TTY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panier-eval-'));
    const rows = ['date,product,location,units,price'];
    for (let i = 0; i < 120; i++) {
      const d = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      rows.push(`${d},p1,s1,${3 + (i % 7 === 5 ? 4 : 0) + (i % 3)},2`, `${d},p2,s1,${i % 4 === 0 ? 2 : 0},5`);
    }
    const file = join(dir, 'sales.csv');
    writeFileSync(file, rows.join('\n'));
    const c = capture();
    try {
      expect(
        await runForecastEval([
          '--format',
          'long',
          '--input',
          file,
          '--horizon',
          '14',
          '--json',
          '--methods',
          '0,2',
        ]),
      ).toBe(0);
      const report = JSON.parse(c.out);
      expect(report.scores).toHaveLength(2);
      expect(report.scores[0].levels[11].wrmsse).toBeGreaterThan(0);
      expect(
        c.err
          .split('\n')
          .filter(Boolean)
          .every((l) => JSON.parse(l).type === 'progress'),
      ).toBe(true);
      expect(await runForecastEval(['--format', 'long', '--input', join(dir, 'missing.csv')])).toBe(1);
    } finally {
      c.restore();
    }
  });
});

describe('panier eval forecast on weekly data', () => {
  it('forecasts weekly series with a 52-week season', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'panier-eval-w-'));
    const rows = ['date,product,location,units'];
    for (let w = 0; w < 170; w++) {
      const d = new Date(Date.UTC(2021, 0, 4 + 7 * w)).toISOString().slice(0, 10);
      rows.push(`${d},p1,s1,${40 + (w % 52 >= 46 ? 60 : 0) + (w % 4)}`, `${d},p2,s1,${w % 2 ? 3 : 0}`);
    }
    const file = join(dir, 'weekly.csv');
    writeFileSync(file, rows.join('\n'));
    const c = capture();
    try {
      expect(
        await runForecastEval(['--format', 'long', '--input', file, '--horizon', '8', '--methods', '0,4']),
      ).toBe(0);
      expect(c.out).toContain('horizon 8 weeks');
    } finally {
      c.restore();
    }
  });
});
