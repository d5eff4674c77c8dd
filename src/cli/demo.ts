import { demoKeys, generateDemo } from '../app/demo-setup.ts';
import { PanierError } from '../kernel/index.ts';
import { intFlag, parseFlags } from './args.ts';
import { commandConfig, openEngine, storageOverride } from './context.ts';
import { createProgress } from './progress.ts';

const HELP = `Usage: panier demo [--seed N] [--products N] [--shoppers N] [--days N] [--end-date YYYY-MM-DD] [--storage URL] [--json]
Generates the demo retailer (catalog, stores and lockers around Lyon, inventory, shoppers with latent
tastes, and their Segment events) into the configured storage through the normal ingest path, then exits.
  --seed       random seed (default 42): same seed and end date, same data
  --products   catalog size, 100..1,000,000 (default 20,000)
  --shoppers   shoppers (default 50,000)
  --days       days of history ending at --end-date (default 90)
  --end-date   last day generated (default today, UTC)
  --json       print the summary as JSON
Re-running with the same seed stores nothing twice (messageIds are deterministic).
`;

export async function runDemoCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    seed: { type: 'string' },
    products: { type: 'string' },
    shoppers: { type: 'string' },
    days: { type: 'string' },
    'end-date': { type: 'string' },
    storage: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const endDate =
    values['end-date'] === undefined ? undefined : Date.parse(`${values['end-date']}T00:00:00Z`);
  if (endDate !== undefined && Number.isNaN(endDate))
    throw new PanierError('invalid_argument', '--end-date must be YYYY-MM-DD');
  const demo = {
    ...(values.seed !== undefined ? { seed: intFlag(values.seed, 'seed', 0, 0xffffffff) } : {}),
    ...(values.products !== undefined
      ? { products: intFlag(values.products, 'products', 100, 1_000_000) }
      : {}),
    ...(values.shoppers !== undefined
      ? { shoppers: intFlag(values.shoppers, 'shoppers', 10, 2_000_000) }
      : {}),
    ...(values.days !== undefined ? { days: intFlag(values.days, 'days', 7, 730) } : {}),
  };
  const engine = await openEngine(commandConfig({ ...storageOverride(values), demo }));
  try {
    const started = Date.now();
    const summary = await generateDemo(
      engine,
      endDate === undefined ? {} : { endDate },
      createProgress('demo'),
    );
    const keys = await demoKeys(engine);
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ summary, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`,
      );
    else {
      process.stdout.write(
        `demo retailer generated in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.products} products, ` +
          `${summary.locations.stores} stores, ${summary.locations.lockers} lockers, ${summary.shoppers.total} shoppers, ` +
          `${summary.period.from}..${summary.period.to}\n` +
          `write key (public): ${keys.writeKey}\nsecret key (admin): ${keys.secretKey}\n`,
      );
    }
    return 0;
  } finally {
    await engine.close();
  }
}
