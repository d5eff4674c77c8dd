import {
  type Clock,
  type EventBus,
  type EventLog,
  type LoggedEvent,
  type Logger,
  noProgress,
  PanierError,
  type Progress,
  silentLogger,
  systemClock,
  yieldToEventLoop,
} from '../../kernel/index.ts';
import { answer } from './engine.ts';
import { type Interaction, InteractionTable, interactionsOf } from './interactions.ts';
import { LiveState, TRENDING_HORIZON_MS } from './live.ts';
import { decodeLive, encodeLive } from './live-snapshot.ts';
import { type RecModel, trainModel } from './model.ts';
import {
  type ConsentChecker,
  consentAlways,
  type IdentityResolver,
  identityAsIs,
  type RecommendCatalog,
} from './ports.ts';
import {
  type RecommendConfig,
  type RecommendRequest,
  type RecommendResponse,
  recommendConfigSchema,
  recommendRequestSchema,
} from './schemas.ts';

/** Where trained models are kept between restarts (a snapshot file, a table…). */
export interface ModelStore {
  load(): Promise<{ model: RecModel; seq: number } | null>;
  save(model: RecModel, seq: number): Promise<void>;
}

/**
 * Where the live state is kept between restarts (a file): written at `stop`, so a start replays only the
 * log after it. Any erasure drops it first: an erased shopper never comes back from it.
 */
export interface LiveStore {
  load(): Promise<string | null>;
  save(text: string): void;
  /** Synchronous: once it returns, no snapshot remains. */
  drop(): void;
}

/** Turns an interaction table into a model; the CLI/app may run it in a worker thread. */
export type Trainer = (table: InteractionTable, catalog: RecommendCatalog, now: number) => Promise<RecModel>;

export interface RecommendServiceDeps {
  log: EventLog;
  bus: EventBus;
  catalog: RecommendCatalog;
  identity?: IdentityResolver;
  consent?: ConsentChecker;
  clock?: Clock;
  logger?: Logger;
  /** Unvalidated config (e.g. the `recommend` section of panier.config.json). */
  config?: unknown;
  store?: ModelStore;
  /** Live state snapshots (used only with a stored model: a model trained afresh reads the whole log). */
  liveStore?: LiveStore;
  trainer?: Trainer;
}

const PAGE = 5000;

export const trainInProcess: Trainer = async (table, catalog, now) =>
  trainModel(table, catalog.products(), now);

/**
 * Recommendations as a service: models trained from the log (or loaded from the store), live state
 * updated synchronously from the bus so an acknowledged event shows in the next answer.
 */
export class RecommendService {
  readonly config: RecommendConfig;
  private model: RecModel;
  private live: LiveState;
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly identity: IdentityResolver;
  private readonly consent: ConsentChecker;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private training: Promise<void> | null = null;
  /** The training table kept off the bus since `gather()`, while it stays a faithful copy of the log. */
  private gathered: { table: InteractionTable; seq: number; from: number } | null = null;

  constructor(private readonly deps: RecommendServiceDeps) {
    const parsed = recommendConfigSchema.safeParse(deps.config ?? {});
    if (!parsed.success)
      throw new PanierError('invalid_config', `recommend config: ${parsed.error.issues[0]?.message}`);
    this.config = parsed.data;
    this.live = new LiveState({
      maxShoppers: this.config.maxLiveShoppers,
      idleDays: this.config.liveIdleDays,
    });
    this.identity = deps.identity ?? identityAsIs;
    this.consent = deps.consent ?? consentAlways;
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
    this.model = trainModel(new InteractionTable(), [], this.clock.now());
  }

  /** Loads or trains the models, replays the log into live state, then follows the bus. */
  async start(progress: Progress = noProgress): Promise<void> {
    // events published while the log is replayed wait, so none is skipped by the seq check
    const waiting: LoggedEvent[] = [];
    let replaying = true;
    this.unsubscribe = this.deps.bus.subscribe((events) => {
      // A loop, not a spread: a delivery can be larger than a call takes arguments.
      if (replaying) for (const e of events) waiting.push(e);
      else this.ingest(events);
    });
    const stored = await this.deps.store?.load().catch((err: unknown) => {
      this.logger.warn({ err }, 'recommend: stored model unreadable; retraining');
      return null;
    });
    const table = stored ? null : new InteractionTable();
    if (stored) await this.restoreLive();
    const seq = await this.scanLog(this.live.lastSeq, table, progress);
    replaying = false;
    this.ingest(waiting.sort((a, b) => a.seq - b.seq));
    if (stored) this.model = stored.model;
    else if (table) await this.swapModel(table, seq);
    const hours = this.config.retrainEveryHours;
    if (hours > 0) {
      this.timer = setInterval(
        () => void this.retrain().catch((err) => this.logger.error({ err }, 'recommend: retrain failed')),
        hours * 3_600_000,
      );
      this.timer.unref?.();
    }
  }

