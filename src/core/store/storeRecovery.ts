import { readFile, rename } from 'node:fs/promises';
import type { Clock } from '../ports';
import { insertEvents } from './eventRows';
import { parseJournal } from './journal';
import { DatabaseCorruptError, type SqlJsDatabase, openSqlJsDatabase } from './sqlJsDatabase';
import type { StorePaths } from './storeFiles';

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
    warnings.push(`The Skillwright database was corrupt (${error.message})${owner ? `; it was moved to ${aside}` : ''} and a fresh one was started. Journaled events were recovered.`);
    return { db: await openSqlJsDatabase({ wasmPath }), loadedBytes: 0 };
  }
}

/** Inserts a journal's records; a journal from a newer format is kept aside, never truncated. */
export async function replayJournal(db: SqlJsDatabase, path: string, clock: Clock, warnings: string[], recovery: StoreRecovery): Promise<{ validLength: number }> {
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
    warnings.push(`The journal ${path} holds records from a newer Skillwright (format ${parsed.newerVersion}); it was kept as ${aside} and not replayed in full. Update the extension to recover it.`);
    return { validLength: 0 };
  }
  return { validLength: parsed.validLength };
}

