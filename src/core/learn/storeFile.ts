import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RecordedEvent } from '../model/events';
import { openSqlJsDatabase, type SqlJsDatabase } from '../store/sqlJsDatabase';

/**
 * The CLI's way to the store: load the database file, work on it in memory, and write it back
 * atomically (temp file, fsync, rename) so an interrupted write never corrupts the old one.
 */
export interface StoreFile {
  path: string;
  db: SqlJsDatabase;
  /** Writes the database back if anything changed. */
  save(): Promise<void>;
  close(): void;
}

export async function openStoreFile(path: string): Promise<StoreFile> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const db = await openSqlJsDatabase(bytes ? { bytes: new Uint8Array(bytes) } : {});
  let dirty = !bytes;
  db.onDirty = () => {
    dirty = true;
  };
  return {
    path,
    db,
    async save() {
      if (!dirty) return;
      await writeAtomically(path, db.export());
      dirty = false;
    },
    close: () => db.close(),
  };
}

async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Recorded events kept in the store's `events` table; unreadable rows are counted, not thrown. */
export function storedEvents(db: SqlJsDatabase): { events: RecordedEvent[]; skipped: number } {
  const events: RecordedEvent[] = [];
  let skipped = 0;
  for (const row of db.all<{ payload: string }>('SELECT payload FROM events ORDER BY ts, seq')) {
    try {
      const event = JSON.parse(row.payload) as RecordedEvent;
      if (typeof event?.type === 'string' && typeof event.ts === 'number') events.push(event);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { events, skipped };
}
