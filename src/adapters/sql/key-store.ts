import type { Kysely } from 'kysely';
import type { ApiKeyRecord, KeyKind, KeyStore } from '../../modules/access/index.ts';
import type { SqlDatabase } from './database.ts';

type KeyRow = {
  id: string;
  name: string;
  kind: string;
  hash: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
};
type KeyTables = { api_keys: KeyRow };

const toRecord = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  kind: r.kind as KeyKind,
  hash: r.hash,
  prefix: r.prefix,
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

export function createSqlKeyStore(database: SqlDatabase): KeyStore {
  const db: Kysely<KeyTables> = database.db.withTables<KeyTables>();
  return {
    async insert(k) {
      await db
        .insertInto('api_keys')
        .values({
          id: k.id,
          name: k.name,
          kind: k.kind,
          hash: k.hash,
          prefix: k.prefix,
          created_at: k.createdAt,
          revoked_at: k.revokedAt,
        })
        .execute();
    },
    async findByHash(hash) {
      const row = await db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async list() {
      return (await db.selectFrom('api_keys').selectAll().orderBy('created_at').execute()).map(toRecord);
    },
    async revoke(id, at) {
      const r = await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
