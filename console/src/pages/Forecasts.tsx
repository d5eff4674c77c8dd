import { useEffect, useMemo, useState } from 'react';
import { Chart } from '../chart.tsx';
import { ifAvailable, useLoad } from '../hooks.ts';
import type { Page } from '../products.ts';
import { fmt, Section, Show } from '../ui.tsx';
import { chartData, type ForecastAnswer, HIERARCHY_LEVELS, nodesOf, type PlanLine } from './forecast-data.ts';

const SERIES = [
  { label: 'mean', color: '#2563eb', width: 2 },
  { label: 'q16.5', color: 'rgba(37,99,235,0.6)', dash: [4, 4] },
  { label: 'q83.5', color: 'rgba(37,99,235,0.6)', dash: [4, 4] },
  { label: 'q2.5', color: 'rgba(37,99,235,0.3)', dash: [2, 4] },
  { label: 'q97.5', color: 'rgba(37,99,235,0.3)', dash: [2, 4] },
];
const BANDS = [
  { lower: 1, upper: 2 },
  { lower: 3, upper: 4 },
];

function ForecastView(props: { answer: ForecastAnswer }) {
  const { answer } = props;
  const nodes = useMemo(() => nodesOf(answer.forecasts), [answer]);
  const [node, setNode] = useState(nodes[0] ?? '');
  useEffect(() => setNode((n) => (nodes.includes(n) ? n : (nodes[0] ?? ''))), [nodes]);
  const data = useMemo(() => chartData(answer.forecasts, node, answer.quantileLevels), [answer, node]);
  if (nodes.length === 0) return <p className="muted">no forecast row for this selection</p>;
  return (
    <>
      <p className="muted small">
        run <code>{answer.run.id}</code> · <span data-testid="forecast-nodes">{nodes.length}</span> series
      </p>
      <div className="field">
        <label htmlFor="fc-node">Series</label>
        <select id="fc-node" value={node} onChange={(e) => setNode(e.target.value)}>
          {nodes.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </div>
      <Chart
        title={`Forecast of ${node}: mean and quantile bands`}
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
  const plan = useLoad(
    (api) =>
      location
        ? ifAvailable(api.get<{ lines: PlanLine[] }>('/v1/replenishment', { location, atRisk }))
        : Promise.resolve({ lines: [] as PlanLine[] }),
    [location, atRisk],
  );
  const ready = !locations.loading && !forecast.loading && !plan.loading;
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
          Mean with the 67 % and 95 % quantile bands; history is not part of the forecast API yet.
        </p>
        <Show loaded={forecast} what="Forecasts" endpoint="GET /v1/forecasts">
          {(answer) => <ForecastView answer={answer} />}
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
