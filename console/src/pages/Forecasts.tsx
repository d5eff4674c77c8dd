import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { Chart } from '../chart.tsx';
import { ifAvailable, useLoad } from '../hooks.ts';
import type { Page } from '../products.ts';
import { Section, Show } from '../ui.tsx';
import { readForecast } from './forecast-shape.ts';

const SERIES = [
  { label: 'history', color: '#111827' },
  { label: 'forecast', color: '#2563eb', width: 2 },
  { label: 'lower quantile', color: 'rgba(37,99,235,0.5)', dash: [4, 4] },
  { label: 'upper quantile', color: 'rgba(37,99,235,0.5)', dash: [4, 4] },
];
const BANDS = [{ lower: 2, upper: 3 }];

function Raw(props: { value: unknown }) {
  return <pre className="raw">{JSON.stringify(props.value, null, 2).slice(0, 4000)}</pre>;
}

function ForecastChart(props: { body: unknown }) {
  const series = useMemo(() => readForecast(props.body), [props.body]);
  const data = useMemo(
    () =>
      series
        ? ([series.x, series.history, series.mean, series.lower, series.upper] as uPlot.AlignedData)
        : null,
    [series],
  );
  if (!data) return <Raw value={props.body} />;
  return (
    <Chart
      title="Demand history, forecast and quantile band"
      data={data}
      series={SERIES}
      bands={BANDS}
      height={280}
    />
  );
}

export function ForecastsPage() {
  const [productId, setProductId] = useState('');
  const [locationId, setLocationId] = useState('');
  const locations = useLoad(
    (api) => api.get<Page<{ id: string; name: string }>>('/v1/catalog/locations', { limit: 100 }),
    [],
  );
  const q = { productId, locationId };
  const forecast = useLoad(
    (api) => ifAvailable(api.get<unknown>('/v1/forecasts', q)),
    [productId, locationId],
  );
  const replenishment = useLoad(
    (api) => ifAvailable(api.get<unknown>('/v1/replenishment', { locationId })),
    [locationId],
  );
  return (
    <div className="page">
      <form className="controls" aria-label="Forecast selection" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="fc-product">Product id (empty: all products)</label>
          <input
            id="fc-product"
            value={productId}
            onChange={(e) => setProductId(e.target.value.trim())}
            placeholder="P0000017"
          />
        </div>
        <div className="field">
          <label htmlFor="fc-location">Location</label>
          <select id="fc-location" value={locationId} onChange={(e) => setLocationId(e.target.value)}>
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
        <Show loaded={forecast} what="Forecasts" endpoint="GET /v1/forecasts">
          {(body) => <ForecastChart body={body} />}
        </Show>
      </Section>
      <Section title="Replenishment and stockout risks">
        <Show loaded={replenishment} what="Replenishment suggestions" endpoint="GET /v1/replenishment">
          {(body) => <Raw value={body} />}
        </Show>
      </Section>
    </div>
  );
}
