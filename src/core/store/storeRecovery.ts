import { copyFile, open, readFile, rename } from 'node:fs/promises';
import type { Clock } from '../ports';
import type { LogRef } from './eventLog';
import { insertEvents } from './eventRows';
import { parseJournal } from './journal';
import type { SqlDatabase } from './sqlDatabase';
import { DatabaseCorruptError, type SqlJsDatabase, openSqlJsDatabase } from './sqlJsDatabase';
import { type StorePaths, eventLogGenerations } from './storeFiles';

/** What opening a store had to repair, for tests and the log. */
export interface StoreRecovery {
  /** Journal records inserted on open (most are already in the checkpoint and ignored). */
  replayedEvents: number;
  /** Checkpoint temp files of a process killed mid-write, removed on open. */
  abandonedCheckpoints: number;
  skippedRecords: number;
  mergedGuestJournals: number;
}

/** Loads the checkpoint; a corrupt one is moved aside (by the owner) and a fresh database starts. */
export async function loadDatabase(
  paths: StorePaths,
  wasmPath: string | undefined,
  clock: Clock,
  warnings: string[],
  owner: boolean,
): Promise<{ db: SqlJsDatabase; loadedBytes: number }> {
  const bytes = await readFile(paths.db).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    warnings.push(`The Skillwright database could not be read (${error.code ?? error.message}); starting a fresh one.`);
    return undefined;
  });
  try {
    return { db: await openSqlJsDatabase({ bytes, wasmPath }), loadedBytes: bytes?.length ?? 0 };
  } catch (error) {
    if (!(error instanceof DatabaseCorruptError)) throw error;
    // Only the owner moves the file; a guest just works from an empty database plus the journals.
    const aside = `${paths.db}.corrupt-${clock.now()}`;
    if (owner) await rename(paths.db, aside).catch(() => undefined);
    warnings.push(
      `The Skillwright database was corrupt (${error.message})${owner ? `; it was moved to ${aside}` : ''} and a ` +
        `fresh one was started. Journaled events were recovered.`,
    );
    return { db: await openSqlJsDatabase({ wasmPath }), loadedBytes: 0 };
  }
}

/** Inserts a journal's records; a journal from a newer format is kept aside, never truncated. */
export async function replayJournal(
  db: SqlJsDatabase,
  path: string,
  clock: Clock,
  warnings: string[],
  recovery: StoreRecovery,
): Promise<{ validLength: number }> {
  const bytes = await readFile(path).catch(() => undefined);
  if (!bytes || bytes.length === 0) return { validLength: 0 };
  const parsed = parseJournal(bytes);
  insertEvents(db, parsed.events);
  recovery.replayedEvents += parsed.events.length;
  recovery.skippedRecords += parsed.skippedRecords;
  if (path.includes('.guest-')) recovery.mergedGuestJournals++;
  if (parsed.newerVersion !== undefined) {
    const aside = `${path}.newer-${clock.now()}`;
    await rename(path, aside).catch(() => undefined);
    warnings.push(
      `The journal ${path} holds records from a newer Skillwright (format ${parsed.newerVersion}); it was kept ` +
        `as ${aside} and not replayed in full. Update the extension to recover it.`,
    );
    return { validLength: 0 };
  }
  return { validLength: parsed.validLength };
}

/** Which event log a checkpoint's rows point into, and how far into it the rows reach. */
export interface EventLogState {
  generation: number;
  indexedThrough: number;
}

function readEventLogState(db: SqlDatabase): EventLogState | undefined {
  const row = db.get<{ generation: number; indexed_through: number }>(
    'SELECT generation, indexed_through FROM event_log WHERE id = 1',
  );
  return row ? { generation: Number(row.generation), indexedThrough: Number(row.indexed_through) } : undefined;
}

export function writeEventLogState(db: SqlDatabase, state: EventLogState): void {
  db.run('INSERT OR REPLACE INTO event_log (id, generation, indexed_through) VALUES (1, ?, ?)', [
    state.generation,
    state.indexedThrough,
  ]);
}

