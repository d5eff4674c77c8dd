import { PanierError } from '../kernel/index.ts';
import { KEY_KINDS, type KeyKind } from '../modules/access/index.ts';
import { parseFlags } from './args.ts';
import { commandConfig, openEngine, storageOverride } from './context.ts';

const HELP = `Usage:
  panier keys create --kind write|secret [--name NAME]   print only the new key on stdout
  panier keys list                                         id, kind, name, prefix, created, revoked
  panier keys revoke ID
Options: --storage URL (or PANIER_STORAGE_URL)
Write keys are public (browser-safe: events, recommendations, search); secret keys are admin.
Keys are stored hashed: a key is shown once, when created.
`;

export async function runKeys(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    kind: { type: 'string' },
    name: { type: 'string' },
    storage: { type: 'string' },
  });
  const [action, id] = positionals;
  if (values.help || !action) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const engine = await openEngine(commandConfig(storageOverride(values)));
  try {
    if (action === 'create') {
      const kind = values.kind as KeyKind;
      if (!KEY_KINDS.includes(kind))
        throw new PanierError('invalid_argument', '--kind must be write or secret');
      const { key } = await engine.keys.create(kind, values.name ?? `${kind} key`);
      process.stdout.write(`${key}\n`);
      return 0;
    }
    if (action === 'list') {
      for (const k of await engine.keys.list()) {
        const revoked = k.revokedAt ? `revoked ${new Date(k.revokedAt).toISOString()}` : 'active';
        process.stdout.write(
          `${k.id}\t${k.kind}\t${k.name}\t${k.prefix}…\t${new Date(k.createdAt).toISOString()}\t${revoked}\n`,
        );
      }
      return 0;
    }
    if (action === 'revoke') {
      if (!id)
        throw new PanierError('invalid_argument', 'keys revoke needs the key id (see panier keys list)');
      if (!(await engine.keys.revoke(id))) throw new PanierError('not_found', `no active key with id ${id}`);
      process.stderr.write(`revoked ${id}\n`);
      return 0;
    }
    throw new PanierError('invalid_argument', `unknown keys action "${action}"\n${HELP}`);
  } finally {
    await engine.close();
  }
}
