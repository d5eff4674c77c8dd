import { resolve } from 'node:path';
import type { Engine } from '../app/engine.ts';
import { eventSink, IMPORT_KINDS, type ImportKind, importFile, type RowSink } from '../app/importer.ts';
import { inventorySink, locationSink, productSink } from '../app/importer-catalog.ts';
import { PanierError } from '../kernel/index.ts';
import { parseFlags } from './args.ts';
import { commandConfig, openEngine, storageOverride } from './context.ts';
import { createProgress } from './progress.ts';

const HELP = `Usage: panier import events|products|locations|inventory FILE [--format ndjson|csv] [--partial] [--json]
  FILE       NDJSON (.ndjson/.jsonl/.json) or CSV (.csv), optionally gzipped (.gz); streamed in constant memory
  --format   force the format instead of guessing from the extension
  --partial  apply valid rows and report bad ones; by default every row is validated first and
             nothing is applied if any row is bad
  --json     print the report as JSON
  --storage  storage URL (or PANIER_STORAGE_URL)
Events are Segment messages (type, event, userId/anonymousId, properties …), validated and deduplicated
by messageId exactly as over HTTP. CSV columns named properties.x / traits.x / context.x nest.
Exit code: 0 when every row was imported, 1 when some were rejected, 2 on bad usage.
`;

const sinkFactories: Partial<Record<ImportKind, (engine: Engine, source: string) => RowSink>> = {
  events: eventSink,
  products: productSink,
  locations: locationSink,
  inventory: inventorySink,
};

export async function runImport(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    format: { type: 'string' },
    partial: { type: 'boolean' },
    json: { type: 'boolean' },
    storage: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [kind, file] = positionals;
  if (!kind || !file) throw new PanierError('invalid_argument', `missing arguments\n${HELP}`);
  if (!(IMPORT_KINDS as readonly string[]).includes(kind))
    throw new PanierError('invalid_argument', `cannot import "${kind}": use ${IMPORT_KINDS.join(', ')}`);
  const factory = sinkFactories[kind as ImportKind];
  if (!factory) throw new PanierError('invalid_argument', `importing ${kind} is not available in this build`);
  const engine = await openEngine(commandConfig(storageOverride(values)));
  try {
    const report = await importFile(kind as ImportKind, resolve(file), factory(engine, `import:${kind}`), {
      format: values.format,
      partial: values.partial,
      progress: createProgress(`import ${kind}`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(report);
    return report.rejected > 0 ? 1 : 0;
  } finally {
    await engine.close();
  }
}

function printReport(r: Awaited<ReturnType<typeof importFile>>): void {
  for (const e of r.errors) process.stderr.write(`${r.file}:${e.line}: ${e.message}\n`);
  if (r.rejected > r.errors.length)
    process.stderr.write(`… and ${r.rejected - r.errors.length} more bad rows\n`);
  if (r.aborted) {
    process.stderr.write(
      `${r.file}: ${r.rejected} of ${r.rows} rows are invalid; nothing was imported (use --partial to import the valid rows)\n`,
    );
    return;
  }
  process.stdout.write(
    `${r.file}: ${r.rows} rows, ${r.imported} imported, ${r.duplicates} already present, ${r.rejected} rejected\n`,
  );
}
