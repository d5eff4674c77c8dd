import { type EventBus, type Logger, PanierError } from '../../kernel/index.ts';
import { LocalBus } from './local.ts';

/** The bus for a URL: `local://` (in-process, the embedded preset). */
export function createBus(url: string, logger: Logger): EventBus {
  if (url.startsWith('local://')) return new LocalBus(logger);
  if (url.startsWith('nats://'))
    throw new PanierError('invalid_config', 'the nats:// bus (scale preset) is not built yet; use local://');
  throw new PanierError('invalid_config', `unsupported bus URL "${url}": use local://`);
}
export { LocalBus };
