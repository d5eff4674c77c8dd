// panier's real HTTP stack on a given storage, started as its own process like production.
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
const engine = await createEngine(config, silentLogger);
const { key } = await engine.keys.create('write', 'bench');
const server = await startServer(engine, 0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ port: server.port, key })}\n`);
