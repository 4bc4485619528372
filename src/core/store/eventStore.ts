import { readFile, unlink } from 'node:fs/promises';
import type { RecordedEvent } from '../model/events';
import type { Clock, Logger } from '../ports';
import { redactEvent } from '../redaction/redactEvent';
import { replaceFileDurably } from './durableFile';
import { type EventLog, type LogReader, type LogRef, type ReadOnlyLog, readLogLines } from './eventLog';
import { type EventQuery, countEvents, insertEvents, queryEvents } from './eventRows';
import { rewriteEventLog } from './eventLogRewrite';
import { parseJournal } from './journal';
import type { JournalFile } from './journalFile';
import { PendingEvents } from './pendingEvents';
import { type RetentionPolicy, type RetentionResult, applyRetentionToDb } from './retention';
import type { SqlDatabase } from './sqlDatabase';
import type { SqlJsDatabase } from './sqlJsDatabase';
import {
  type StorePaths,
  type StoreStats,
  deleteStoreFiles,
  exportEventsJsonl,
  guestJournals,
  measureStore,
} from './storeFiles';
import { type HealthListener, type StoreHealth, StoreHealthMonitor } from './storeHealth';
import type { LockOwner } from './storeLock';
import { type StoreRecovery, writeEventLogState } from './storeRecovery';
import { errorMessage } from '../util/errorMessage';

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
   * Checkpoint once the event log has grown this much since the last one, or by the database's
   * size if that is larger: each checkpoint rewrites the whole database, so tying it to the
   * database's size keeps the write amplification bounded. @default 16 MiB
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

const MAX_QUEUED_CHARS = 64 * 1024 * 1024;
/** Deleted events' lines left in the log beyond this many bytes make the next retention pass rewrite it. */
const UNREFERENCED_LOG_LIMIT = 1024 * 1024;

/** Where this process appends events: the owner into the event log, a guest into its own journal. */
export type EventLogTarget =
  | { kind: 'log'; log: EventLog }
  | {
      kind: 'guest';
      journal: JournalFile;
      ownerLog: ReadOnlyLog | undefined;
      owner: LockOwner | undefined;
      /** What a window should tell its user about being a guest; the CLI words its own. */
      notice: string;
    };

/**
 * The private, crash-safe store of recorded events. Events are redacted on append, written in
 * fsynced batches to the event log, and indexed in a sql.js database that is checkpointed whole;
 * the database rows point at the log, so the in-memory image stays small. A crash loses at most
 * the events appended since the last acknowledged flush().
 */