  /** Stops following the bus and keeps the live state as a snapshot (with a live store). */
  stop(): void {
    const following = this.unsubscribe !== null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (following) this.saveLive();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Live update from the bus; events already replayed (seq ≤ lastSeq) are skipped. */
  ingest(events: readonly LoggedEvent[]): void {
    this.live.trendingFrom = this.clock.now() - TRENDING_HORIZON_MS;
    const resolve = (id: string) => this.identity.resolve(id);
    const g = this.gathered;
    if (!g) {
      for (const e of events) if (e.seq > this.live.lastSeq) this.live.applyEvent(e, resolve);
      return;
    }
    const add = (x: Interaction) => g.table.add(x);
    for (const e of events) {
      if (e.seq <= this.live.lastSeq) continue;
      // The table must hold the log in seq order with nothing missing; otherwise the next retrain scans.
      if (e.seq !== g.seq + 1) {
        this.gathered = null;
        this.live.applyEvent(e, resolve);
        continue;
      }
      g.seq = e.seq;
      this.live.applyEvent(e, resolve, this.gathered ? add : undefined);
    }
  }

  /**
   * From now on, keeps the interactions of the events taken from the bus in a training table, so the
   * next `retrain()` needs no scan of the log (a fresh start following the demo as it is generated).
   * Actors are kept as the events name them and resolved when training starts, as a scan would resolve
   * them then. Any gap or disorder in the seqs drops the table, and that retrain scans the log.
   */
  gather(): void {
    const seq = this.live.lastSeq;
    this.gathered = { table: new InteractionTable(), seq, from: seq };
  }

  /**
   * Erasure: forgets the live state (recent views, session, cart, purchases) kept under these ids, so
   * the shopper's next answers fall back as for a stranger. The trained model holds no shopper ids.
   */
  forget(ids: readonly string[]): void {
    this.deps.liveStore?.drop();
    this.live.forget(ids);
  }

  /** Called before an erasure touches the log: the live snapshot, which may hold the person, is dropped. */
  beforeErase(): void {
    this.deps.liveStore?.drop();
  }

  /** The live state from its snapshot when it belongs to this log (the event at its seq is the one it names). */
  private async restoreLive(): Promise<void> {
    const store = this.deps.liveStore;
    if (!store) return;
    try {
      const text = await store.load();
      if (!text) return;
      const decoded = decodeLive(text, this.live.limits);
      if (!decoded) return;
      const { seq, lastMessageId } = decoded.head;
      if (seq > 0) {
        const [at] = await this.deps.log.scan(seq - 1, 1);
        if (at?.seq !== seq || at.messageId !== lastMessageId) {
          this.logger.warn({ seq }, 'recommend: live snapshot does not match the log; replaying it all');
          return;
        }
      }
      this.live = decoded.live;
      this.logger.info({ seq, shoppers: this.live.profiles.size }, 'recommend: live state from its snapshot');
    } catch (err) {
      this.logger.warn({ err }, 'recommend: live snapshot unreadable; replaying the log');
    }
  }

  private saveLive(): void {
    const store = this.deps.liveStore;
    if (!store || this.live.lastSeq === 0) return;
    try {
      store.save(encodeLive(this.live));
    } catch (err) {
      this.logger.warn({ err }, 'recommend: live snapshot not written');
    }
  }

  /** Validates and answers a request (throws PanierError on bad input). */
  recommend(input: unknown): RecommendResponse {
    const parsed = recommendRequestSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const code = issue.path[0] === 'placement' ? 'unknown_placement' : 'invalid_body';
      throw new PanierError(code, issue.message, issue.path.join('.'));
    }
    return this.answer(parsed.data);
  }

  answer(req: RecommendRequest): RecommendResponse {
    const d = {
      model: this.model,
      live: this.live,
      catalog: this.deps.catalog,
      identity: this.identity,
      consent: this.consent,
      config: this.config,
    };
    return answer(d, req, this.clock.now());
  }

  /** Rebuilds every model from the whole log and swaps it in; concurrent calls share one run. */
  retrain(progress: Progress = noProgress): Promise<void> {
    this.training ??= (async () => {
      if (this.gathered) await yieldToEventLoop(); // events published before this call arrive first
      const g = this.gathered;
      this.gathered = null;
      if (g && g.from === 0 && g.seq === (await this.deps.log.lastSeq())) {
        g.table.resolveActors((id) => this.identity.resolve(id));
        await this.swapModel(g.table, g.seq);
        return;
      }
      const table = new InteractionTable();
      const seq = await this.scanLog(0, table, progress, false);
      await this.swapModel(table, seq);
    })().finally(() => {
      this.training = null;
    });
    return this.training;
  }

  get currentModel(): RecModel {
    return this.model;
  }

  private async swapModel(table: InteractionTable, seq: number): Promise<void> {
    const trainer = this.deps.trainer ?? trainInProcess;
    const interactions = table.length;
    const model = await trainer(table, this.deps.catalog, this.clock.now());
    this.model = model;
    await this.deps.store?.save(model, seq);
    this.logger.info({ items: model.itemCount, interactions, seq }, 'recommend: model trained');
  }

  /** Reads the log from `after`; returns the last seq read. */
  private async scanLog(
    after: number,
    table: InteractionTable | null,
    progress: Progress,
    feedLive = true,
  ): Promise<number> {
    const total = await this.deps.log.lastSeq();
    progress.start(total, 'reading events');
    let cursor = after;
    const resolve = (id: string) => this.identity.resolve(id);
    this.live.trendingFrom = this.clock.now() - TRENDING_HORIZON_MS;
    for (;;) {
      const page = await this.deps.log.scan(cursor, PAGE);
      if (page.length === 0) break;
      for (const e of page) {
        if (feedLive && e.seq > this.live.lastSeq) this.live.applyEvent(e, resolve);
        if (table) for (const x of interactionsOf(e, resolve)) table.add(x);
      }
      cursor = page[page.length - 1]!.seq;
      progress.update(cursor);
      await yieldToEventLoop();
    }
    progress.stop();
    return cursor;
  }
}
