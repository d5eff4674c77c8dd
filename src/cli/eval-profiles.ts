import { cpus } from 'node:os';
import { resolve } from 'node:path';
import {
  auc,
  brier,
  type CalibrationBin,
  calibration,
  DAY,
  ece,
  errors,
  gammaGamma,
  ProfileEngine,
  repeatSpend,
  rfmRow,
} from '../modules/profiles/index.ts';
import { type Invoice, readInvoices, toEvent } from './online-retail.ts';
import { createProgress } from './progress.ts';

export { readInvoices };

const HELP = `panier eval profiles [--input PATH] [--cutoff YYYY-MM-DD] [--json]

Time split on UCI Online Retail: features and scores are computed from purchases before the cutoff
(through the live profile engine), then compared with what each customer did in the next 30/90 days.
  --input PATH   online_retail.csv[.gz] (default ../shared/data/online-retail/online_retail.csv.gz)
  --cutoff DATE  start of the holdout (default 2011-09-09; the data ends 2011-12-09)
  --json         print the report as JSON
`;

interface Outcome {
  bought30: boolean;
  bought90: boolean;
  days90: number;
  spend90: number;
}

function outcomes(invoices: readonly Invoice[], cutoff: number): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  const seenDays = new Map<string, Set<number>>();
  for (const inv of invoices) {
    if (inv.at < cutoff || inv.at >= cutoff + 90 * DAY) continue;
    const o = out.get(inv.customer) ?? { bought30: false, bought90: false, days90: 0, spend90: 0 };
    o.bought90 = true;
    if (inv.at < cutoff + 30 * DAY) o.bought30 = true;
    const days = seenDays.get(inv.customer) ?? new Set();
    days.add(Math.floor(inv.at / DAY));
    seenDays.set(inv.customer, days);
    o.days90 = days.size;
    o.spend90 += inv.lines.reduce((s, l) => s + l.price * l.quantity, 0);
    out.set(inv.customer, o);
  }
  return out;
}

interface Row {
  customer: string;
  model: { p30: number; churn: number; purchases90: number; spend90: number };
  recencyDays: number;
  histRate: number;
  aov: number;
  lastPeriodDays: number;
  lastPeriodSpend: number;
  truth: Outcome;
}

function collect(engine: ProfileEngine, invoices: readonly Invoice[], cutoff: number): Row[] {
  const truth = outcomes(invoices, cutoff);
  const prior = outcomes(invoices, cutoff - 90 * DAY);
  const t = engine.table;
  const model = engine.model!;
  const rows: Row[] = [];
  for (const [profileId, slot] of engine.table.slotOf) {
    const rfm = rfmRow(engine.table, slot, cutoff);
    if (rfm === null) continue;
    const customer = engine.graph.keys(profileId)[0]!.slice(5);
    const spend = gammaGamma.expectedSpend(model.gammaGamma, {
      x: rfm.x,
      m: repeatSpend(engine.table, slot),
    });
    rows.push({
      customer,
      model: {
        p30: t.num(slot, 'pPurchase30'),
        churn: t.num(slot, 'churnRisk'),
        purchases90: t.num(slot, 'expectedPurchases90'),
        spend90: t.num(slot, 'expectedPurchases90') * spend,
      },
      recencyDays: (cutoff - t.num(slot, 'lastOrderAt')) / DAY,
      histRate: t.num(slot, 'purchaseDays') / Math.max(1, rfm.T),
      aov: t.num(slot, 'revenue') / t.num(slot, 'purchaseDays'),
      lastPeriodDays: prior.get(customer)?.days90 ?? 0,
      lastPeriodSpend: prior.get(customer)?.spend90 ?? 0,
      truth: truth.get(customer) ?? { bought30: false, bought90: false, days90: 0, spend90: 0 },
    });
  }
  return rows;
}

interface ClassifierReport {
  name: string;
  auc: number;
  brier: number;
  ece: number;
  bins: CalibrationBin[];
}

