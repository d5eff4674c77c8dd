import type { Kysely } from 'kysely';
import type { MergeRecord, ProfilesStore, Tombstone } from '../../modules/profiles/index.ts';
import type { SqlDatabase } from './database.ts';

type SegmentRow = { id: string; name: string; rule: string; created_at: number; updated_at: number };
type MergeRow = {
  id: string;
  at: number;
  survivor: string;
  absorbed: string;
  keys: string;
  reason: string;
  undone_at: number | null;
  undone_by: string | null;
};
type SeparationRow = { id: string; a: string; b: string };
type TombstoneRow = { hash: string; erased_at: number; upto_seq: number };
type SizeRow = { segment_id: string; at: number; size: number };
type ProfileTables = {
  profile_segments: SegmentRow;
  profile_merges: MergeRow;
  profile_separations: SeparationRow;
  profile_tombstones: TombstoneRow;
  profile_segment_sizes: SizeRow;
};

const toMerge = (r: MergeRow): MergeRecord => ({
  id: r.id,
  at: Number(r.at),
  survivor: r.survivor,
  absorbed: r.absorbed,
  keys: JSON.parse(r.keys) as string[],
  reason: r.reason,
  undoneAt: r.undone_at === null ? null : Number(r.undone_at),
  undoneBy: r.undone_by,
});

const stringArray = (s: string): string[] => JSON.parse(s) as string[];

/** Profiles' durable state (segments, admin unmerges, tombstones) on SQLite or PostgreSQL. */
export function createSqlProfilesStore(database: SqlDatabase): ProfilesStore {
  const db: Kysely<ProfileTables> = database.db.withTables<ProfileTables>();
  return {
    async listSegments() {
      const rows = await db.selectFrom('profile_segments').selectAll().orderBy('created_at').execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        rule: r.rule,
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
      }));
    },
    async putSegment(d) {
      const row = { id: d.id, name: d.name, rule: d.rule, created_at: d.createdAt, updated_at: d.updatedAt };
      await db
        .insertInto('profile_segments')
        .values(row)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ name: d.name, rule: d.rule, updated_at: d.updatedAt }),
        )
        .execute();
    },
    async deleteSegment(id) {
      await db.deleteFrom('profile_segment_sizes').where('segment_id', '=', id).execute();
      const r = await db.deleteFrom('profile_segments').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async putSegmentSizes(points) {
      if (points.length === 0) return;
      const rows = points.map((p) => ({ segment_id: p.segmentId, at: p.at, size: p.size }));
      await db
        .insertInto('profile_segment_sizes')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['segment_id', 'at']).doUpdateSet((eb) => ({ size: eb.ref('excluded.size') })),
        )
        .execute();
    },
    async listSegmentSizes(segmentId, from, to) {
      const rows = await db
        .selectFrom('profile_segment_sizes')
        .selectAll()
        .where('segment_id', '=', segmentId)
        .where('at', '>=', from)
        .where('at', '<=', to)
        .orderBy('at')
        .execute();
      return rows.map((r) => ({ segmentId: r.segment_id, at: Number(r.at), size: Number(r.size) }));
    },
    async listMerges() {
      return (await db.selectFrom('profile_merges').selectAll().orderBy('at').execute()).map(toMerge);
    },
    async putMerge(m) {
      const row = {
        id: m.id,
        at: m.at,
        survivor: m.survivor,
        absorbed: m.absorbed,
        keys: JSON.stringify(m.keys),
        reason: m.reason,
        undone_at: m.undoneAt,
        undone_by: m.undoneBy,
      };
      await db
        .insertInto('profile_merges')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ undone_at: m.undoneAt, undone_by: m.undoneBy }))
        .execute();
    },
    async listSeparations() {
      const rows = await db.selectFrom('profile_separations').selectAll().orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, a: stringArray(r.a), b: stringArray(r.b) }));
    },
    async putSeparation(s) {
      const row = { id: s.id, a: JSON.stringify(s.a), b: JSON.stringify(s.b) };
      await db
        .insertInto('profile_separations')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ a: row.a, b: row.b }))
        .execute();
    },
    async listTombstones() {
      const rows = await db.selectFrom('profile_tombstones').selectAll().execute();
      return rows.map((r) => ({ hash: r.hash, erasedAt: Number(r.erased_at), uptoSeq: Number(r.upto_seq) }));
    },
    async putTombstones(list: readonly Tombstone[]) {
      for (const t of list)
        await db
          .insertInto('profile_tombstones')
          .values({ hash: t.hash, erased_at: t.erasedAt, upto_seq: t.uptoSeq })
          .onConflict((oc) => oc.column('hash').doUpdateSet({ erased_at: t.erasedAt, upto_seq: t.uptoSeq }))
          .execute();
    },
    async forget(keys, profileIds) {
      const names = new Set([...keys, ...profileIds]);
      if (names.size === 0) return;
      await db.transaction().execute(async (tx) => {
        for (const m of await tx.selectFrom('profile_merges').selectAll().execute())
          if (names.has(m.survivor) || names.has(m.absorbed) || stringArray(m.keys).some((k) => names.has(k)))
            await tx.deleteFrom('profile_merges').where('id', '=', m.id).execute();
        for (const s of await tx.selectFrom('profile_separations').selectAll().execute()) {
          const a = stringArray(s.a).filter((k) => !names.has(k));
          const b = stringArray(s.b).filter((k) => !names.has(k));
          if (a.length === 0 || b.length === 0)
            await tx.deleteFrom('profile_separations').where('id', '=', s.id).execute();
          else
            await tx
              .updateTable('profile_separations')
              .set({ a: JSON.stringify(a), b: JSON.stringify(b) })
              .where('id', '=', s.id)
              .execute();
        }
      });
    },
  };
}
