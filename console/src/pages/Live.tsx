import { useEffect, useMemo, useState } from 'react';
import { Chart } from '../chart.tsx';
import { useLoad } from '../hooks.ts';
import { RecsTable } from '../recs.tsx';
import { ErrorNote, fmt, money, NotAvailable, Section, Stat } from '../ui.tsx';
import {
  loadPulse,
  loadWindow,
  type Pulse,
  type Ranked,
  SAMPLE,
  WINDOWS,
  type WindowKey,
} from './live-data.ts';

const POLL_MS = 5000;

function RankedList(props: { rows: Ranked[]; label: string }) {
  if (props.rows.length === 0) return <p className="muted">nothing in this window</p>;
  return (
    <ol className="ranked" aria-label={props.label}>
      {props.rows.map((r) => (
        <li key={r.key}>
          <span>{r.label}</span> <span className="count">{fmt.format(r.count)}</span>
        </li>
      ))}
    </ol>
  );
}

/** Keeps the polled events-per-second readings for a small live chart. */
function usePulseHistory(pulse: Pulse | undefined) {
  const [history, setHistory] = useState<Pulse[]>([]);
  useEffect(() => {
    if (pulse) setHistory((h) => [...h.slice(-119), pulse]);
  }, [pulse]);
  return useMemo(
    () => [history.map((p) => p.at / 1000), history.map((p) => p.eventsPerSecond)] as [number[], number[]],
    [history],
  );
}

const PULSE_SERIES = [{ label: 'events/s', color: '#2563eb' }];
const ORDER_SERIES = [{ label: 'orders', color: '#059669' }];

const isWindow = (w: string): w is WindowKey => w in WINDOWS;

/** `#/live/7d` opens a window other than the default last 24 hours (a live view; longer ones cost more). */
export function LivePage(props: { arg: string }) {
  const win: WindowKey = isWindow(props.arg) ? props.arg : '24h';
  const setWin = (w: string) => {
    window.location.hash = `#/live/${w}`;
  };
  const pulse = useLoad(loadPulse, [], POLL_MS);
  // Both start at once: the headline's queries are small and sent first, so they are answered first.
  const figures = useLoad((api) => loadWindow(api, win), [win], POLL_MS * 3);
  const history = usePulseHistory(pulse.data);
  const p = pulse.data;
  const f = figures.data;
  // Set once the headline and the window's figures are on screen (scripts/measure-console.ts waits for it).
  const loaded = (p !== undefined || pulse.error) && (f !== undefined || figures.error);
  return (
    <div className="page" data-ready={loaded ? true : undefined}>
      <ErrorNote error={pulse.error} />
      <div className="stats" aria-live="polite">
        <Stat
          label="Events per second (last minute)"
          value={p ? fmt.format(p.eventsPerSecond) : '…'}
          testId="eps"
        />
        <Stat
          label="Active sessions (30 min)"
          value={p ? `${p.sessionsPartial ? '≥ ' : ''}${fmt.format(p.activeSessions)}` : '…'}
          hint={p?.sessionsPartial ? `in the newest ${fmt.format(SAMPLE)} events` : undefined}
          testId="sessions"
        />
        <Stat label="Orders today" value={p ? fmt.format(p.ordersToday) : '…'} testId="orders-today" />
        <Stat
          label="Revenue today"
          value={p ? `${p.revenuePartial ? '≥ ' : ''}${money(p.revenueToday)}` : '…'}
          hint={p?.revenuePartial ? `over the newest ${fmt.format(SAMPLE)} orders` : undefined}
          testId="revenue-today"
        />
        <Stat label="Events stored" value={p ? fmt.format(p.totalEvents) : '…'} testId="total-events" />
      </div>
      {history[0].length > 1 && (
        <Chart
          title="Events per second, polled every 5 s"
          data={history}
          series={PULSE_SERIES}
          height={140}
        />
      )}

      <div className="toolbar">
        <label htmlFor="window">Window</label>
        <select id="window" value={win} onChange={(e) => setWin(e.target.value)}>
          {Object.entries(WINDOWS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
        {figures.ms !== undefined && <small className="muted">loaded in {Math.round(figures.ms)} ms</small>}
      </div>
      <ErrorNote error={figures.error} />
      {f && (
        <>
          <div className="stats">
            <Stat label="Orders" value={fmt.format(f.orders)} testId="orders-window" />
            <Stat
              label="Revenue"
              value={money(f.revenue)}
              hint={f.revenuePartial ? `latest ${SAMPLE} orders` : undefined}
              testId="revenue-window"
            />
            <Stat label="Product views" value={fmt.format(f.views)} testId="views-window" />
            <Stat
              label="Conversion"
              value={f.conversion === null ? '—' : `${fmt.format(100 * f.conversion)} %`}
              hint="orders ÷ product views"
              testId="conversion"
            />
          </div>
          <div className="grid">
            <Section title="Orders over time">
              {f.ordersPerHour[0].length > 0 ? (
                <Chart
                  title="Orders per bucket in the window"
                  data={f.ordersPerHour}
                  series={ORDER_SERIES}
                  height={200}
                />
              ) : (
                <p className="muted">no order in this window</p>
              )}
            </Section>
            <Section title="Top products">
              <p className="muted small">by views among the latest {SAMPLE} Product Viewed events</p>
              <RankedList rows={f.topProducts} label="Top products" />
            </Section>
            <Section title="Top searches">
              <p className="muted small">from {f.searchesFrom}</p>
              <RankedList rows={f.topSearches} label="Top searches" />
            </Section>
            <Section title="Trending">
              {f.trending ? (
                <RecsTable recs={f.trending} label="Trending products" />
              ) : (
                <NotAvailable what="Trending products" endpoint="POST /v1/recommendations" />
              )}
            </Section>
          </div>
        </>
      )}
    </div>
  );
}