function classifier(name: string, p: number[], y: boolean[]): ClassifierReport {
  const bins = calibration(p, y, 10);
  return { name, auc: auc(p, y), brier: brier(p, y), ece: ece(bins), bins };
}

/** Runs the evaluation and returns the report (also used by tests on a small file). */
export function evaluateProfiles(invoices: readonly Invoice[], cutoff: number) {
  const engine = new ProfileEngine({ initialCapacity: 8192 });
  const t0 = performance.now();
  const before = invoices.filter((inv) => inv.at < cutoff);
  const progress = createProgress('eval-profiles');
  progress.start(before.length, 'ingest');
  for (let i = 0; i < before.length; i += 1000) {
    engine.ingest(
      before.slice(i, i + 1000).map((inv, j) => toEvent(inv, i + j + 1)),
      cutoff,
    );
    progress.update(Math.min(before.length, i + 1000));
  }
  progress.stop();
  const ingestMs = performance.now() - t0;
  const t1 = performance.now();
  engine.refresh(cutoff, { refit: true });
  const fitMs = performance.now() - t1;
  const rows = collect(engine, invoices, cutoff);
  const y30 = rows.map((r) => r.truth.bought30);
  const churned = rows.map((r) => !r.truth.bought90);
  const histP = (days: number) => rows.map((r) => 1 - Math.exp(-r.histRate * days));
  const recent30 = rows.map((r) => (r.recencyDays <= 30 ? 1 : 0) as number);
  const recencyScore = rows.map((r) => Math.exp(-r.recencyDays / 30));
  const rateOf = (flag: boolean[], pick: number[]) => {
    const hits = pick.map((v, i) => [v, flag[i]] as const);
    const on = hits.filter(([v]) => v === 1);
    const off = hits.filter(([v]) => v === 0);
    const rate = (xs: typeof hits) => xs.filter(([, f]) => f).length / Math.max(1, xs.length);
    return pick.map((v) => (v === 1 ? rate(on) : rate(off)));
  };
  return {
    data: { invoices: invoices.length, calibrationInvoices: before.length, customers: rows.length },
    cutoff: new Date(cutoff).toISOString().slice(0, 10),
    model: engine.model,
    timings: { ingestMs, eventsPerSecond: before.length / (ingestMs / 1000), fitAndScoreMs: fitMs },
    propensity30: [
      classifier(
        'BG/NBD P(purchase in 30 d)',
        rows.map((r) => r.model.p30),
        y30,
      ),
      classifier('baseline: historical rate 1−e^(−rate·30)', histP(30), y30),
      classifier('baseline: recency e^(−days/30)', recencyScore, y30),
      // the in-sample rate per group makes this binary rule as calibrated as it can be (an optimistic baseline)
      classifier('baseline: bought in last 30 d (in-sample rates)', rateOf(y30, recent30), y30),
    ],
    churn90: [
      classifier(
        'BG/NBD 1 − P(purchase in 90 d)',
        rows.map((r) => r.model.churn),
        churned,
      ),
      classifier(
        'baseline: e^(−rate·90)',
        histP(90).map((p) => 1 - p),
        churned,
      ),
      classifier(
        'baseline: 1 − e^(−days/30)',
        recencyScore.map((p) => 1 - p),
        churned,
      ),
    ],
    purchases90: [
      {
        name: 'BG/NBD E[purchases in 90 d]',
        ...errors(
          rows.map((r) => r.model.purchases90),
          rows.map((r) => r.truth.days90),
        ),
      },
      {
        name: 'baseline: historical rate × 90',
        ...errors(
          rows.map((r) => r.histRate * 90),
          rows.map((r) => r.truth.days90),
        ),
      },
      {
        name: 'baseline: same as previous 90 d',
        ...errors(
          rows.map((r) => r.lastPeriodDays),
          rows.map((r) => r.truth.days90),
        ),
      },
    ],
    spend90: [
      {
        name: 'BG/NBD × Gamma-Gamma',
        ...errors(
          rows.map((r) => r.model.spend90),
          rows.map((r) => r.truth.spend90),
        ),
      },
      {
        name: 'baseline: historical rate × 90 × average order value',
        ...errors(
          rows.map((r) => r.histRate * 90 * r.aov),
          rows.map((r) => r.truth.spend90),
        ),
      },
      {
        name: 'baseline: same as previous 90 d',
        ...errors(
          rows.map((r) => r.lastPeriodSpend),
          rows.map((r) => r.truth.spend90),
        ),
      },
    ],
  };
}

