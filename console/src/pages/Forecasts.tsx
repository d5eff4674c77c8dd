import { useMemo, useState } from 'react';
import { Chart } from '../chart.tsx';
import { ifAvailable, useLoad } from '../hooks.ts';
import type { Page } from '../products.ts';
import { fmt, Section, Show } from '../ui.tsx';
import {
  chartData,
  type ForecastAnswer,
  HIERARCHY_LEVELS,
  type HistoryAnswer,
  type HistoryRow,
  nodesOf,
  type PlanLine,
} from './forecast-data.ts';

/** Days of history drawn before the forecast (a run saves 56). */
const HISTORY_DAYS = 56;

const SERIES = [
  { label: 'history (units sold)', color: '#111827', width: 1.5 },
  { label: 'stockouts imputed', color: '#9ca3af', dash: [3, 3] },
  { label: 'mean', color: '#2563eb', width: 2 },
  { label: 'q16.5', color: 'rgba(37,99,235,0.6)', dash: [4, 4] },
  { label: 'q83.5', color: 'rgba(37,99,235,0.6)', dash: [4, 4] },
  { label: 'q2.5', color: 'rgba(37,99,235,0.3)', dash: [2, 4] },
  { label: 'q97.5', color: 'rgba(37,99,235,0.3)', dash: [2, 4] },
];
const BANDS = [
  { lower: 3, upper: 4 },
  { lower: 5, upper: 6 },
];

/** `undefined` while loading, `null` when the run saved none for this node. */
function HistorySummary(props: { history: HistoryRow | null | undefined }) {
  const h = props.history;
  if (h === undefined) return null;
  if (h === null || h.dates.length === 0)
    return (
      <p className="muted small">
        No demand history saved for this series (a run made before history was kept).
      </p>
    );
  const censored = h.stockout.filter((s) => s > 0).length;
  return (
    <p className="muted small" data-testid="history-summary">
      History: <span data-testid="history-points">{h.dates.length}</span> days from{' '}
      <span data-testid="history-first">{h.dates[0]}</span> to{' '}
      <span data-testid="history-last">{h.dates.at(-1)}</span>,{' '}
      <span data-testid="history-units">{fmt.format(h.units.reduce((a, b) => a + b, 0))}</span> units sold
      {censored > 0 ? (
        <>
          ; <span data-testid="history-censored">{censored}</span> days with stockout-censored sales (the
          dashed line: imputed, as the models saw them, {fmt.format(h.imputed.reduce((a, b) => a + b, 0))}{' '}
          units)
        </>
      ) : (
        ''
      )}
      .
    </p>
  );
}

