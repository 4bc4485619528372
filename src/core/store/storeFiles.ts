import { readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { serializeRedacted } from '../redaction/gate';
import { redactEvent } from '../redaction/redactEvent';
import { type ReadLoggedLines, eventPage } from './eventRows';
import type { SqlDatabase } from './sqlDatabase';
import { isAlive } from './storeLock';
import { hostname } from 'node:os';
import { openPrivateFile } from '../util/privateFiles';
import { vetWriteTarget } from '../util/writeTarget';

/** The files of one store, all beside the database file. */
export interface StorePaths {
  db: string;
  /** Version 1's journal, emptied at every checkpoint; now only read (and removed) on upgrade. */
  journal: string;
  lock: string;
  guestJournal(pid: number): string;
  /** The event log of one generation (see EventLog). */
  eventLog(generation: number): string;
}

export function storePaths(dbPath: string): StorePaths {
  return {
    db: dbPath,
    journal: `${dbPath}.journal`,
    lock: `${dbPath}.lock`,
    guestJournal: (pid) => `${dbPath}.journal.guest-${pid}`,
    eventLog: (generation) => `${dbPath}.events-${generation}`,
  };
}

/**
 * The files beside the database that opening the store reads, appends to or replaces: each must be
 * a writable regular file (or absent), or the store refuses to open, naming it, before any change.
 */
export async function vetStoreFiles(paths: StorePaths): Promise<void> {
  const logs = (await eventLogGenerations(paths)).map((generation) => paths.eventLog(generation));
  for (const path of [paths.lock, paths.journal, ...logs, ...(await guestJournals(paths))])
    await vetWriteTarget(path, { role: 'store file' });
}

/** The generations of event log on disk, oldest first; temporary copies are not counted. */
export async function eventLogGenerations(paths: StorePaths): Promise<number[]> {
  const prefix = `${basename(paths.db)}.events-`;
  const names = await readdir(dirname(paths.db)).catch(() => [] as string[]);
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => Number(name.slice(prefix.length)))
    .sort((a, b) => a - b);
}

/** Other processes' journal segments; with deadOnly, only those whose process has exited. */
export async function guestJournals(paths: StorePaths, options: { deadOnly?: boolean } = {}): Promise<string[]> {
  const prefix = `${basename(paths.journal)}.guest-`;
  const names = await readdir(dirname(paths.db)).catch(() => [] as string[]);
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .filter(
      (name) => !options.deadOnly || !isAlive({ pid: Number(name.slice(prefix.length)), host: hostname(), since: 0 }),
    )
    .sort()
    .map((name) => join(dirname(paths.db), name));
}

/** Removes the set-aside copies (corrupt, newer), leftovers, old event logs and dead guests' journals. */
export async function deleteStoreFiles(
  paths: StorePaths,
  options: { keepLiveGuests: boolean; keep: readonly string[] },
): Promise<void> {
  const base = basename(paths.db);
  const names = await readdir(dirname(paths.db)).catch(() => [] as string[]);
  const liveGuests = new Set(
    options.keepLiveGuests
      ? (await guestJournals(paths)).filter((path) => !isDeadGuest(path)).map((path) => basename(path))
      : [],
  );
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || liveGuests.has(name)) continue;
    if (name === basename(paths.lock) || options.keep.some((path) => basename(path) === name)) continue;
    await unlink(join(dirname(paths.db), name)).catch(() => undefined);
  }
}

function isDeadGuest(path: string): boolean {
  const pid = Number(path.slice(path.lastIndexOf('-') + 1));
  return pid !== process.pid && !isAlive({ pid, host: hostname(), since: 0 });
}

export interface StoreStats {
  events: number;
  /** Bytes of the checkpointed database file. */
  dbBytes: number;
  /** Bytes of this store's event log and journals (including other windows' segments). */
  journalBytes: number;
  totalBytes: number;
  pendingEvents: number;
  oldestTs?: number;
  newestTs?: number;
}

export async function measureStore(db: SqlDatabase, paths: StorePaths, pendingEvents: number): Promise<StoreStats> {
  const size = (path: string): Promise<number> =>
    stat(path).then(
      (s) => s.size,
      () => 0,
    );
  const dbBytes = await size(paths.db);
  let journalBytes = await size(paths.journal);
  for (const guest of await guestJournals(paths)) journalBytes += await size(guest);
  for (const generation of await eventLogGenerations(paths)) journalBytes += await size(paths.eventLog(generation));
  const row = db.get<{ n: number; oldest: number | null; newest: number | null }>(
    'SELECT COUNT(*) AS n, MIN(ts) AS oldest, MAX(ts) AS newest FROM events',
  );
  const stats: StoreStats = {
    events: Number(row?.n ?? 0),
    dbBytes,
    journalBytes,
    totalBytes: dbBytes + journalBytes,
    pendingEvents,
  };
  if (row?.oldest !== null && row?.oldest !== undefined) stats.oldestTs = Number(row.oldest);
  if (row?.newest !== null && row?.newest !== undefined) stats.newestTs = Number(row.newest);
  return stats;
}

const EXPORT_PAGE = 1000;

/** Streams every event to path as JSON lines, a page at a time. Returns the number written. */
export async function exportEventsJsonl(db: SqlDatabase, readLogged: ReadLoggedLines, path: string): Promise<number> {
  const handle = await openPrivateFile(await vetWriteTarget(path, { role: 'export' }), 'write');
  let written = 0;
  try {
    let afterSeq = 0;
    for (;;) {
      const page = eventPage(db, readLogged, afterSeq, EXPORT_PAGE);
      if (page.lastSeq === afterSeq) break;
      // Redacted again on the way out: a store written by an older Skillwright kept what its rules missed.
      await handle.write(page.events.map((event) => `${serializeRedacted(redactEvent(event))}\n`).join(''));
      written += page.events.length;
      afterSeq = page.lastSeq;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return written;
}

/**
 * Checkpoint temp files left by a process killed mid-write, and event-log copies it never
 * finished (only the owner calls this, so no copy is in progress); returns how many were removed.
 */
export async function removeStaleTemps(paths: StorePaths): Promise<number> {
  const prefix = `${basename(paths.db)}.tmp-`;
  const names = await readdir(dirname(paths.db)).catch(() => [] as string[]);
  let removed = 0;
  const isLogCopy = (name: string): boolean =>
    name.startsWith(`${basename(paths.db)}.events-`) && name.endsWith('.tmp');
  for (const name of names.filter(isLogCopy)) {
    await unlink(join(dirname(paths.db), name)).then(
      () => removed++,
      () => undefined,
    );
  }
  for (const name of names) {
    const pid = Number(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !Number.isInteger(pid) || isAlive({ pid, host: hostname(), since: 0 })) continue;
    await unlink(join(dirname(paths.db), name)).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}
