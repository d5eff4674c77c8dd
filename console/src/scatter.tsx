export interface Point {
  id: string;
  label: string;
  x: number;
  y: number;
  kind: string;
  /** 0..1, drawn as the radius (e.g. stock of the selected product). */
  weight?: number;
}

const COLORS: Record<string, string> = { store: '#2563eb', locker: '#d97706', warehouse: '#059669' };

/** Locations on a map-like plot: longitude across, latitude up, equal-ish aspect at Lyon's latitude. */
export function Scatter(props: {
  points: Point[];
  title: string;
  onPick?: (id: string) => void;
  selected?: string;
}) {
  const { points } = props;
  if (points.length === 0) return <p className="muted">no locations</p>;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const aspect = Math.cos(((y0 + y1) / 2) * (Math.PI / 180));
  const w = 600;
  const spanX = Math.max(1e-6, (x1 - x0) * aspect);
  const spanY = Math.max(1e-6, y1 - y0);
  const h = Math.round(Math.min(600, Math.max(200, (w * spanY) / spanX)));
  const px = (x: number) => 20 + ((x - x0) * aspect * (w - 40)) / spanX;
  const py = (y: number) => h - 20 - ((y - y0) * (h - 40)) / spanY;
  return (
    <figure className="scatter">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.title}>
        <title>{props.title}</title>
        {points.map((p) => (
          // biome-ignore lint/a11y/useSemanticElements: an SVG mark cannot be a <button>; it gets role and keyboard
          <circle
            key={p.id}
            cx={px(p.x)}
            cy={py(p.y)}
            r={4 + 10 * (p.weight ?? 0.3)}
            fill={COLORS[p.kind] ?? '#6b7280'}
            fillOpacity={0.75}
            stroke={p.id === props.selected ? '#111' : 'white'}
            strokeWidth={p.id === props.selected ? 3 : 1}
            role="button"
            tabIndex={0}
            aria-label={`${p.label} (${p.kind})`}
            onClick={() => props.onPick?.(p.id)}
            onKeyDown={(e) => e.key === 'Enter' && props.onPick?.(p.id)}
          >
            <title>{p.label}</title>
          </circle>
        ))}
      </svg>
      <figcaption>
        {Object.entries(COLORS).map(([k, c]) => (
          <span key={k} className="legend">
            <span className="dot" style={{ background: c }} /> {k}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