type Report = ReturnType<typeof evaluateProfiles>;
const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

export function toMarkdown(r: Report): string {
  const out: string[] = [];
  out.push(
    `Cutoff ${r.cutoff}; ${r.data.customers} customers with a purchase before it (${r.data.calibrationInvoices} invoices).`,
  );
  const m = r.model!;
  out.push(
    `Fitted BG/NBD r=${f(m.bgnbd.r)} α=${f(m.bgnbd.alpha)} a=${f(m.bgnbd.a)} b=${f(m.bgnbd.b)} (days); Gamma-Gamma p=${f(m.gammaGamma.p)} q=${f(m.gammaGamma.q)} γ=${f(m.gammaGamma.gamma)}.`,
  );
  out.push(
    `Ingest through the live engine: ${f(r.timings.ingestMs, 0)} ms (${f(r.timings.eventsPerSecond, 0)} orders/s); fit + score: ${f(r.timings.fitAndScoreMs, 0)} ms.`,
    '',
  );
  for (const [title, list] of [
    ['Purchase in the next 30 days', r.propensity30],
    ['Churn (no purchase in the next 90 days)', r.churn90],
  ] as const) {
    out.push(`**${title}**`, '', '| model | AUC | Brier | ECE (10 bins) |', '|---|---|---|---|');
    for (const c of list) out.push(`| ${c.name} | ${f(c.auc)} | ${f(c.brier)} | ${f(c.ece)} |`);
    out.push('', `Calibration of "${list[0]!.name}" (deciles): predicted → observed`, '');
    out.push(list[0]!.bins.map((b) => `${f(b.predicted, 2)}→${f(b.observed, 2)}`).join(', '), '');
  }
  for (const [title, list] of [
    ['Purchases (distinct days) in the next 90 days, per customer', r.purchases90],
    ['Spend in the next 90 days, per customer (£)', r.spend90],
  ] as const) {
    out.push(
      `**${title}**`,
      '',
      '| model | MAE | RMSE | aggregate bias | correlation |',
      '|---|---|---|---|---|',
    );
    for (const e of list)
      out.push(
        `| ${e.name} | ${f(e.mae)} | ${f(e.rmse)} | ${f(e.aggregateBias * 100, 1)}% | ${f(e.correlation)} |`,
      );
    out.push('');
  }
  return out.join('\n');
}

function parseArgs(argv: string[]) {
  const a = {
    input: resolve('../shared/data/online-retail/online_retail.csv.gz'),
    cutoff: '2011-09-09',
    json: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--help' || k === '-h') a.help = true;
    else if (k === '--json') a.json = true;
    else if (k === '--input') a.input = resolve(argv[++i] ?? '');
    else if (k === '--cutoff') a.cutoff = argv[++i] ?? '';
    else throw new Error(`unknown option ${k}`);
  }
  if (Number.isNaN(Date.parse(`${a.cutoff}T00:00:00Z`))) throw new Error('--cutoff must be YYYY-MM-DD');
  return a;
}

export async function runEvalProfiles(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const invoices = readInvoices(args.input);
  const report = evaluateProfiles(invoices, Date.parse(`${args.cutoff}T00:00:00Z`));
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(toMarkdown(report));
    console.log(
      `\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; run ${new Date().toISOString()}`,
    );
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runEvalProfiles(process.argv.slice(2)).then((code) => process.exit(code));
}
