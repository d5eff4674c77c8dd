import { type Clock, systemClock, uuidv7 } from '../../kernel/index.ts';
import { type ApiKeyRecord, generateKeySecret, hashKey, type KeyKind, kindOfKey } from './keys.ts';
import type { KeyStore } from './ports.ts';

const CACHE_LIMIT = 1000;
const CACHE_TTL_MS = 30_000;

/** Creates and verifies API keys; verified keys are cached briefly so the hot path skips storage. */
export class KeyService {
  private readonly cache = new Map<string, { record: ApiKeyRecord | null; until: number }>();

  constructor(
    private readonly store: KeyStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(kind: KeyKind, name = `${kind} key`): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = generateKeySecret(kind);
    const record: ApiKeyRecord = {
      id: uuidv7(this.clock.now()),
      name,
      kind,
      hash: await hashKey(key),
      prefix: key.slice(0, 7),
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.store.insert(record);
    return { key, record };
  }

  /** The active key record for a presented secret, or null. */
  async verify(secret: string): Promise<ApiKeyRecord | null> {
    if (kindOfKey(secret) === null || secret.length > 200) return null;
    const now = this.clock.now();
    const hit = this.cache.get(secret);
    if (hit && hit.until > now) return hit.record;
    const found = await this.store.findByHash(await hashKey(secret));
    const record = found && found.revokedAt === null ? found : null;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(secret, { record, until: now + CACHE_TTL_MS });
    return record;
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  async revoke(id: string): Promise<boolean> {
    this.cache.clear();
    return this.store.revoke(id, this.clock.now());
  }
}
