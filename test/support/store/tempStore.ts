import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, type EventStoreOptions } from '../../../src/core/store/eventStore';
import { openEventStore } from '../../../src/core/store/openEventStore';

/** A fresh folder for one test's store, removed by cleanup(). */
export function tempStoreDir(): { dir: string; dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'skillwright-store-'));
  return { dir, dbPath: join(dir, 'skillwright.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a store with timers slow enough that only the test decides when things happen. */
export function openQuietStore(dbPath: string, options: Partial<EventStoreOptions> = {}): Promise<EventStore> {
  return openEventStore({ dbPath, flushIntervalMs: 60_000, checkpointIdleMs: 60_000, retryMs: 60_000, ...options });
}