export class EventStore {
  readonly mode: 'primary' | 'guest';
  private readonly pending = new PendingEvents();
  private appendedCount = 0;
  private durableCount = 0;
  private waiters: { target: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  private chain: Promise<void> = Promise.resolve();
  private writeTimer: NodeJS.Timeout | undefined;
  private immediateWrite: NodeJS.Immediate | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  /** SQLite's total_changes() as of the last checkpoint image (sql.js restarts the count on export). */
  private changesAtCheckpoint = 0;
  /** How far into the event log the checkpoint on disk indexes; -1 when it is not known to. */
  private indexedAtCheckpoint = 0;
  private closed = false;
  private lastDbBytes = 0;
  private readonly healthMonitor: StoreHealthMonitor;
  private readonly settings: Required<
    Omit<EventStoreOptions, 'dbPath' | 'wasmPath' | 'logger' | 'clock' | 'beforeWrite'>
  >;

  constructor(
    private readonly database: SqlJsDatabase,
    private sink: EventLogTarget,
    private readonly paths: StorePaths,
    private readonly options: EventStoreOptions,
    private readonly logger: Logger,
    private readonly clock: Clock,
    readonly warnings: string[],
    readonly recovery: StoreRecovery,
    private readonly releaseLock: (() => void) | undefined,
  ) {
    this.mode = sink.kind === 'log' ? 'primary' : 'guest';
    this.healthMonitor = new StoreHealthMonitor(logger, clock);
    this.settings = {
      flushIntervalMs: options.flushIntervalMs ?? 200,
      flushBatchSize: options.flushBatchSize ?? 512,
      checkpointIdleMs: options.checkpointIdleMs ?? 5000,
      checkpointJournalBytes: options.checkpointJournalBytes ?? 16 * 1024 * 1024,
      maxQueuedEvents: options.maxQueuedEvents ?? 100_000,
      retryMs: options.retryMs ?? 2000,
    };
    database.onDirty = () => this.markDirty();
    if (recovery.replayedEvents > 0) this.markDirty();
  }

  /** Who holds the lock while this process is a guest; undefined when it is ours, or names no one readable. */
  get owner(): LockOwner | undefined {
    return this.sink.kind === 'guest' ? this.sink.owner : undefined;
  }

  /** Why this process is only a guest of the store (kept apart from warnings, so each front end can word it). */
  get guestNotice(): string | undefined {
    return this.sink.kind === 'guest' ? this.sink.notice : undefined;
  }

  /** The lock file that says which process owns the store, for messages about who holds it. */
  get lockFile(): string {
    return this.paths.lock;
  }

  /** For non-event tables (candidates, gaps, kv). A write through it schedules a checkpoint by itself. */
  get db(): SqlDatabase {
    return this.database;
  }

  get health(): StoreHealth {
    return this.healthMonitor.health;
  }

  onHealthChange(listener: HealthListener): () => void {
    return this.healthMonitor.onChange(listener);
  }

  /** Events refused since open because the queue was full (disk full or far slower than the producer). */
  get droppedEvents(): number {
    return this.healthMonitor.droppedEvents;
  }

  /**
   * What the checkpoint loaded on open holds: its size, so the size trigger scales from the start, and how far it
   * indexes the log.
   */
  noteCheckpoint(bytes: number, indexedThrough: number): void {
    this.lastDbBytes = bytes;
    this.indexedAtCheckpoint = indexedThrough;
    if (this.unindexedBytes() > 0) this.armIdleCheckpoint();
  }

  /** Redacts and queues events; returns at once. Use flush() to know they are durable. */
  append(events: readonly RecordedEvent[]): void {
    if (this.closed) {
      this.logger.warn(`store closed: ${events.length} events not recorded`);
      return;
    }
    for (const event of events) {
      if (this.pending.length >= this.settings.maxQueuedEvents || this.pending.queuedChars >= MAX_QUEUED_CHARS) {
        this.healthMonitor.dropped(events.length - events.indexOf(event));
        break;
      }
      const redacted = redactEvent(event);
      this.pending.push(redacted, JSON.stringify(redacted));
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
    if (this.health.state === 'ok') void this.serialize(() => this.writeAndMaybeCheckpoint()).catch(() => undefined);
    return done;
  }

  /** Writes pending events and the whole database to disk. A guest only flushes its journal. */
  checkpoint(): Promise<void> {
    return this.serialize(async () => {
      await this.writePending();
      if (this.mode === 'primary') await this.writeCheckpoint();
    });
  }

  listEvents(query: EventQuery = {}): RecordedEvent[] {
    this.applyPending();
    return queryEvents(this.database, this.readLogged, query);
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
    return exportEventsJsonl(this.database, this.readLogged, path);
  }

  /** Deletes every recorded row and every file the store keeps (except the lock), durably. */
  deleteAll(): Promise<void> {
    if (this.sink.kind !== 'log')
      return Promise.reject(new Error('Another window owns the Skillwright store; delete the data from that window.'));
    return this.serialize(async () => {
      this.pending.forget(this.pending.length);
      this.durableCount = this.appendedCount;
      this.settleWaiters();
      const tables = this.database.all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      );
      this.database.transaction(() => tables.forEach((table) => this.database.run(`DELETE FROM "${table.name}"`)));
      this.database.run('VACUUM');
      // A new, empty log generation: until the checkpoint names it, a crash reopens the old data.
      await this.replaceLog();
      const log = this.sink.kind === 'log' ? [this.sink.log.path] : [];
      await deleteStoreFiles(this.paths, { keepLiveGuests: true, keep: log });
    });
  }

  /** Deletes events older than maxAgeDays and the oldest ones past maxBytes, then compacts the log and checkpoints. */
  applyRetention(policy: RetentionPolicy): Promise<RetentionResult> {
    return this.serialize(async () => {
      this.applyPending();
      const result = applyRetentionToDb(this.database, policy, this.clock.now());
      // Also when earlier deletions left lines behind (a rewrite that failed, a full disk).
      if (this.mode === 'primary' && (result.deletedEvents > 0 || this.unreferencedLogBytes() > UNREFERENCED_LOG_LIMIT))
        await this.replaceLog();
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of [this.writeTimer, this.idleTimer, this.retryTimer]) if (timer) clearTimeout(timer);
    if (this.immediateWrite) clearImmediate(this.immediateWrite);
    try {
      await this.serialize(async () => {
        await this.writePending();
        if (this.mode === 'primary' && (await this.changedSinceCheckpoint())) await this.writeCheckpoint();
      });
    } catch (error) {
      this.logger.error(`store close: ${errorMessage(error)}; unsaved events stay in the event log`);
    } finally {
      if (this.sink.kind === 'log') await this.sink.log.close().catch(() => undefined);
      else {
        await this.sink.journal.close().catch(() => undefined);
        this.sink.ownerLog?.close();
        // A guest that recorded nothing (a refused CLI write, a read-only look) leaves no segment behind.
        if (this.sink.journal.size === 0) await unlink(this.paths.guestJournal(process.pid)).catch(() => undefined);
      }
      this.database.close();
      this.releaseLock?.();
    }
  }

  /**
   * Whether the file on disk lacks anything: a read-only run must not rewrite the whole database.
   * Rows changed on open, before the store listened for writes, still count (total_changes() sees
   * every insert, update and delete), as do unindexed log lines and a crashed guest's segment.
   */
  private async changedSinceCheckpoint(): Promise<boolean> {
    if (this.dirty || this.unindexedBytes() > 0 || this.pending.length > 0) return true;
    if (this.totalChanges() !== this.changesAtCheckpoint) return true;
    return (await guestJournals(this.paths, { deadOnly: true })).length > 0;
  }

  /** Written log bytes no row points at: events deleted but still on disk until the log is rewritten. */
  private unreferencedLogBytes(): number {
    if (this.sink.kind !== 'log') return 0;
    const size = this.sink.log.size;
    const referenced = Number(
      this.database.get<{ n: number }>('SELECT COALESCE(SUM(log_length), 0) AS n FROM events WHERE log_offset < ?', [
        size,
      ])?.n ?? 0,
    );
    return size - referenced;
  }

  /** Log bytes (or, for a guest, journal bytes) the checkpoint on disk does not cover. */
  private unindexedBytes(): number {
    if (this.sink.kind === 'guest') return this.sink.journal.size;
    return this.indexedAtCheckpoint < 0 ? Number.MAX_SAFE_INTEGER : this.sink.log.size - this.indexedAtCheckpoint;
  }

  private totalChanges(): number {
    return Number(this.database.get<{ changes: number }>('SELECT total_changes() AS changes')?.changes ?? 0);
  }

  /** The database holds a change the checkpoint on disk lacks. */
  private markDirty(): void {
    this.dirty = true;
    this.armIdleCheckpoint();
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * A full batch is written on the next turn of the event loop, anything less after delayMs. An
   * armed write is never pushed back: re-arming on every append would starve it while events
   * keep coming, and the whole backlog would then wait for the producer to pause.
   */
  private scheduleWrite(delayMs: number): void {
    // While the disk refuses writes, the retry timer alone tries again: no storm of attempts.
    if (this.closed || this.health.state !== 'ok' || this.immediateWrite) return;
    const write = (): void => void this.serialize(() => this.writeAndMaybeCheckpoint()).catch(() => undefined);
    if (delayMs > 0) {
      this.writeTimer ??= setTimeout(() => {
        this.writeTimer = undefined;
        write();
      }, delayMs);
      this.writeTimer.unref?.();
      return;
    }
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.immediateWrite = setImmediate(() => {
      this.immediateWrite = undefined;
      write();
    });
    this.immediateWrite.unref?.();
  }

  private armIdleCheckpoint(): void {
    if (this.closed) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.dirty || this.unindexedBytes() > 0) void this.checkpoint().catch(() => undefined);
    }, this.settings.checkpointIdleMs);
    this.idleTimer.unref?.();
  }

