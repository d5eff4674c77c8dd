import { ApiError } from '../api.ts';
import type { Loaded } from '../hooks.ts';
import { ErrorNote, fmt, NotAvailable } from '../ui.tsx';

interface Metrics {
  predictions: number;
  hr: number;
  mrr: number;
  ndcg: number;
  recall: number;
  coverage: number;
  popularity: number;
}
interface Row {
  strategy: string;
  metrics: Metrics;
  msPerPrediction: number;
}
export interface EvalRunSummary {
  id: string;
  ranAt: string;
  format: string;
  input: string;
}
/** `GET /v1/recommendations/evaluation`: the report of `panier eval recs --json` plus when and on what. */
export interface EvalAnswer extends EvalRunSummary {
  k: number;
  split: { cutoff: string; testDays: number };
  data: {
    interactions: number;
    trainInteractions: number;
    items: number;
    trainSessions: number;
    testSessions: number;
    testUsers: number;
  };
  nextItem: Row[];
  userHistory: Row[];
  seconds: number;
  trainSeconds: number;
  runs: EvalRunSummary[];
}

export const EVAL_PATH = '/v1/recommendations/evaluation';
/** Metrics are shown with four decimals, as `panier eval recs` prints them. */
export const metric = (x: number) => x.toFixed(4);
const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function MetricsTable(props: { rows: Row[]; k: number; label: string; id: string }) {
  const best = Math.max(...props.rows.map((r) => r.metrics.hr));
  const cols: [string, (m: Metrics) => number][] = [
    [`HR@${props.k}`, (m) => m.hr],
    [`MRR@${props.k}`, (m) => m.mrr],
    [`NDCG@${props.k}`, (m) => m.ndcg],
    [`Recall@${props.k}`, (m) => m.recall],
    [`Coverage@${props.k}`, (m) => m.coverage],
    [`Popularity bias@${props.k}`, (m) => m.popularity],
  ];
  return (
    <table aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">strategy</th>
          {cols.map(([h]) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
          <th scope="col">predictions</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.strategy} data-testid={`eval-${props.id}-${slug(r.strategy)}`}>
            <th scope="row">{r.strategy}</th>
            {cols.map(([h, get]) => (
              <td key={h}>
                {r.metrics.hr === best && h.startsWith('HR') ? (
                  <strong>{metric(get(r.metrics))}</strong>
                ) : (
                  metric(get(r.metrics))
                )}
              </td>
            ))}
            <td>{fmt.format(r.metrics.predictions)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report(props: { r: EvalAnswer; onRun: (id: string) => void }) {
  const { r } = props;
  const d = r.data;
  return (
    <>
      <p>
        Dataset <strong data-testid="eval-format">{r.format}</strong> (
        <code data-testid="eval-input">{r.input}</code>), run{' '}
        <time dateTime={r.ranAt} data-testid="eval-ran-at">
          {when(r.ranAt)} UTC
        </time>
        ; test = the last {r.split.testDays} days, from {when(r.split.cutoff)} UTC; K = {r.k}.
      </p>
      <p className="muted small">
        {fmt.format(d.interactions)} interactions ({fmt.format(d.trainInteractions)} in training),{' '}
        {fmt.format(d.items)} items; {fmt.format(d.trainSessions)} training sessions,{' '}
        <span data-testid="eval-test-sessions">{fmt.format(d.testSessions)}</span> test sessions,{' '}
        {fmt.format(d.testUsers)} test users; {fmt.format(r.seconds)} s. HR = hit rate, MRR = mean reciprocal
        rank, NDCG = normalized discounted cumulative gain, coverage = share of the catalog ever recommended,
        popularity bias = mean popularity of what is recommended (lower is less biased).
      </p>
      {r.runs.length > 1 && (
        <div className="field">
          <label htmlFor="eval-run">Run</label>
          <select id="eval-run" value={r.id} onChange={(e) => props.onRun(e.target.value)}>
            {r.runs.map((x) => (
              <option key={x.id} value={x.id}>
                {when(x.ranAt)} · {x.format} · {x.input}
              </option>
            ))}
          </select>
        </div>
      )}
      <h3>Next item in the session (every position, full ranking)</h3>
      <MetricsTable rows={r.nextItem} k={r.k} label="Next-item evaluation" id="next" />
      {r.userHistory.length > 0 && (
        <>
          <h3>History before the split → purchases after it</h3>
          <MetricsTable rows={r.userHistory} k={r.k} label="User-history evaluation" id="user" />
        </>
      )}
    </>
  );
}

/** The saved offline evaluation report, or how to produce one. */
export function EvalReport(props: { loaded: Loaded<EvalAnswer | undefined>; onRun: (id: string) => void }) {
  const { data, error, loading } = props.loaded;
  if (error instanceof ApiError && error.missingEndpoint)
    return <NotAvailable what="Evaluation report" endpoint={`GET ${EVAL_PATH}`} />;
  if (error instanceof ApiError && error.status === 404)
    return (
      <p className="note" role="status" data-testid="eval-none">
        No evaluation has been run on this store yet. Run{' '}
        <code>panier eval recs --format log --max-sessions 500</code> to evaluate every strategy on the events
        stored here (about a minute and a half of CPU on the demo retailer; without{' '}
        <code>--max-sessions</code> every test session is replayed, several times longer); or{' '}
        <code>--format online-retail|diginetica|segment --input FILE</code> on a dataset. The report is saved
        and shown here.
      </p>
    );
  if (error) return <ErrorNote error={error} />;
  if (loading || !data) return <p aria-busy="true">Loading…</p>;
  return <Report r={data} onRun={props.onRun} />;
}
