import { useState } from 'react';
import { ApiError } from '../api.ts';
import { ifAvailable, useApi, useLoad } from '../hooks.ts';
import { ErrorNote, fmt, Section, Show } from '../ui.tsx';
import { SegmentSizes, useSegmentSizes } from './SegmentSizes.tsx';

interface Segment {
  id: string;
  name: string;
  rule: string;
  members: number;
}
interface Preview {
  count: number;
  sample: string[];
}

const EXAMPLES = [
  'feature.orders >= 3',
  'score.churn_risk > 0.6 AND feature.lifetime_revenue > 100',
  'viewed category "Baby" at least 2 times in 30 days',
  'within 3 km of 45.7606, 4.8594',
];

/** Builds a rule from the three common parts; the text box stays editable for the full language. */
function RuleBuilder(props: { onRule: (r: string) => void }) {
  const [field, setField] = useState('feature.orders');
  const [op, setOp] = useState('>=');
  const [value, setValue] = useState('2');
  const literal = /^-?\d+(\.\d+)?$|^(true|false)$/.test(value) ? value : JSON.stringify(value);
  return (
    <fieldset className="controls">
      <legend>Build a condition</legend>
      <div className="field">
        <label htmlFor="rb-field">Field</label>
        <select id="rb-field" value={field} onChange={(e) => setField(e.target.value)}>
          {[
            'feature.orders',
            'feature.lifetime_revenue',
            'feature.recency_days',
            'feature.views',
            'feature.preferred_channel',
            'score.purchase_30d',
            'score.churn_risk',
            'score.clv',
          ].map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rb-op">Operator</label>
        <select id="rb-op" value={op} onChange={(e) => setOp(e.target.value)}>
          {['>=', '>', '=', '!=', '<', '<='].map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rb-value">Value</label>
        <input id="rb-value" value={value} onChange={(e) => setValue(e.target.value)} />
      </div>
      <button type="button" onClick={() => props.onRule(`${field} ${op} ${literal}`)}>
        Use this condition
      </button>
    </fieldset>
  );
}

export function SegmentsPage() {
  const api = useApi();
  const segments = useLoad((a) => ifAvailable(a.get<{ segments: Segment[] }>('/v1/segments')), []);
  const [rule, setRule] = useState(EXAMPLES[0]!);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<Error | undefined>();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [chosen, setChosen] = useState('');
  const [version, setVersion] = useState(0);
  const list = segments.data?.segments ?? [];
  const sizesOf = chosen || list[0]?.id || '';
  const sizes = useSegmentSizes(sizesOf, version);
  const ready = !segments.loading && !sizes.loading;
  const run = async () => {
    setError(undefined);
    try {
      setPreview(await api.send<Preview>('POST', '/v1/segments/preview', { rule, sample: 10 }));
    } catch (e) {
      setPreview(null);
      setError(e as Error);
    }
  };
  const save = async () => {
    setError(undefined);
    try {
      const r = await api.send<Segment>('PUT', `/v1/segments/${encodeURIComponent(id)}`, {
        name: name || id,
        rule,
      });
      setSaved(`saved ${r.id}: ${fmt.format(r.members)} members`);
      segments.reload();
      setChosen(r.id);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e as Error);
    }
  };
  const missing = error instanceof ApiError && error.missingEndpoint;
  return (
    <div className="page" data-ready={ready || undefined}>
      <Section title="Rule">
        <RuleBuilder onRule={setRule} />
        <label htmlFor="rule">Rule (segment language, see docs/profiles.md)</label>
        <textarea id="rule" rows={3} value={rule} onChange={(e) => setRule(e.target.value)} />
        <p className="small">
          Examples:{' '}
          {EXAMPLES.map((x) => (
            <button key={x} type="button" className="chip" onClick={() => setRule(x)}>
              {x}
            </button>
          ))}
        </p>
        <button type="button" onClick={run}>
          Preview
        </button>
        {missing ? (
          <p className="note not-available">
            Segments: not available in this build (POST /v1/segments/preview answers 404).
          </p>
        ) : (
          <ErrorNote error={error} />
        )}
        {preview && (
          <div role="status">
            <p>
              <strong data-testid="preview-count">{fmt.format(preview.count)}</strong> profiles match.
            </p>
            <ul className="inline" aria-label="Sample members">
              {preview.sample.map((p) => (
                <li key={p}>
                  <a href={`#/shopper/${encodeURIComponent(p)}`}>{p}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="controls">
          <div className="field">
            <label htmlFor="seg-id">Segment id</label>
            <input
              id="seg-id"
              value={id}
              onChange={(e) => setId(e.target.value)}
              placeholder="loyal-buyers"
            />
          </div>
          <div className="field">
            <label htmlFor="seg-name">Name</label>
            <input id="seg-name" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <button type="button" onClick={save} disabled={!id}>
            Save segment
          </button>
        </div>
        {saved && <p role="status">{saved}</p>}
      </Section>
      <Section title="Saved segments">
        <Show loaded={segments} what="Segments" endpoint="GET /v1/segments">
          {(s) =>
            s.segments.length === 0 ? (
              <p className="muted">no segment yet</p>
            ) : (
              <table aria-label="Saved segments">
                <thead>
                  <tr>
                    <th scope="col">id</th>
                    <th scope="col">name</th>
                    <th scope="col">rule</th>
                    <th scope="col">members</th>
                  </tr>
                </thead>
                <tbody>
                  {s.segments.map((g) => (
                    <tr key={g.id}>
                      <td>{g.id}</td>
                      <td>{g.name}</td>
                      <td>
                        <code>{g.rule}</code>
                      </td>
                      <td>{fmt.format(g.members)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Show>
      </Section>
      <Section title="Sizes over time">
        {list.length > 0 && (
          <div className="field">
            <label htmlFor="sizes-segment">Segment</label>
            <select id="sizes-segment" value={sizesOf} onChange={(e) => setChosen(e.target.value)}>
              {list.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name || g.id}
                </option>
              ))}
            </select>
          </div>
        )}
        <SegmentSizes sizes={sizes} id={sizesOf} />
      </Section>
    </div>
  );
}
