import { DAY_MS } from './options.ts';

export const HOUR_MS = 3_600_000;

/** One local (Europe/Paris) calendar day of the demo. */
export interface DemoDay {
  readonly index: number;
  /** UTC ms of local midnight, and of the next one. */
  readonly start: number;
  readonly end: number;
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
  /** UTC midnight of the same calendar date, for display. */
  readonly date: number;
}

function lastSundayUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Paris is UTC+2 between the last Sundays of March and October (01:00 UTC), UTC+1 otherwise. */
export function parisOffsetMs(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const summer = utcMs >= lastSundayUtc(year, 2) && utcMs < lastSundayUtc(year, 9);
  return (summer ? 2 : 1) * HOUR_MS;
}

function localMidnight(date: number): number {
  return date - parisOffsetMs(date + 12 * HOUR_MS);
}

/** The `days` local days that end just before `endDate`'s local day. */
export function demoDay(endDate: number, days: number, index: number): DemoDay {
  const date = endDate - (days - index) * DAY_MS;
  const weekday = (new Date(date).getUTCDay() + 6) % 7;
  return { index, start: localMidnight(date), end: localMidnight(date + DAY_MS), weekday, date };
}

/** Online traffic by local hour: quiet nights, a lunch bump, an evening peak. */
export const ONLINE_HOURS = [
  0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.3, 0.7, 1, 1.1, 1.1, 1.2, 1.4, 1.3, 1.1, 1.1, 1.2, 1.4, 1.8, 2.4, 2.9,
  2.8, 2, 1,
] as const;
/** Store traffic by hour from 09:00 (stores close at 20:00, 13:00 on Sunday). */
export const STORE_HOURS = [0.6, 0.9, 1.2, 1.4, 1.1, 0.9, 1, 1.3, 1.7, 1.8, 1.2] as const;
export const SUNDAY_HOURS = [0.9, 1.3, 1.4, 1] as const;
/** Monday … Sunday: Saturday is the big store day, Sunday evenings the big online day. */
export const STORE_WEEKDAYS = [0.85, 0.85, 0.95, 0.9, 1.15, 1.6, 0.7] as const;
export const ONLINE_WEEKDAYS = [1.05, 0.95, 0.95, 0.95, 0.9, 0.95, 1.25] as const;

const TWO_DIGITS = Array.from({ length: 100 }, (_, k) => String(k).padStart(2, '0'));
/** "ss.mmmZ" for every millisecond of a minute (60,000 short strings, built once). */
let secondsTable: string[] | null = null;

function secondsOfMinute(): string[] {
  if (!secondsTable) {
    secondsTable = new Array(60_000);
    for (let k = 0; k < 60_000; k++)
      secondsTable[k] = `${TWO_DIGITS[Math.floor(k / 1000)]}.${String(k % 1000).padStart(3, '0')}Z`;
  }
  return secondsTable;
}

/**
 * ISO-8601 formatter for integer ms, identical to `Date#toISOString` for years 0–9999 but much cheaper
 * on a time-ordered stream: the "YYYY-MM-DDTHH:MM:" prefix is rebuilt only when the minute changes.
 */
export function createIsoFormatter(): (ms: number) => string {
  const seconds = secondsOfMinute();
  let minute = Number.NaN;
  let prefix = '';
  return (ms) => {
    const m = Math.floor(ms / 60_000);
    if (m !== minute) {
      minute = m;
      prefix = new Date(m * 60_000).toISOString().slice(0, 17);
    }
    return prefix + seconds[ms - m * 60_000];
  };
}