/**
 * Chooses the event log generation and indexes the lines the checkpoint has not seen. The newest
 * generation on disk wins: a newer one than the checkpoint names is a compaction (or delete-all)
 * whose checkpoint never landed, and it holds every event still wanted, so the rows are rebuilt
 * from it. Returns the generation, the length of its valid prefix, and how far into it the
 * checkpoint's rows reach unchanged (-1 when open had to change them, so a checkpoint is due).
 */
export async function replayEventLog(
  db: SqlJsDatabase,
  paths: StorePaths,
  clock: Clock,
  warnings: string[],
  recovery: StoreRecovery,
): Promise<{ generation: number; validLength: number; indexedByCheckpoint: number }> {
  const recorded = readEventLogState(db);
  const newest = (await eventLogGenerations(paths)).at(-1);
  const loggedRows = (): number =>
    Number(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events WHERE log_offset IS NOT NULL')?.n ?? 0);
  if (recorded && (newest === undefined || newest < recorded.generation)) {
    const lost = loggedRows();
    db.run('DELETE FROM events WHERE log_offset IS NOT NULL');
    if (lost > 0)
      warnings.push(
        `The Skillwright event log ${paths.eventLog(recorded.generation)} is missing; ${lost} recorded events ` +
          `were lost with it.`,
      );
    return { generation: recorded.generation, validLength: 0, indexedByCheckpoint: -1 };
  }
  if (newest === undefined) return { generation: 1, validLength: 0, indexedByCheckpoint: recorded ? -1 : 0 };
  let from = 0;
  if (recorded?.generation === newest) from = recorded.indexedThrough;
  else if (recorded) db.run('DELETE FROM events WHERE log_offset IS NOT NULL');
  // The checkpoint indexes this log unchanged only if it names it and the file still reaches that far.
  let indexedByCheckpoint = recorded?.generation === newest ? from : -1;
  const path = paths.eventLog(newest);
  const tail = await readFrom(path, from);
  if (tail.start < from) {
    const before = loggedRows();
    db.run('DELETE FROM events WHERE log_offset + log_length > ?', [tail.start]);
    indexedByCheckpoint = -1;
    warnings.push(
      `The Skillwright event log ${path} is shorter than its checkpoint ` +
        `expects; ${before - loggedRows()} recorded events were lost.`,
    );
  }
  const parsed = parseJournal(tail.bytes);
  let validLength = parsed.validLength;
  if (parsed.firstNewerOffset !== undefined) {
    // Kept whole aside; this version indexes and appends only up to the first record it cannot read.
    const aside = `${path}.newer-${clock.now()}`;
    await copyFile(path, aside).catch(() => undefined);
    validLength = parsed.firstNewerOffset;
    warnings.push(
      `The event log ${path} holds records from a newer Skillwright (format ${parsed.newerVersion ?? '?'}); they ` +
        `were copied to ${aside} and are not replayed. Update the extension to recover them.`,
    );
  }
  // Offsets ascend, so the readable records are a prefix.
  const readable = parsed.offsets.filter((offset) => offset < validLength).length;
  const refs: LogRef[] = parsed.offsets
    .slice(0, readable)
    .map((offset, index) => ({ offset: tail.start + offset, length: parsed.lengths[index] ?? 0 }));
  insertEvents(db, parsed.events.slice(0, readable), undefined, refs);
  recovery.replayedEvents += readable;
  recovery.skippedRecords += parsed.skippedRecords;
  return { generation: newest, validLength: tail.start + validLength, indexedByCheckpoint };
}

/** The bytes of path from `from` on (from the file's end if it is shorter). */
async function readFrom(path: string, from: number): Promise<{ start: number; bytes: Buffer }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.min(from, size);
    const bytes = Buffer.alloc(size - start);
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { start, bytes: bytes.subarray(0, read) };
  } finally {
    await handle.close();
  }
}
