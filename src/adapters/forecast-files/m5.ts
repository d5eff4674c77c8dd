import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PanierError } from '../../kernel/index.ts';
import type { ForecastDataset, SeriesKey } from '../../modules/forecast/index.ts';
import { weekdays } from '../../modules/forecast/index.ts';
import { type CsvTable, column, parseUnits, readCsv, rowError } from './csv.ts';

export interface M5Paths {
  sales: string;
  calendar: string;
  prices?: string;
  /** Separate truth file (sales_test_evaluation layout); otherwise the last `horizon` days are held out. */
  test?: string;
}

/** Find the M5 files in a folder; `sales` may name which sales file when several are present. */
export function locateM5(dir: string, sales?: string, test?: string): M5Paths {
  if (!existsSync(dir)) throw new PanierError('not_found', `no such folder: ${dir}`, dir);
  const files = readdirSync(dir);
  const pick = (re: RegExp, what: string, given?: string) => {
    if (given) return existsSync(given) ? given : join(dir, given);
    const found = files.filter((f) => re.test(f));
    if (found.length !== 1) {
      throw new PanierError(
        'invalid_argument',
        `expected one ${what} file in ${dir}, found ${found.length} (${found.join(', ')}); pass --sales`,
      );
    }
    return join(dir, found[0]);
  };
  const salesPath = pick(/sales.*\.csv(\.gz)?$/i, 'sales', sales);
  const stem = salesPath.replace(/sales.*$/i, '');
  const priceCandidates = files.filter((f) => /sell_prices\.csv(\.gz)?$/.test(f)).map((f) => join(dir, f));
  const prices =
    priceCandidates.find((p) => p.startsWith(stem)) ??
    (priceCandidates.length === 1 ? priceCandidates[0] : undefined);
  const testPath = test && !existsSync(test) ? join(dir, test) : test;
  return { sales: salesPath, calendar: join(dir, 'calendar.csv'), prices, test: testPath };
}

interface DayCols {
  first: number;
  days: string[];
}

function dayColumns(t: CsvTable): DayCols {
  const first = t.header.findIndex((h) => /^d_\d+$/.test(h));
  if (first < 0) throw rowError(t.file, 1, 'no d_<n> day columns');
  return { first, days: t.header.slice(first) };
}

function rowKey(t: CsvTable, cells: string[]): SeriesKey {
  const get = (c: string) => cells[column(t, c)];
  return {
    product: get('item_id'),
    department: get('dept_id'),
    category: get('cat_id'),
    location: get('store_id'),
    region: get('state_id'),
  };
}

export function readM5(paths: M5Paths, horizon: number): ForecastDataset {
  const sales = readCsv(paths.sales);
  const cal = readCsv(paths.calendar);
  const { first, days } = dayColumns(sales);
  const test = paths.test ? readCsv(paths.test) : undefined;
  const testDays = test ? dayColumns(test) : undefined;
  // With a truth file, history stops the day before its first day; otherwise hold out the last h.
  const trainLen = testDays ? days.indexOf(testDays.days[0]) : days.length - horizon;
  if (trainLen <= 0)
    throw new PanierError(
      'invalid_argument',
      `sales file has no history before the test period (${days.length} days, horizon ${horizon})`,
    );
  const h = testDays ? Math.min(horizon, testDays.days.length) : horizon;
  const allDays = [
    ...days.slice(0, trainLen),
    ...Array.from({ length: h }, (_, i) => `d_${Number(days[trainLen - 1].slice(2)) + i + 1}`),
  ];
  const calIdx = new Map(cal.rows.map((r) => [r.cells[column(cal, 'd')], r.cells]));
  const calRows = allDays.map((d) => {
    const r = calIdx.get(d);
    if (!r) throw new PanierError('invalid_row', `${cal.file}: calendar has no row for ${d}`, cal.file);
    return r;
  });
  const dates = calRows.map((r) => r[column(cal, 'date')]);
  const event = Uint8Array.from(calRows, (r) => (r[column(cal, 'event_name_1')] ? 1 : 0));
  const wk = calRows.map((r) => r[column(cal, 'wm_yr_wk')]);
  const keys: SeriesKey[] = [];
  const history = sales.rows.map(({ line, cells }) => {
    const key = rowKey(sales, cells);
    keys.push(key);
    const y = new Float64Array(trainLen);
    for (let t = 0; t < trainLen; t++) y[t] = parseUnits(sales, line, cells[first + t], days[t]);
    return { id: `${key.product}_${key.location}`, y };
  });
  const actual = test
    ? readTruth(test, keys, h)
    : sales.rows.map(({ line, cells }) => {
        const a = new Float64Array(h);
        for (let i = 0; i < h; i++)
          a[i] = parseUnits(sales, line, cells[first + trainLen + i], days[trainLen + i]);
        return a;
      });
  const price = readPrices(paths.prices, keys, wk);
  const snap = keys.map((k) => {
    const c = column(cal, `snap_${k.region}`, false);
    return Uint8Array.from(calRows, (r) => (c >= 0 && r[c] === '1' ? 1 : 0));
  });
  return { keys, dates, history, actual, price, snap, calendar: { dow: weekdays(dates), event }, horizon: h };
}

function readTruth(test: CsvTable, keys: SeriesKey[], h: number): Float64Array[] {
  const { first } = dayColumns(test);
  const byKey = new Map<string, Float64Array>();
  for (const { line, cells } of test.rows) {
    const k = rowKey(test, cells);
    const a = new Float64Array(h);
    for (let i = 0; i < h; i++) a[i] = parseUnits(test, line, cells[first + i], test.header[first + i]);
    byKey.set(`${k.product}|${k.location}`, a);
  }
  return keys.map((k) => {
    const a = byKey.get(`${k.product}|${k.location}`);
    if (!a)
      throw new PanierError(
        'invalid_row',
        `${test.file}: no truth for ${k.product} at ${k.location}`,
        test.file,
      );
    return a;
  });
}

function readPrices(path: string | undefined, keys: SeriesKey[], wk: string[]): Float64Array[] {
  if (!path) return keys.map(() => new Float64Array(wk.length).fill(Number.NaN));
  const t = readCsv(path);
  const [cs, ci, cw, cp] = ['store_id', 'item_id', 'wm_yr_wk', 'sell_price'].map((c) => column(t, c));
  const byKey = new Map<string, number>();
  for (const { line, cells } of t.rows)
    byKey.set(`${cells[cs]}|${cells[ci]}|${cells[cw]}`, parseUnits(t, line, cells[cp], 'sell_price'));
  return keys.map((k) =>
    Float64Array.from(wk, (w) => byKey.get(`${k.location}|${k.product}|${w}`) ?? Number.NaN),
  );
}
