// panier's real HTTP stack on a given storage, started as its own process like production.

import { createPinoLogger } from '../../src/adapters/logging/pino.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createEngine } from '../../src/app/engine.ts';
import { startServer } from '../../src/app/server.ts';
import { silentLogger } from '../../src/kernel/index.ts';

const storage = process.argv[2]!;
const config = loadConfig({
  overrides: {
    storage: { url: storage, sync: (process.argv[3] as 'full' | 'normal') ?? 'full' },
    ingest: { maxInFlight: 1024 },
  },
});
// BENCH_LOG=warn (or another level) logs to stderr, e.g. to see why requests fail.
const logger = process.env.BENCH_LOG ? createPinoLogger(process.env.BENCH_LOG, 'stderr') : silentLogger;
const engine = await createEngine(config, logger);
const { key } = await engine.keys.create('write', 'bench');
const server = await startServer(engine, 0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ port: server.port, key })}\n`);
process.once('SIGTERM', () => {
  // A clean exit (it also lets --cpu-prof write its profile).
  void Promise.race([server.close(), new Promise((r) => setTimeout(r, 2000))])
    .then(() => engine.close())
    .finally(() => process.exit(0));
});