  /** Encodes pending events' lines and inserts their rows, so queries see them before they are durable. */
  private applyPending(): void {
    if (this.sink.kind === 'log') {
      const log = this.sink.log;
      const refs: LogRef[] = [];
      const batch = this.pending.applyRest((length) => {
        const offset = log.reserve(length);
        refs.push({ offset, length });
        return offset;
      });
      if (batch) insertEvents(this.database, batch.events, undefined, refs);
    } else {
      const batch = this.pending.applyRest();
      if (batch) insertEvents(this.database, batch.events, batch.jsons);
    }
  }

  /** Lines below the log's written end come from the file, reserved ones from the queue. */
  private readonly readLogged = (refs: readonly LogRef[]): (string | undefined)[] => {
    if (this.sink.kind === 'guest')
      return this.sink.ownerLog ? readLogLines(this.sink.ownerLog, refs) : refs.map(() => undefined);
    const log: LogReader & { size: number } = this.sink.log;
    const isWritten = (ref: LogRef): boolean => ref.offset + ref.length <= log.size;
    const written = readLogLines(log, refs.filter(isWritten));
    let next = 0;
    return refs.map((ref) => (isWritten(ref) ? written[next++] : this.pending.lineAt(ref.offset)));
  };

  private async writeAndMaybeCheckpoint(): Promise<void> {
    await this.writePending();
    if (
      this.mode === 'primary' &&
      this.unindexedBytes() > Math.max(this.settings.checkpointJournalBytes, this.lastDbBytes)
    ) {
      await this.writeCheckpoint();
    }
  }

