import type { ReactNode } from 'react';
import { ApiError } from './api.ts';
import type { Loaded } from './hooks.ts';

export const fmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
export const money = (v: number, currency = 'EUR') =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(v);

export function Stat(props: { label: string; value: ReactNode; hint?: string; testId?: string }) {
  return (
    <fieldset className="stat">
      <legend className="stat-label">{props.label}</legend>
      <div className="stat-value" data-testid={props.testId}>
        {props.value}
      </div>
      {props.hint && <div className="stat-hint">{props.hint}</div>}
    </fieldset>
  );
}

export function NotAvailable(props: { what: string; endpoint: string }) {
  return (
    <p className="note not-available" role="status">
      {props.what}: not available in this build (<code>{props.endpoint}</code> answers 404).
    </p>
  );
}

export function ErrorNote(props: { error: Error | undefined }) {
  if (!props.error) return null;
  const e = props.error;
  const text = e instanceof ApiError ? `${e.status} ${e.code}: ${e.message}` : e.message;
  return (
    <p className="note error" role="alert">
      {text}
    </p>
  );
}

/** Loading, error and "not in this build" states around a loaded value. */
export function Show<T>(props: {
  loaded: Loaded<T | undefined>;
  what: string;
  endpoint: string;
  children: (data: T) => ReactNode;
}) {
  const { data, error, loading } = props.loaded;
  if (error instanceof ApiError && error.missingEndpoint)
    return <NotAvailable what={props.what} endpoint={props.endpoint} />;
  if (error) return <ErrorNote error={error} />;
  if (data === undefined && !loading) return <NotAvailable what={props.what} endpoint={props.endpoint} />;
  if (data === undefined) return <p aria-busy="true">Loading…</p>;
  return <>{props.children(data)}</>;
}

export function Section(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = `h-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="card" aria-labelledby={id}>
      <header className="card-head">
        <h2 id={id}>{props.title}</h2>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}

/** Key/value pairs of any object as a definition list. */
export function KeyValues(props: { values: Record<string, unknown> | undefined; label: string }) {
  const entries = Object.entries(props.values ?? {});
  if (entries.length === 0) return <p className="muted">none</p>;
  return (
    <dl className="kv" aria-label={props.label}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{display(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Epoch milliseconds between 2001 and 2096 read as dates (profile features such as firstSeen). */
const isEpochMs = (v: number) => v > 1e12 && v < 4e12;

/** Any API value as short text: dates, weighted lists ("Baby 16 %"), nested objects as key: value. */
export function display(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return isEpochMs(v) ? new Date(v).toISOString().slice(0, 10) : fmt.format(v);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(item).join(', ');
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${display(x)}`)
    .join(', ');
}

function item(x: unknown): string {
  if (x && typeof x === 'object' && 'name' in x && 'weight' in x && typeof x.weight === 'number')
    return `${String(x.name)} ${fmt.format(100 * x.weight)} %`;
  return display(x);
}
