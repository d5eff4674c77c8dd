import { Hono } from 'hono';
import { z } from 'zod';
import { PanierError } from '../../../kernel/index.ts';
import {
  CONSENT_PURPOSES,
  CONSENT_STATUSES,
  consentStates,
  type ErasureReport,
  erasePerson,
  exportPerson,
  type ProfileService,
  profileView,
  setConsent,
} from '../../../modules/profiles/index.ts';
import { type AppEnv, requireKey } from '../auth.ts';
import { readJson } from '../body.ts';
import type { HttpDeps } from '../deps.ts';
import { parseBody, parseQuery } from '../query.ts';

export interface ProfilesRouteDeps extends HttpDeps {
  profiles: ProfileService;
  /** The app's erase flow (profiles, then every module's traces); profiles alone when absent. */
  erase?: (anyId: string) => Promise<ErasureReport>;
}

const MAX_BODY_BYTES = 64 * 1024;
const segmentId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1..64)');
const segmentBody = z.object({ name: z.string().min(1).max(200), rule: z.string().min(1).max(10_000) });
const previewBody = z.object({
  rule: z.string().min(1).max(10_000),
  sample: z.number().int().min(0).max(100).optional(),
});
const mergeBody = z.object({ from: z.string().min(1).max(512), reason: z.string().max(500).optional() });
const consentBody = z
  .object(Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, z.enum(CONSENT_STATUSES).optional()])))
  .strict()
  .refine((o) => Object.values(o).some((v) => v !== undefined), 'name at least one purpose');
const timelineQuery = z.object({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
const instant = z
  .string()
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)),
    'an ISO-8601 date or date-time',
  )
  .transform((v) => Date.parse(v));
const sizesQuery = z
  .object({ from: instant.optional(), to: instant.optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, 'from must not be after to');
const DEFAULT_SIZES_SPAN_MS = 30 * 86_400_000;
const membersQuery = z.object({
  cursor: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  consent: z.enum(CONSENT_PURPOSES).optional(),
});

/** Profiles and segments admin API (secret key). Any id the person is known by addresses the profile. */
export function profilesRoutes(deps: ProfilesRouteDeps): Hono<AppEnv> {
  const { profiles } = deps;
  const app = new Hono<AppEnv>();
  app.use('/v1/profiles/*', requireKey(deps.keys, 'secret'));
  app.use('/v1/segments', requireKey(deps.keys, 'secret'));
  app.use('/v1/segments/*', requireKey(deps.keys, 'secret'));

  app.get('/v1/profiles/:id', (c) =>
    c.json(profileView(profiles, profiles.requireProfile(c.req.param('id')))),
  );
  app.get('/v1/profiles/:id/events', async (c) => {
    const q = parseQuery(timelineQuery, c);
    return c.json(await profiles.timeline(c.req.param('id'), q.before ?? null, q.limit ?? 50));
  });
  app.get('/v1/profiles/:id/merges', (c) => c.json({ merges: profiles.merges(c.req.param('id')) }));
  app.post('/v1/profiles/:id/merge', async (c) => {
    const body = parseBody(mergeBody, await readJson(c, MAX_BODY_BYTES));
    const by = c.get('key').name;
    const record = await profiles.mergeProfiles(
      c.req.param('id'),
      body.from,
      body.reason ?? `admin merge by ${by}`,
    );
    return c.json(record, 201);
  });
  app.post('/v1/profiles/merges/:mergeId/undo', async (c) =>
    c.json(await profiles.unmerge(c.req.param('mergeId'), c.get('key').name)),
  );
  app.get('/v1/profiles/:id/consent', (c) => c.json({ consent: consentStates(profiles, c.req.param('id')) }));
  app.put('/v1/profiles/:id/consent', async (c) => {
    const body = parseBody(consentBody, await readJson(c, MAX_BODY_BYTES));
    const states = await setConsent(profiles, c.req.param('id'), body, `api:${c.get('key').name}`);
    return c.json({ consent: states });
  });
  app.get('/v1/profiles/:id/export', async (c) => {
    c.header('content-disposition', 'attachment; filename="profile-export.json"');
    return c.json(await exportPerson(profiles, c.req.param('id')));
  });
  const erase = deps.erase ?? ((anyId: string) => erasePerson(profiles, anyId));
  app.delete('/v1/profiles/:id', async (c) => c.json(await erase(c.req.param('id'))));

  app.get('/v1/segments', (c) => c.json({ segments: profiles.listSegments() }));
  app.post('/v1/segments/preview', async (c) => {
    const body = parseBody(previewBody, await readJson(c, MAX_BODY_BYTES));
    return c.json(profiles.preview(body.rule, body.sample ?? 20));
  });
  app.get('/v1/segments/:id', (c) => {
    const id = c.req.param('id');
    const found = profiles.listSegments().find((s) => s.id === id);
    if (!found) throw new PanierError('not_found', `segment ${id} does not exist`);
    return c.json(found);
  });
  app.put('/v1/segments/:id', async (c) => {
    const id = parseBody(segmentId, c.req.param('id'));
    const body = parseBody(segmentBody, await readJson(c, MAX_BODY_BYTES));
    const def = await profiles.putSegment({ id, ...body });
    return c.json({ ...def, members: profiles.engine.segments.count(def.id) });
  });
  app.delete('/v1/segments/:id', async (c) => {
    await profiles.deleteSegment(c.req.param('id'));
    return c.body(null, 204);
  });
  // Size history for the console's Segments page: { segmentId, points: [{ at, size }] }, oldest first.
  app.get('/v1/segments/:id/sizes', async (c) => {
    const q = parseQuery(sizesQuery, c);
    const to = q.to ?? profiles.clock.now();
    const from = q.from ?? to - DEFAULT_SIZES_SPAN_MS;
    const id = c.req.param('id');
    const points = await profiles.segmentSizes(id, from, to);
    return c.json({
      segmentId: id,
      points: points.map((p) => ({ at: new Date(p.at).toISOString(), size: p.size })),
    });
  });
  app.get('/v1/segments/:id/members', (c) => {
    const q = parseQuery(membersQuery, c);
    return c.json(profiles.members(c.req.param('id'), q.cursor ?? null, q.limit ?? 100, q.consent));
  });
  return app;
}
