import { useState } from 'react';
import { ifAvailable, useLoad } from '../hooks.ts';
import { PLACEMENTS, type RecRequest, RecsTable, recommend, shopperFields } from '../recs.tsx';
import { Section, Show } from '../ui.tsx';
import { EVAL_PATH, type EvalAnswer, EvalReport } from './RecsEval.tsx';

interface Controls {
  placement: string;
  shopper: string;
  productIds: string;
  category: string;
  inStockAt: string;
  blend: number;
  diversity: number;
  limit: number;
}

function request(c: Controls): RecRequest {
  const filters = {
    ...(c.category ? { category: c.category } : {}),
    ...(c.inStockAt ? { inStockAt: c.inStockAt } : {}),
  };
  const productIds = c.productIds.split(/[\s,]+/).filter(Boolean);
  return {
    placement: c.placement,
    ...shopperFields(c.shopper.trim()),
    ...(productIds.length ? { productIds } : {}),
    ...(Object.keys(filters).length ? { filters } : {}),
    blend: c.blend,
    diversity: c.diversity,
    limit: c.limit,
  };
}

function Field(props: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

export function RecsPage() {
  const [c, setC] = useState<Controls>({
    placement: 'popular',
    shopper: '',
    productIds: '',
    category: '',
    inStockAt: '',
    blend: 0.5,
    diversity: 0.3,
    limit: 10,
  });
  const set = <K extends keyof Controls>(k: K, v: Controls[K]) => setC((old) => ({ ...old, [k]: v }));
  const req = request(c);
  const recs = useLoad((api) => ifAvailable(recommend(api, req)), [JSON.stringify(req)]);
  const [run, setRun] = useState('');
  const evaluation = useLoad((api) => api.get<EvalAnswer>(EVAL_PATH, { id: run }), [run]);
  const ready = !recs.loading && !evaluation.loading;
  return (
    <div className="page" data-ready={ready || undefined}>
      <form className="controls" aria-label="Recommendation request" onSubmit={(e) => e.preventDefault()}>
        <Field id="placement" label="Placement">
          <select id="placement" value={c.placement} onChange={(e) => set('placement', e.target.value)}>
            {PLACEMENTS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <Field id="rec-shopper" label="Shopper id">
          <input id="rec-shopper" value={c.shopper} onChange={(e) => set('shopper', e.target.value)} />
        </Field>
        <Field id="rec-products" label="Context product ids">
          <input
            id="rec-products"
            value={c.productIds}
            onChange={(e) => set('productIds', e.target.value)}
            placeholder="P0000017, …"
          />
        </Field>
        <Field id="rec-category" label="Category filter">
          <input
            id="rec-category"
            value={c.category}
            onChange={(e) => set('category', e.target.value)}
            placeholder="Baby > Diapers"
          />
        </Field>
        <Field id="rec-store" label="In stock at (location id)">
          <input
            id="rec-store"
            value={c.inStockAt}
            onChange={(e) => set('inStockAt', e.target.value)}
            placeholder="store-01"
          />
        </Field>
        <Field id="rec-blend" label={`Session ↔ history blend: ${c.blend}`}>
          <input
            id="rec-blend"
            type="range"
            min={0}
            max={1}
            step={0.1}
            value={c.blend}
            onChange={(e) => set('blend', Number(e.target.value))}
          />
        </Field>
        <Field id="rec-diversity" label={`Diversity: ${c.diversity}`}>
          <input
            id="rec-diversity"
            type="range"
            min={0}
            max={1}
            step={0.1}
            value={c.diversity}
            onChange={(e) => set('diversity', Number(e.target.value))}
          />
        </Field>
        <Field id="rec-limit" label="Limit">
          <input
            id="rec-limit"
            type="number"
            min={1}
            max={100}
            value={c.limit}
            onChange={(e) => set('limit', Number(e.target.value) || 10)}
          />
        </Field>
      </form>
      <Section title="Result">
        <details>
          <summary>Request body</summary>
          <pre>{JSON.stringify(req, null, 2)}</pre>
        </details>
        <Show loaded={recs} what="Recommendations" endpoint="POST /v1/recommendations">
          {(r) => <RecsTable recs={r} label="Recommended products" />}
        </Show>
      </Section>
      <Section title="Offline evaluation">
        <EvalReport loaded={evaluation} onRun={setRun} />
      </Section>
    </div>
  );
}
