import type { Logger } from '../../kernel/index.ts';
import type { KeyService } from '../../modules/access/index.ts';

/** What every route factory receives; module services are passed alongside by the app wiring. */
export interface HttpDeps {
  keys: KeyService;
  logger: Logger;
}