function ForecastView(props: {
  answer: ForecastAnswer;
  nodes: string[];
  node: string;
  setNode: (n: string) => void;
  history: HistoryRow | null | undefined;
}) {
  const { answer, nodes, node, history } = props;
  const data = useMemo(
    () => chartData(answer.forecasts, node, answer.quantileLevels, history ?? undefined),
    [answer, node, history],
  );
  if (nodes.length === 0) return <p className="muted">no forecast row for this selection</p>;
  return (
    <>
      <p className="muted small">
        run <code>{answer.run.id}</code> · <span data-testid="forecast-nodes">{nodes.length}</span> series
      </p>
      <div className="field">
        <label htmlFor="fc-node">Series</label>
        <select id="fc-node" value={node} onChange={(e) => props.setNode(e.target.value)}>
          {nodes.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </div>
      <HistorySummary history={history} />
      <Chart
        title={`Demand history and forecast of ${node}: mean and quantile bands`}
        data={data}
        series={SERIES}
        bands={BANDS}
        height={280}
      />
    </>
  );
}

function PlanTable(props: { lines: PlanLine[] }) {
  if (props.lines.length === 0) return <p className="muted">no plan line for this location</p>;
  return (
    <>
      <p className="muted small">
        <span data-testid="plan-lines">{fmt.format(props.lines.length)}</span> lines, riskiest first
        {props.lines.length > 50 ? ' (the first 50 shown)' : ''}
      </p>
      <table aria-label="Replenishment plan">
        <thead>
          <tr>
            {[
              'product',
              'stockout risk',
              'days of cover',
              'position',
              'reorder point',
              'order-up-to',
              'suggested order',
            ].map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.lines.slice(0, 50).map((l) => (
            <tr key={l.product}>
              <td>{l.product}</td>
              <td>{fmt.format(100 * l.stockoutRisk)} %</td>
              <td>{l.daysOfCover === null ? 'beyond horizon' : fmt.format(l.daysOfCover)}</td>
              <td>{fmt.format(l.position)}</td>
              <td>{fmt.format(l.reorderPoint)}</td>
              <td>{fmt.format(l.orderUpTo)}</td>
              <td>{fmt.format(l.order)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ForecastsPage() {
  const [level, setLevel] = useState('total');
  const [product, setProduct] = useState('');
  const [location, setLocation] = useState('');
  const [atRisk, setAtRisk] = useState(true);
  const locations = useLoad(
    (api) => api.get<Page<{ id: string; name: string }>>('/v1/catalog/locations', { limit: 200 }),
    [],
  );
  // A product or a location narrows "total" to the level that has it.
  const effective =
    level === 'total' && product ? 'product' : level === 'total' && location ? 'location' : level;
  const forecast = useLoad(
    (api) =>
      ifAvailable(
        api.get<ForecastAnswer>('/v1/forecasts', { level: effective, product, location, limit: 2000 }),
      ),
    [effective, product, location],
  );
  const nodes = useMemo(() => nodesOf(forecast.data?.forecasts ?? []), [forecast.data]);
  const [picked, setNode] = useState('');
  // The node shown: the one picked while the selection still has it, else the selection's first.
  const node = nodes.includes(picked) ? picked : (nodes[0] ?? '');
  const runId = forecast.data?.run.id;
  const history = useLoad(
    async (api) => ({
      node,
      answer:
        node && runId
          ? await ifAvailable(
              api.get<HistoryAnswer>('/v1/forecasts/history', { node, run: runId, days: HISTORY_DAYS }),
            )
          : undefined,
    }),
    [node, runId],
  );
  const historyReady = !node || (!history.loading && (history.data?.node === node || !!history.error));
  const plan = useLoad(
    (api) =>
      location
        ? ifAvailable(api.get<{ lines: PlanLine[] }>('/v1/replenishment', { location, atRisk }))
        : Promise.resolve({ lines: [] as PlanLine[] }),
    [location, atRisk],
  );
  const ready = !locations.loading && !forecast.loading && !plan.loading && historyReady;
  return (
    <div className="page" data-ready={ready || undefined}>
      <form className="controls" aria-label="Forecast selection" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="fc-level">Hierarchy level</label>
          <select id="fc-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            {HIERARCHY_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fc-product">Product id</label>
          <input
            id="fc-product"
            value={product}
            onChange={(e) => setProduct(e.target.value.trim())}
            placeholder="P0000017"
          />
        </div>
        <div className="field">
          <label htmlFor="fc-location">Location</label>
          <select id="fc-location" value={location} onChange={(e) => setLocation(e.target.value)}>
            <option value="">all locations</option>
            {locations.data?.items.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Section title="Forecast">
        <p className="muted small">
          The last {HISTORY_DAYS} days of recorded sales the run learned from, then its mean with the 67 % and
          95 % quantile bands.
        </p>
        <Show loaded={forecast} what="Forecasts" endpoint="GET /v1/forecasts">
          {(answer) => (
            <ForecastView
              answer={answer}
              nodes={nodes}
              node={node}
              setNode={setNode}
              history={history.data?.node === node ? (history.data.answer?.history[0] ?? null) : undefined}
            />
          )}
        </Show>
      </Section>
      <Section title="Replenishment and stockout risks">
        {!location ? (
          <p className="muted">Choose a location to see its plan.</p>
        ) : (
          <>
            <label>
              <input type="checkbox" checked={atRisk} onChange={(e) => setAtRisk(e.target.checked)} /> only
              lines at risk
            </label>
            <Show loaded={plan} what="Replenishment" endpoint="GET /v1/replenishment">
              {(p) => <PlanTable lines={p.lines} />}
            </Show>
          </>
        )}
      </Section>
    </div>
  );
}
