import { mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RecordedEvent } from '../model/events';
import { type Clock, type Logger, silentLogger, systemClock } from '../ports';
import { redactEvent } from '../redaction/redactEvent';
import { replaceFileDurably } from './durableFile';
import { type EventQuery, countEvents, insertEvents, queryEvents } from './eventRows';
import { encodeJournalJson, parseJournal } from './journal';
import { type StoreRecovery, loadDatabase, replayJournal } from './storeRecovery';
import { JournalFile } from './journalFile';
import type { SqlJsDatabase } from './sqlJsDatabase';
import type { SqlDatabase } from './sqlDatabase';
import { type RetentionPolicy, type RetentionResult, applyRetentionToDb } from './retention';
import { type StoreStats, deleteStoreFiles, exportEventsJsonl, guestJournals, measureStore, removeStaleTemps, storePaths, type StorePaths } from './storeFiles';

export type { StoreRecovery } from './storeRecovery';
import { tryAcquireLock } from './storeLock';

export interface EventStoreOptions {
  /** The database file, e.g. `<workspace storage>/skillwright.db`; the journal and lock sit beside it. */
  dbPath: string;
  wasmPath?: string;
  logger?: Logger;
  clock?: Clock;
  /** Pending events are written and fsynced at most this long after append(). @default 200 */
  flushIntervalMs?: number;
  /** ...or as soon as this many are pending. @default 512 */
  flushBatchSize?: number;
  /** Checkpoint after this long without appends or dirty writes. @default 5000 */
  checkpointIdleMs?: number;
  /**
   * Checkpoint once the journal passes max(this, the database's size): each checkpoint rewrites
   * the whole database, so tying it to the database's size keeps the write amplification bounded.
   * @default 16 MiB
   */
  checkpointJournalBytes?: number;
  /**
   * Events kept in memory while the disk is slower than the producer or refuses writes; beyond
   * it (or beyond 64 MiB of queued journal text) new events are dropped and counted. @default 100000
   */
  maxQueuedEvents?: number;
  /** How soon a failed write (full disk) is retried. @default 2000 */
  retryMs?: number;
  /** Fault injection for tests: called before every journal or checkpoint write; throw to fail it. */
  beforeWrite?: (target: 'journal' | 'checkpoint', bytes: number) => void;
}

export type StoreHealth =
  | { state: 'ok' }
  | { state: 'disk-full' | 'write-error'; message: string; since: number; droppedEvents: number };


/** A write failed because the disk is full or refused it; the events stay queued for a retry. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

type HealthListener = (health: StoreHealth) => void;

const MAX_QUEUED_CHARS = 64 * 1024 * 1024;

interface Pending {
  event: RecordedEvent;
  json: string;
  line: string;
}

/** Opens the store at options.dbPath: loads the checkpoint, replays journals, takes the lock. */
export async function openEventStore(options: EventStoreOptions): Promise<EventStore> {
  const paths = storePaths(options.dbPath);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  await mkdir(dirname(paths.db), { recursive: true });
  const lock = tryAcquireLock(paths.lock, clock.now());
  const warnings: string[] = [];
  const { db, loadedBytes } = await loadDatabase(paths, options.wasmPath, clock, warnings, lock.acquired);
  const recovery: StoreRecovery = { replayedEvents: 0, abandonedCheckpoints: 0, skippedRecords: 0, mergedGuestJournals: 0 };
  if (lock.acquired) recovery.abandonedCheckpoints = await removeStaleTemps(paths);
  let ownValidLength = 0;
  const ownJournal = lock.acquired ? paths.journal : paths.guestJournal(process.pid);
  // Replay order: the main journal first, then guests' segments (order across files is by ts anyway).
  for (const journalPath of [paths.journal, ...(await guestJournals(paths))]) {
    const replay = await replayJournal(db, journalPath, clock, warnings, recovery);
    if (journalPath === ownJournal) ownValidLength = replay.validLength;
  }
  if (!lock.acquired) {
    const owner = lock.owner ? `process ${lock.owner.pid}` : 'another process';
    warnings.push(`The store is in use by ${owner}; this window records into its own journal segment, merged when that process closes. Changes other than recorded events are not saved from this window.`);
  }
  for (const warning of warnings) logger.warn(warning);
  const journal = await JournalFile.open(ownJournal, ownValidLength);
  const release = lock.acquired ? lock.release : undefined;
  const store = new EventStore(db, journal, paths, options, logger, clock, warnings, recovery, release);
  store.noteDatabaseSize(loadedBytes);
  return store;
}

