import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemo } from '../src/app/demo-setup.ts';
import { runEvalRecs } from '../src/cli/eval-recs.ts';
import { bearer, type TestEngine, testEngine } from './helpers/engine.ts';

const END = Date.UTC(2026, 10, 1);

/** Runs `panier eval recs` and returns what it printed on stdout. */
async function evalRecs(argv: string[]): Promise<string> {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await runEvalRecs(argv)).toBe(0);
    return out.mock.calls.map((c) => String(c[0])).join('\n');
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('panier eval recs saves its report, GET /v1/recommendations/evaluation serves it', () => {
  let t: TestEngine;
  let storage: string;
  const get = (path: string, key = t.secretKey) =>
    t.app.request(path, { headers: { authorization: bearer(key) } });

  beforeAll(async () => {
    vi.stubEnv('PANIER_LOG_LEVEL', 'warn'); // the command's own engine logs on stderr
    t = await testEngine();
    storage = t.engine.config.storage.url;
    await generateDemo(t.engine, { products: 300, shoppers: 300, days: 30, endDate: END });
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await t?.close();
  });

  it('answers 404 with a clear message before any run, and needs a secret key', async () => {
    const res = await get('/v1/recommendations/evaluation');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toMatch(/no recommendation evaluation has been run yet.*panier eval recs/);
    expect((await get('/v1/recommendations/evaluation', t.writeKey)).status).toBe(403);
  });

  it('--no-save prints the report and stores nothing', async () => {
    const printed = await evalRecs([
      '--format',
      'log',
      '--storage',
      storage,
      '--max-sessions',
      '30',
      '--no-save',
    ]);
    expect(printed).toContain('| popular (baseline) |');
    expect((await get('/v1/recommendations/evaluation')).status).toBe(404);
  });

  it('a run over the stored events is served as its --json output plus when and on what', async () => {
    const before = Date.now();
    const printed = JSON.parse(
      await evalRecs([
        '--format',
        'log',
        '--storage',
        storage,
        '--max-sessions',
        '30',
        '--k',
        '10',
        '--json',
      ]),
    ) as Record<string, unknown> & { nextItem: { strategy: string; metrics: { hr: number } }[] };
    expect(printed.format).toBe('log');
    expect(printed.input).toBe(`event log ≤ seq ${await t.engine.log.lastSeq()} (sqlite)`);
    expect(printed.nextItem.length).toBeGreaterThan(3);
    const res = await get('/v1/recommendations/evaluation');
    expect(res.status).toBe(200);
    const served = (await res.json()) as Record<string, unknown> & { ranAt: string; runs: { id: string }[] };
    const { id, ranAt, runs, ...report } = served;
    expect(report).toEqual(printed);
    expect(Date.parse(ranAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(runs.map((r) => r.id)).toEqual([id]);
    expect(((await (await get(`/v1/recommendations/evaluation?id=${id}`)).json()) as { k: number }).k).toBe(
      10,
    );
    const missing = await get('/v1/recommendations/evaluation?id=nope');
    expect(missing.status).toBe(404);
  });

  it('keeps the newest --keep runs', async () => {
    for (let i = 0; i < 2; i++)
      await evalRecs([
        '--format',
        'log',
        '--storage',
        storage,
        '--max-sessions',
        '5',
        '--keep',
        '2',
        '--json',
      ]);
    const served = (await (await get('/v1/recommendations/evaluation')).json()) as { runs: unknown[] };
    expect(served.runs).toHaveLength(2);
  });
});
