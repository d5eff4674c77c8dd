import { type Context, Hono } from 'hono';
import { PanierError, uuidv7 } from '../../../kernel/index.ts';
import {
  indexSettingsSchema,
  parseSearchParams,
  type SearchRecord,
  type SearchService,
  synonymSchema,
} from '../../../modules/search/index.ts';
import type { AppEnv } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { anyBodyOf, bodyOf, callerKey } from './search-http.ts';

interface WriteDeps extends HttpDeps {
  search: SearchService;
  maxWriteBytes: number;
}

const BATCH_ACTIONS = [
  'addObject',
  'updateObject',
  'partialUpdateObject',
  'partialUpdateObjectNoCreate',
  'deleteObject',
  'delete',
  'clear',
] as const;
type BatchAction = (typeof BATCH_ACTIONS)[number];

const now = () => new Date().toISOString();

function record(body: unknown, objectID?: string): SearchRecord {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new PanierError('invalid_body', 'a record must be a JSON object');
  const r = body as Record<string, unknown>;
  const id = objectID ?? (r.objectID === undefined ? uuidv7() : String(r.objectID));
  if (id.length === 0 || id.length > 512)
    throw new PanierError('invalid_body', 'objectID must have 1 to 512 characters');
  return { ...r, objectID: id };
}

/** Applies one index's batch actions in order, grouped so consecutive saves become one write. */
async function applyBatch(
  svc: SearchService,
  index: string,
  requests: { action: BatchAction; body: unknown }[],
) {
  const engine = svc.engine;
  let taskID = 0;
  const objectIDs: string[] = [];
  for (const { action, body } of requests) {
    const needsId = action !== 'addObject' && action !== 'delete' && action !== 'clear';
    const r = action === 'delete' || action === 'clear' ? null : record(body);
    if (r && needsId && (body as Record<string, unknown>).objectID === undefined)
      throw new PanierError('invalid_body', `${action} needs an objectID`);
    if (r) objectIDs.push(r.objectID);
    const t =
      action === 'addObject' || action === 'updateObject'
        ? await engine.saveObjects(index, [r!])
        : action === 'partialUpdateObject' || action === 'partialUpdateObjectNoCreate'
          ? await engine.partialUpdateObjects(index, [r!], action === 'partialUpdateObject')
          : action === 'deleteObject'
            ? await engine.deleteObjects(index, [r!.objectID])
            : action === 'clear'
              ? await engine.clearObjects(index)
              : await engine.deleteIndex(index);
    taskID = t.taskID;
  }
  return { taskID, objectIDs };
}

function batchRequests(body: Record<string, unknown>, withIndex: boolean) {
  if (!Array.isArray(body.requests)) throw new PanierError('invalid_body', 'requests: expected an array');
  return body.requests.map((r: unknown, i: number) => {
    const req = (r ?? {}) as Record<string, unknown>;
    if (!BATCH_ACTIONS.includes(req.action as BatchAction))
      throw new PanierError(
        'invalid_body',
        `requests[${i}].action: expected one of ${BATCH_ACTIONS.join(', ')}`,
      );
    if (withIndex && typeof req.indexName !== 'string')
      throw new PanierError('invalid_body', `requests[${i}].indexName is required`);
    return {
      action: req.action as BatchAction,
      body: req.body ?? {},
      indexName: String(req.indexName ?? ''),
    };
  });
}

function parseSettings(body: unknown) {
  const r = indexSettingsSchema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new PanierError('invalid_body', `${issue.path.join('.')}: ${issue.message}`, issue.path.join('.'));
  }
  return r.data;
}

