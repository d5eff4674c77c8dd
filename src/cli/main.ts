import { isPanierError } from '../kernel/index.ts';
import { runDemoCommand } from './demo.ts';
import { runEval } from './eval.ts';
import { runForecastCommand } from './forecast.ts';
import { runImport } from './import.ts';
import { runKeys } from './keys.ts';
import { runServe, runStart } from './serve.ts';

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'start the HTTP server on the configured storage', run: runServe },
  start: {
    summary: 'generate the demo retailer if the store is empty, then serve (npm start)',
    run: runStart,
  },
  keys: { summary: 'create, list and revoke API keys', run: runKeys },
  demo: { summary: 'generate the demo retailer into the configured storage, then exit', run: runDemoCommand },
  train: {
    summary: 'rebuild the recommendation models from the event log (worker thread) and persist them',
    run: async (argv) => (await import('./train.ts')).runTrain(argv),
  },
  eval: { summary: 'offline evaluations on real data: recs, forecast, profiles', run: runEval },
  forecast: {
    summary: 'forecast demand per product × location and plan replenishment',
    run: runForecastCommand,
  },
  import: {
    summary: 'bulk import events, products, locations or inventory (NDJSON/CSV, .gz)',
    run: runImport,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `panier: retail intelligence engine\n\nUsage: panier <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "panier <command> --help" for a command's options.\nConfiguration: panier.config.json, then PANIER_* environment variables, then flags.\n`;
}

/** Runs a command and returns the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`panier: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (isPanierError(e)) {
      process.stderr.write(`panier ${name}: ${e.message}\n`);
      return e.kind === 'invalid' ? 2 : 1;
    }
    process.stderr.write(`panier ${name}: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
