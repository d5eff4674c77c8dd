import { type Capabilities, startCapabilities } from '../app/capabilities.ts';
import { demoKeys, generateDemo, storeIsEmpty } from '../app/demo-setup.ts';
import type { Engine } from '../app/engine.ts';
import { startServer } from '../app/server.ts';
import { intFlag, parseFlags } from './args.ts';
import { commandConfig, openEngine } from './context.ts';
import { createProgress } from './progress.ts';

const SERVE_HELP = `Usage: panier serve [--port N] [--host H] [--storage URL]
  --port     HTTP port (PANIER_PORT, default 7400; 0 picks a free port)
  --host     interface to bind (PANIER_HOST, default 127.0.0.1)
  --storage  sqlite://./data/panier.db (default) or postgres://… (PANIER_STORAGE_URL)
`;

const START_HELP = `Usage: panier start [--port N] [--host H] [--storage URL]
Serves and prints the URL and demo keys; on an empty store it generates the demo retailer (see panier demo)
meanwhile, and GET /ready answers 200 once profiles, search and recommendations have caught up.
`;

function serveFlags(argv: string[]) {
  const { values } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    storage: { type: 'string' },
  });
  const port = intFlag(values.port, 'port', 0, 65535);
  const config = commandConfig({
    ...(port !== undefined ? { port } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(values.storage ? { storage: { url: values.storage } } : {}),
  });
  return { help: values.help === true, config };
}

async function serveUntilSignal(
  engine: Engine,
  banner: (url: string) => string,
  fill?: () => Promise<void>,
): Promise<number> {
  // Listen first: events, the catalog and the console are served while the capabilities rebuild from the
  // log (or follow the demo as it is generated into an empty store).
  let ready: (caps: Capabilities) => void = () => {};
  let failed: (err: unknown) => void = () => {};
  const starting = new Promise<Capabilities>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  const server = await startServer(engine, engine.config.port, engine.config.host, starting);
  process.stdout.write(banner(server.url));
  engine.logger.info({ url: server.url }, 'panier listening');
  // The key index catches up once the projections are ready: both at once only slows each other.
  engine.log.keys.hold(starting);
  startCapabilities(engine, fill ? { fill } : {}).then((caps) => {
    const cpu = process.cpuUsage();
    engine.logger.info(
      {
        sinceStartMs: Math.round(process.uptime() * 1000),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      },
      'panier ready',
    );
    ready(caps);
  }, failed);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    starting.catch(stop);
  });
  await server.close();
  const caps = await starting.catch(() => null);
  caps?.stop();
  await engine.close();
  // Nothing should keep the process alive now; if something does (a stuck worker), exit anyway.
  setTimeout(() => process.exit(caps ? 0 : 1), 5000).unref();
  return caps ? 0 : 1;
}

export async function runServe(argv: string[]): Promise<number> {
  const { help, config } = serveFlags(argv);
  if (help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const engine = await openEngine(config);
  return serveUntilSignal(engine, (url) => `panier listening on ${url}\n`);
}

export async function runStart(argv: string[]): Promise<number> {
  const { help, config } = serveFlags(argv);
  if (help) {
    process.stdout.write(START_HELP);
    return 0;
  }
  const engine = await openEngine(config);
  const fresh = await storeIsEmpty(engine);
  const demo = await demoKeys(engine);
  const fill = fresh ? async () => void (await generateDemo(engine, {}, createProgress('demo'))) : undefined;
  return serveUntilSignal(
    engine,
    (url) =>
      [
        '',
        `  panier is running at ${url}`,
        `  console:    ${url}/console`,
        `  storefront: ${url}/shop`,
        `  write key (public):  ${demo.writeKey}`,
        `  secret key (admin):  ${demo.secretKey}`,
        `  demo keys are kept in ${demo.keysFile}; create your own with "panier keys create"`,
        fresh
          ? '  generating the demo retailer into the empty store; profiles, search and recommendations follow it'
          : '  profiles, search and recommendations are rebuilding from the log: their routes answer 503',
        fresh
          ? '  live: their routes answer 503 (Retry-After) until GET /ready answers 200 (under a minute).'
          : '  (Retry-After) until GET /ready answers 200; events, the catalog and the console answer meanwhile.',
        '',
      ].join('\n'),
    fill,
  );
}