/** Indexing, settings, objects, browse and tasks (admin: secret keys), and GET search (write keys). */
export function searchWriteRoutes(
  deps: WriteDeps,
  queryParams: (c: Context) => Record<string, unknown>,
  guarded: <T>(fn: () => Promise<T>) => Promise<T>,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const svc = deps.search;
  const engine = svc.engine;
  const admin = (c: Context<AppEnv>) => callerKey(c, deps, 'secret');
  const body = (c: Context) => bodyOf(c, deps.maxWriteBytes);
  const index = (c: Context) => c.req.param('index')!;

  app.post('/1/indexes/:index/batch', async (c) => {
    await admin(c);
    const requests = batchRequests(await body(c), index(c) === '*');
    if (index(c) !== '*') return c.json(await applyBatch(svc, index(c), requests));
    const taskID: Record<string, number> = {};
    const objectIDs: string[] = [];
    for (const name of new Set(requests.map((r) => r.indexName))) {
      const res = await applyBatch(
        svc,
        name,
        requests.filter((r) => r.indexName === name),
      );
      taskID[name] = res.taskID;
      objectIDs.push(...res.objectIDs);
    }
    return c.json({ taskID, objectIDs });
  });

  app.post('/1/indexes/:index/objects', async (c) => {
    await callerKey(c, deps, 'write');
    const b = await body(c);
    const requests = Array.isArray(b.requests) ? (b.requests as Record<string, unknown>[]) : [];
    const results = await Promise.all(
      requests.map((r) =>
        engine
          .getObject(String(r.indexName), String(r.objectID), r.attributesToRetrieve as string[] | undefined)
          .catch(() => null),
      ),
    );
    return c.json({ results });
  });

  app.get('/1/indexes/:index/settings', async (c) => {
    await admin(c);
    const settings = await engine.getSettings(index(c));
    if (!settings) throw new PanierError('not_found', 'Index does not exist');
    return c.json(settings);
  });

  app.put('/1/indexes/:index/settings', async (c) => {
    await admin(c);
    const t = await engine.setSettings(index(c), parseSettings(await body(c)));
    return c.json({ ...t, updatedAt: now() });
  });

  app.put('/1/indexes/:index/synonyms/:id', async (c) => {
    await admin(c);
    const syn = synonymSchema.parse({ ...(await body(c)), objectID: c.req.param('id') });
    const current = (await engine.getSettings(index(c)))?.synonyms ?? [];
    const t = await engine.setSettings(index(c), {
      synonyms: [...current.filter((s) => s.objectID !== syn.objectID), syn],
    });
    return c.json({ ...t, id: syn.objectID, updatedAt: now() });
  });

  app.post('/1/indexes/:index/synonyms/batch', async (c) => {
    await admin(c);
    const raw = await anyBodyOf(c, deps.maxWriteBytes);
    if (!Array.isArray(raw)) throw new PanierError('invalid_body', 'expected a JSON array of synonyms');
    const list: unknown[] = raw;
    const incoming = list.map((s) => synonymSchema.parse(s));
    const replace = c.req.query('replaceExistingSynonyms') === 'true';
    const current = replace ? [] : ((await engine.getSettings(index(c)))?.synonyms ?? []);
    const ids = new Set(incoming.map((s) => s.objectID));
    const t = await engine.setSettings(index(c), {
      synonyms: [...current.filter((s) => !ids.has(s.objectID)), ...incoming],
    });
    return c.json({ ...t, updatedAt: now() });
  });

  app.get('/1/indexes/:index/task/:taskID', async (c) => {
    await callerKey(c, deps, 'write');
    return c.json({
      status: await engine.taskStatus(index(c), Number(c.req.param('taskID'))),
      pendingTask: false,
    });
  });

  app.get('/1/task/:taskID', async (c) => {
    await callerKey(c, deps, 'write');
    return c.json({ status: await engine.taskStatus('', Number(c.req.param('taskID'))) });
  });

  for (const method of ['get', 'post'] as const)
    app[method]('/1/indexes/:index/browse', async (c) => {
      await admin(c);
      const b = method === 'post' ? await body(c) : queryParams(c);
      const cursor = typeof b.cursor === 'string' ? b.cursor : (c.req.query('cursor') ?? null);
      return c.json(await engine.browse(index(c), parseSearchParams({ ...b, cursor: undefined }), cursor));
    });

  app.post('/1/indexes/:index/clear', async (c) => {
    await admin(c);
    return c.json({ ...(await engine.clearObjects(index(c))), updatedAt: now() });
  });

  app.post('/1/indexes/:index/deleteByQuery', async (c) => {
    await admin(c);
    const params = parseSearchParams({ ...(await body(c)), hitsPerPage: 1000 });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Record<string, unknown> = await engine.browse(index(c), params, cursor);
      for (const h of page.hits as SearchRecord[]) ids.push(h.objectID);
      cursor = typeof page.cursor === 'string' ? page.cursor : null;
    } while (cursor);
    return c.json({ ...(await engine.deleteObjects(index(c), ids)), updatedAt: now() });
  });

  app.get('/1/indexes', async (c) => {
    await admin(c);
    const items = (await engine.listIndices()).map((i) => ({
      ...i,
      createdAt: new Date(i.createdAt).toISOString(),
      updatedAt: new Date(i.updatedAt).toISOString(),
      dataSize: 0,
      fileSize: 0,
      lastBuildTimeS: 0,
      numberOfPendingTasks: 0,
      pendingTask: false,
    }));
    return c.json({ items, nbPages: 1 });
  });

  app.get('/1/indexes/:index', async (c) => {
    const key = await callerKey(c, deps, 'write');
    const params = parseSearchParams(queryParams(c));
    return c.json(await guarded(() => svc.search(index(c), params, { source: key.name })));
  });

  app.delete('/1/indexes/:index', async (c) => {
    await admin(c);
    return c.json({ ...(await engine.deleteIndex(index(c))), deletedAt: now() });
  });

  app.post('/1/indexes/:index', async (c) => {
    await admin(c);
    const r = record(await body(c));
    const t = await engine.saveObjects(index(c), [r]);
    return c.json({ ...t, objectID: r.objectID, createdAt: now() }, 201);
  });

  app.post('/1/indexes/:index/:objectID/partial', async (c) => {
    await admin(c);
    const r = record(await body(c), c.req.param('objectID'));
    const create = c.req.query('createIfNotExists') !== 'false';
    const t = await engine.partialUpdateObjects(index(c), [r], create);
    return c.json({ ...t, objectID: r.objectID, updatedAt: now() });
  });

  app.get('/1/indexes/:index/:objectID', async (c) => {
    await callerKey(c, deps, 'write');
    const attrs = c.req.query('attributesToRetrieve');
    const r = await engine.getObject(index(c), c.req.param('objectID'), attrs ? attrs.split(',') : undefined);
    if (!r) throw new PanierError('not_found', 'ObjectID does not exist');
    return c.json(r);
  });

  app.put('/1/indexes/:index/:objectID', async (c) => {
    await admin(c);
    const r = record(await body(c), c.req.param('objectID'));
    const t = await engine.saveObjects(index(c), [r]);
    return c.json({ ...t, objectID: r.objectID, updatedAt: now() });
  });

  app.delete('/1/indexes/:index/:objectID', async (c) => {
    await admin(c);
    const t = await engine.deleteObjects(index(c), [c.req.param('objectID')]);
    return c.json({ ...t, deletedAt: now() });
  });
  return app;
}
