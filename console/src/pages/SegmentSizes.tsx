import { useMemo } from 'react';
import { ApiError } from '../api.ts';
import { Chart } from '../chart.tsx';
import { useLoad } from '../hooks.ts';
import { ErrorNote, fmt, NotAvailable } from '../ui.tsx';

/** `GET /v1/segments/:id/sizes?from=&to=`: the segment's member count over time, oldest first. */
export interface SizesAnswer {
  segmentId: string;
  points: { at: string; size: number }[];
  /** The period asked for (seconds), charted whole even with one point. */
  range: [number, number];
}

const DAY = 86_400_000;
const SERIES = [{ label: 'members', color: '#7c3aed', width: 2, points: true }];
export const SIZES_DAYS = 30;

/** Loads the sizes of a segment over the last 30 days; `version` reloads after a save. */
export function useSegmentSizes(id: string, version: number) {
  return useLoad(
    (api) => {
      if (!id) return Promise.resolve(undefined);
      const to = Date.now();
      const from = to - SIZES_DAYS * DAY;
      return api
        .get<Omit<SizesAnswer, 'range'>>(`/v1/segments/${encodeURIComponent(id)}/sizes`, {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
        })
        .then((r): SizesAnswer => ({ ...r, range: [from / 1000, to / 1000] }));
    },
    [id, version],
  );
}

export function SegmentSizes(props: { sizes: ReturnType<typeof useSegmentSizes>; id: string }) {
  const { data, error, loading } = props.sizes;
  const chart = useMemo(
    () =>
      data
        ? ([data.points.map((p) => Date.parse(p.at) / 1000), data.points.map((p) => p.size)] as [
            number[],
            number[],
          ])
        : null,
    [data],
  );
  if (!props.id) return <p className="muted">Save a segment to follow its size.</p>;
  if (error instanceof ApiError && error.missingEndpoint)
    return <NotAvailable what="Segment sizes over time" endpoint="GET /v1/segments/:id/sizes" />;
  if (error) return <ErrorNote error={error} />;
  if (loading || !data || !chart) return <p aria-busy="true">Loading…</p>;
  const last = data.points.at(-1);
  return (
    <>
      <p className="muted small">
        <span data-testid="sizes-points">{fmt.format(data.points.length)}</span>{' '}
        {data.points.length === 1 ? 'measurement' : 'measurements'} over the last {SIZES_DAYS} days
        {last && (
          <>
            ; latest <strong data-testid="sizes-latest">{fmt.format(last.size)}</strong> members at{' '}
            {last.at.replace('T', ' ').slice(0, 16)} UTC
          </>
        )}
      </p>
      {data.points.length > 0 ? (
        <Chart
          title={`Size of segment ${data.segmentId} over time`}
          data={chart}
          series={SERIES}
          height={200}
          xRange={data.range}
        />
      ) : (
        <p className="muted">no size recorded in this period</p>
      )}
    </>
  );
}
