import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, splitCsvLine } from './csv.ts';
import { readLong } from './long.ts';
import { readM5 } from './m5.ts';

const dir = mkdtempSync(join(tmpdir(), 'panier-forecast-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

function longCsv(days: number, extra = ''): string {
  const rows = ['date,product,location,units,price,promo,stockout'];
  for (let i = 0; i < days; i++) {
    const d = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    rows.push(
      `${d},p1,s1,${i % 7},2.5,0,0`,
      `${d},p2,s1,${(i * 3) % 5},1.0,${i % 10 === 0 ? 1 : 0},${i === 5 ? 1 : 0}`,
    );
  }
  return rows.join('\n') + extra;
}

describe('CSV readers: bad input is rejected with line numbers', () => {
  it('splits quoted fields', () => {
    expect(splitCsvLine('"a,b","c""d",e')).toEqual(['a,b', 'c"d', 'e']);
  });

  it('ragged rows', () => {
    const p = file('ragged.csv', 'date,product,location,units\n2024-01-01,p,s,1\n2024-01-02,p,s\n');
    expect(() => readCsv(p)).toThrow(/ragged\.csv:3: expected 4 fields, found 3/);
  });

  it('non-numeric and negative units', () => {
    const bad = file('nan.csv', 'date,product,location,units\n2024-01-01,p,s,1\n2024-01-02,p,s,lots\n');
    expect(() => readLong(bad, 1)).toThrow(/nan\.csv:3: units is not a number: "lots"/);
    const neg = file('neg.csv', 'date,product,location,units\n2024-01-01,p,s,1\n2024-01-02,p,s,-4\n');
    expect(() => readLong(neg, 1)).toThrow(/neg\.csv:3: units is negative/);
  });

  it('dates out of order and malformed dates', () => {
    const p = file('order.csv', 'date,product,location,units\n2024-01-02,p,s,1\n2024-01-01,p,s,2\n');
    expect(() => readLong(p, 1)).toThrow(
      /order\.csv:3: dates out of order for p at s: 2024-01-01 after 2024-01-02/,
    );
    const q = file('baddate.csv', 'date,product,location,units\n01/02/2024,p,s,1\n');
    expect(() => readLong(q, 1)).toThrow(/baddate\.csv:2: date is not YYYY-MM-DD/);
  });

  it('missing columns name what the file has', () => {
    const p = file('cols.csv', 'day,product,location,units\n2024-01-01,p,s,1\n');
    expect(() => readLong(p, 1)).toThrow(/missing column "date" \(have: day, product, location, units\)/);
  });

  it('unknown products in the test file', () => {
    const train = file('train.csv', longCsv(30));
    const test = file('test.csv', 'date,product,location,units\n2024-01-31,p1,s1,3\n2024-01-31,p9,s1,1\n');
    expect(() => readLong(train, 1, test)).toThrow(/test\.csv:3: unknown product\/location p9 at s1/);
  });
});

describe('long reader', () => {
  it('holds out the last H days, keeps stockout flags and prices', () => {
    const ds = readLong(file('ok.csv', longCsv(40)), 7);
    expect(ds.history).toHaveLength(2);
    expect(ds.history[0].y).toHaveLength(33);
    expect(ds.actual?.[0]).toHaveLength(7);
    expect(ds.history[1].stockout?.[5]).toBe(1);
    expect(ds.price[0][39]).toBe(2.5);
    expect(ds.dates[0]).toBe('2024-01-01');
    expect(ds.calendar.dow[0]).toBe(1); // 2024-01-01 was a Monday
  });
});

describe('M5 reader', () => {
  it('reads wide sales with calendar and prices, and rejects negative sales with the line', () => {
    const days = Array.from({ length: 30 }, (_, i) => `d_${i + 1}`);
    const cal = [
      'date,wm_yr_wk,weekday,wday,month,year,d,event_name_1,event_type_1,event_name_2,event_type_2,snap_CA,snap_TX,snap_WI',
    ];
    for (let i = 0; i < 40; i++) {
      const d = new Date(Date.UTC(2011, 0, 29 + i)).toISOString().slice(0, 10);
      cal.push(
        `${d},${11101 + Math.floor(i / 7)},x,${(i % 7) + 1},1,2011,d_${i + 1},${i === 3 ? 'SuperBowl' : ''},,,,${i % 2},0,0`,
      );
    }
    const calendar = file('calendar.csv', cal.join('\n'));
    const head = `id,item_id,dept_id,cat_id,store_id,state_id,${days.join(',')}`;
    const row = (item: string, v: (i: number) => number) =>
      `${item}_CA_1,${item},H_1,H,CA_1,CA,${days.map((_, i) => v(i)).join(',')}`;
    const sales = file('sales.csv', [head, row('A', (i) => i % 3), row('B', (i) => i % 2)].join('\n'));
    const prices = file(
      'sell_prices.csv',
      'store_id,item_id,wm_yr_wk,sell_price\nCA_1,A,11101,2.00\nCA_1,A,11102,3.00\n',
    );
    const ds = readM5({ sales, calendar, prices }, 7);
    expect(ds.history[0].y).toHaveLength(23);
    expect(Array.from(ds.actual?.[1] ?? [])).toEqual([1, 0, 1, 0, 1, 0, 1]);
    expect(ds.calendar.event?.[3]).toBe(1);
    expect(ds.price[0][8]).toBe(3);
    expect(Number.isNaN(ds.price[1][0])).toBe(true);
    expect(ds.snap?.[0][1]).toBe(1);
    const bad = file('sales_bad.csv', [head, row('A', (i) => (i === 4 ? -1 : 1))].join('\n'));
    expect(() => readM5({ sales: bad, calendar }, 7)).toThrow(/sales_bad\.csv:2: d_5 is negative/);
  });
});

describe('weekly data', () => {
  const weekly = (weeks: number, offsetDay = 0) => {
    const rows = ['date,product,location,units'];
    for (let w = 0; w < weeks; w++) {
      const d = new Date(Date.UTC(2022, 0, 3 + 7 * w + (w === 5 ? offsetDay : 0))).toISOString().slice(0, 10);
      rows.push(`${d},p,s,${20 + (w % 52 < 4 ? 30 : 0) + (w % 3)}`);
    }
    return rows.join('\n');
  };

  it('is inferred from dates on one weekday grid and gets a 52-week season', () => {
    const ds = readLong(file('weekly.csv', weekly(160)), 8);
    expect(ds.freq).toBe('week');
    expect(ds.season).toBe(52);
    expect(ds.history[0].y).toHaveLength(152);
    expect(ds.dates[1]).toBe('2022-01-10');
  });

  it('--freq week rejects a date off the weekly grid, with its line', () => {
    const p = file('weekly_bad.csv', weekly(20, 2));
    expect(() => readLong(p, 4, undefined, 'week')).toThrow(
      /weekly_bad\.csv:7: date 2022-02-09 is not on the weekly grid/,
    );
    // Without --freq the same file is read as daily (missing days are zero sales).
    expect(readLong(p, 4).freq).toBe('day');
  });
});