  /** Appends every pending event (in reservation order) and acknowledges them once fsynced. */
  private async writePending(): Promise<void> {
    while (this.pending.length > 0) {
      this.applyPending();
      const batch = this.pending.length;
      const bytes = this.pending.appliedBytes();
      try {
        this.options.beforeWrite?.('journal', bytes.length);
        if (this.sink.kind === 'log') await this.sink.log.append(bytes);
        else await this.sink.journal.append(bytes);
      } catch (error) {
        this.writeFailed(error);
        throw error;
      }
      this.pending.forget(batch);
      this.acknowledge(batch);
    }
  }

  /**
   * Exports the database, whose rows now point only at written log lines, and records how far
   * into which log generation it indexes. Merges crashed guests' journals first.
   */
  private async writeCheckpoint(): Promise<void> {
    const guests = await guestJournals(this.paths, { deadOnly: true });
    for (const guest of guests) {
      const parsed = parseJournal(await readFile(guest).catch(() => Buffer.alloc(0)));
      insertEvents(this.database, parsed.events);
    }
    // An event applied by a query while a write was under way would put an unwritten ref in the image.
    do await this.writePending();
    while (this.pending.applied > 0);
    if (this.sink.kind !== 'log') return;
    const indexedThrough = this.sink.log.size;
    writeEventLogState(this.database, { generation: this.sink.log.generation, indexedThrough });
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
    this.indexedAtCheckpoint = indexedThrough;
    // Version 1's journal and merged guests are in the image now.
    await unlink(this.paths.journal).catch(() => undefined);
    for (const guest of guests) await unlink(guest).catch(() => undefined);
    this.healthMonitor.recovered();
  }

  /**
   * Rewrites the event log without the lines no row points at any more (retention, delete-all)
   * as the next generation, checkpoints, and only then removes the old one.
   */
  private async replaceLog(): Promise<void> {
    if (this.sink.kind !== 'log') return;
    do await this.writePending();
    while (this.pending.applied > 0);
    const old = this.sink.log;
    const rewritten = await rewriteEventLog(
      this.database,
      old,
      this.paths.eventLog(old.generation + 1),
      old.generation + 1,
    );
    const fresh = rewritten.log;
    // One synchronous step, so no query reads rows pointing into one log through the other.
    rewritten.repoint();
    // Events a query applied while the copy ran were reserved in the old log: move them over.
    this.database.transaction(() => {
      for (const moved of this.pending.reserveAppliedAgain((length) => fresh.reserve(length))) {
        this.database.run('UPDATE events SET log_offset = ? WHERE id = ?', [moved.offset, moved.id]);
      }
    });
    this.sink = { kind: 'log', log: fresh };
    this.indexedAtCheckpoint = -1;
    await this.writeCheckpoint();
    await old.close().catch(() => undefined);
    await unlink(old.path).catch(() => undefined);
  }

  private acknowledge(count: number): void {
    if (count <= 0) return;
    this.durableCount += count;
    this.settleWaiters();
    this.healthMonitor.recovered();
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
    const failure = this.healthMonitor.writeFailed(error);
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
}