/**
 * The private, crash-safe store of recorded events: an append-only journal of fsynced batches in
 * front of a sql.js database that is checkpointed whole. Every event is redacted on append.
 * A crash loses at most the events appended since the last acknowledged flush().
 */
export class EventStore {
  readonly mode: 'primary' | 'guest';
  private pending: Pending[] = [];
  private pendingChars = 0;
  private droppedTotal = 0;
  /** pending[0..applied) are already in the database (not yet in the journal). */
  private applied = 0;
  private appendedCount = 0;
  private durableCount = 0;
  private waiters: { target: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  private chain: Promise<void> = Promise.resolve();
  private writeTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  /** SQLite's total_changes() as of the last checkpoint image (sql.js restarts the count on export). */
  private changesAtCheckpoint = 0;
  private closed = false;
  private lastDbBytes = 0;
  private currentHealth: StoreHealth = { state: 'ok' };
  private readonly listeners = new Set<HealthListener>();
  private readonly settings: Required<Omit<EventStoreOptions, 'dbPath' | 'wasmPath' | 'logger' | 'clock' | 'beforeWrite'>>;

  constructor(
    private readonly database: SqlJsDatabase,
    private journal: JournalFile,
    private readonly paths: StorePaths,
    private readonly options: EventStoreOptions,
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly warnings: string[],
    readonly recovery: StoreRecovery,
    private readonly releaseLock: (() => void) | undefined,
  ) {
    this.mode = releaseLock ? 'primary' : 'guest';
    this.settings = {
      flushIntervalMs: options.flushIntervalMs ?? 200,
      flushBatchSize: options.flushBatchSize ?? 512,
      checkpointIdleMs: options.checkpointIdleMs ?? 5000,
      checkpointJournalBytes: options.checkpointJournalBytes ?? 16 * 1024 * 1024,
      maxQueuedEvents: options.maxQueuedEvents ?? 100_000,
      retryMs: options.retryMs ?? 2000,
    };
    database.onDirty = () => {
      this.dirty = true;
      this.armIdleCheckpoint();
    };
    if (recovery.replayedEvents > 0) this.markDirty();
  }

  /** For non-event tables (candidates, gaps, kv). Call markDirty() after a write worth keeping. */
  get db(): SqlDatabase {
    return this.database;
  }

  get health(): StoreHealth {
    return this.currentHealth;
  }

  onHealthChange(listener: HealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markDirty(): void {
    this.database.markDirty();
  }

  /** The size of the checkpoint loaded on open, so the size trigger scales from the start. */
  noteDatabaseSize(bytes: number): void {
    this.lastDbBytes = bytes;
  }

  /** Redacts and queues events; returns at once. Use flush() to know they are durable. */
  append(events: readonly RecordedEvent[]): void {
    if (this.closed) {
      this.logger.warn(`store closed: ${events.length} events not recorded`);
      return;
    }
    for (const event of events) {
      if (this.pending.length >= this.settings.maxQueuedEvents || this.pendingChars >= MAX_QUEUED_CHARS) {
        this.dropped(events.length - events.indexOf(event));
        break;
      }
      const redacted = redactEvent(event);
      const json = JSON.stringify(redacted);
      this.pending.push({ event: redacted, json, line: encodeJournalJson(json) });
      this.pendingChars += json.length;
      this.appendedCount++;
    }
    this.scheduleWrite(this.pending.length >= this.settings.flushBatchSize ? 0 : this.settings.flushIntervalMs);
    this.armIdleCheckpoint();
  }

  /** Resolves once every event appended so far is durable; rejects with StoreWriteError if the disk refuses. */
  flush(): Promise<void> {
    const target = this.appendedCount;
    if (this.durableCount >= target) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
    // Not through the (unref'd) timer: an awaited flush must keep the process alive until it is done.
    if (this.currentHealth.state === 'ok') void this.serialize(() => this.writePending()).catch(() => undefined);
    return done;
  }

  /** Writes the whole database to disk and empties the journal. A guest only flushes its journal. */
  checkpoint(): Promise<void> {
    return this.serialize(async () => {
      await this.writePending();
      if (this.mode === 'primary') await this.writeCheckpoint();
    });
  }

  listEvents(query: EventQuery = {}): RecordedEvent[] {
    this.applyPending();
    return queryEvents(this.database, query);
  }

  countEvents(query: EventQuery = {}): number {
    this.applyPending();
    return countEvents(this.database, query);
  }

  stats(): Promise<StoreStats> {
    this.applyPending();
    return measureStore(this.database, this.paths, this.pending.length);
  }

  /** Writes every stored event, one JSON object per line; returns how many. */
  exportJsonl(path: string): Promise<number> {
    this.applyPending();
    return exportEventsJsonl(this.database, path);
  }

  /** Deletes every recorded row and every file the store keeps (except the lock), durably. */
  deleteAll(): Promise<void> {
    if (this.mode === 'guest') return Promise.reject(new Error('Another window owns the Skillwright store; delete the data from that window.'));
    return this.serialize(async () => {
      this.forget(this.pending.length);
      this.durableCount = this.appendedCount;
      this.settleWaiters();
      await this.journal.clear();
      await deleteStoreFiles(this.paths, { keepLiveGuests: true });
      const tables = this.database.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
      this.database.transaction(() => tables.forEach((table) => this.database.run(`DELETE FROM "${table.name}"`)));
      this.database.run('VACUUM');
      await this.writeCheckpoint();
    });
  }

  /** Deletes events older than maxAgeDays and the oldest ones past maxBytes, then checkpoints. */
  applyRetention(policy: RetentionPolicy): Promise<RetentionResult> {
    return this.serialize(async () => {
      this.applyPending();
      const result = applyRetentionToDb(this.database, policy, this.clock.now());
      if (result.deletedEvents > 0 && this.mode === 'primary') await this.writeCheckpoint();
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of [this.writeTimer, this.idleTimer, this.retryTimer]) if (timer) clearTimeout(timer);
    try {
      await this.serialize(async () => {
        await this.writePending();
        if (this.mode === 'primary' && (await this.changedSinceCheckpoint())) await this.writeCheckpoint();
      });
    } catch (error) {
      this.logger.error(`store close: ${describe(error)}; unsaved events stay in the journal`);
    } finally {
      await this.journal.close().catch(() => undefined);
      this.database.close();
      this.releaseLock?.();
    }
  }

  /**
   * Whether the file on disk lacks anything: a read-only run must not rewrite the whole database.
   * Rows changed without a markDirty() still count (total_changes() sees every insert, update and
   * delete), as do journaled events and a crashed guest's segment waiting to be merged.
   */
  private async changedSinceCheckpoint(): Promise<boolean> {
    if (this.dirty || this.journal.size > 0 || this.pending.length > 0) return true;
    if (this.totalChanges() !== this.changesAtCheckpoint) return true;
    return (await guestJournals(this.paths, { deadOnly: true })).length > 0;
  }

  private totalChanges(): number {
    return Number(this.database.get<{ changes: number }>('SELECT total_changes() AS changes')?.changes ?? 0);
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private scheduleWrite(delayMs: number): void {
    // While the disk refuses writes, the retry timer alone tries again: no storm of attempts.
    if (this.closed || this.currentHealth.state !== 'ok') return;
    if (this.writeTimer && delayMs > 0) return;
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = setTimeout(() => {
      this.writeTimer = undefined;
      void this.serialize(() => this.writePending()).catch(() => undefined);
    }, delayMs);
    this.writeTimer.unref?.();
  }

  private armIdleCheckpoint(): void {
    if (this.closed) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.dirty || this.journal.size > 0) void this.checkpoint().catch(() => undefined);
    }, this.settings.checkpointIdleMs);
    this.idleTimer.unref?.();
  }

  private applyPending(): void {
    if (this.applied >= this.pending.length) return;
    const unapplied = this.pending.slice(this.applied);
    insertEvents(
      this.database,
      unapplied.map((item) => item.event),
      unapplied.map((item) => item.json),
    );
    this.applied = this.pending.length;
  }

  private async writePending(): Promise<void> {
    while (this.pending.length > 0) {
      this.applyPending();
      const batch = this.pending.length;
      const bytes = Buffer.from(this.pending.map((item) => item.line).join(''), 'utf8');
      try {
        this.options.beforeWrite?.('journal', bytes.length);
        await this.journal.append(bytes);
      } catch (error) {
        this.writeFailed(error);
        throw error;
      }
      this.forget(batch);
      this.acknowledge(batch);
      this.dirty = true;
    }
    if (this.mode === 'primary' && this.journal.size > Math.max(this.settings.checkpointJournalBytes, this.lastDbBytes)) {
      await this.writeCheckpoint();
    }
  }

  private async writeCheckpoint(): Promise<void> {
    this.applyPending();
    const coveredEvents = this.pending.length;
    const guests = await guestJournals(this.paths, { deadOnly: true });
    for (const guest of guests) {
      const parsed = parseJournal(await readFile(guest).catch(() => Buffer.alloc(0)));
      insertEvents(this.database, parsed.events);
    }
    const image = this.database.export();
    // Taken with the image, before the write yields: changes made while it is written stay dirty.
    const changesInImage = this.totalChanges();
    this.dirty = false;
    try {
      this.options.beforeWrite?.('checkpoint', image.length);
      await replaceFileDurably(this.paths.db, image);
    } catch (error) {
      // The export restarted the change count, so only this flag still says the disk is behind.
      this.dirty = true;
      this.writeFailed(error);
      throw error;
    }
    this.changesAtCheckpoint = changesInImage;
    this.lastDbBytes = image.length;
    // The image holds every journaled and every applied event, so the journal is now redundant.
    // A crash before this clear replays it over the new image; INSERT OR IGNORE makes that a no-op.
    await this.journal.clear();
    for (const guest of guests) await unlink(guest).catch(() => undefined);
    this.forget(coveredEvents);
    this.acknowledge(coveredEvents);
    this.recovered();
  }

  /** Drops the first count pending events: they are durable now (or deleted). */
  private forget(count: number): void {
    for (const item of this.pending.splice(0, count)) this.pendingChars -= item.json.length;
    this.applied = Math.max(0, this.applied - count);
  }

  private acknowledge(count: number): void {
    if (count <= 0) return;
    this.durableCount += count;
    this.settleWaiters();
    this.recovered();
  }

  private settleWaiters(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (this.durableCount >= waiter.target) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }

  private writeFailed(error: unknown): void {
    const code = (error as NodeJS.ErrnoException).code;
    const state = code === 'ENOSPC' || code === 'EDQUOT' ? 'disk-full' : 'write-error';
    const message =
      state === 'disk-full'
        ? 'The disk is full: Skillwright has paused recording and will resume when space is freed.'
        : `Skillwright cannot write its store (${code ?? describe(error)}); recording is paused and will be retried.`;
    if (this.currentHealth.state === 'ok') {
      this.setHealth({ state, message, since: this.clock.now(), droppedEvents: 0 });
      this.logger.error(message);
    }
    const failure = new StoreWriteError(message, { cause: error });
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) waiter.reject(failure);
    if (!this.retryTimer && !this.closed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.checkpoint().catch(() => undefined);
      }, this.settings.retryMs);
    }
  }

  private recovered(): void {
    if (this.currentHealth.state === 'ok') return;
    this.logger.info('store writes succeed again; recording resumed');
    this.setHealth({ state: 'ok' });
  }

  /** Events refused since open because the queue was full (disk full or far slower than the producer). */
  get droppedEvents(): number {
    return this.droppedTotal;
  }

  private dropped(count: number): void {
    this.droppedTotal += count;
    if (this.currentHealth.state !== 'ok') {
      // Listeners hear about state changes only; the running count is read from `health`.
      this.currentHealth = { ...this.currentHealth, droppedEvents: this.currentHealth.droppedEvents + count };
    } else {
      this.logger.warn(`store queue full: ${count} events dropped`);
    }
  }

  private setHealth(health: StoreHealth): void {
    this.currentHealth = health;
    for (const listener of this.listeners) {
      try {
        listener(health);
      } catch (error) {
        this.logger.error(`health listener failed: ${describe(error)}`);
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
