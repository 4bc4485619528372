/**
 * Ingests events into a store until it is killed. Prints `ready`, then `ack <id> <id> ...` for
 * every batch whose flush() resolved: those events must survive any SIGKILL that follows.
 * With a count it stops after that many events, closes the store and exits (two-writer tests).
 * Usage: crashChild <dbPath> <runId> [wasmPath] [count]
 */
import { openEventStore } from '../../../src/core/store/openEventStore';
import { writeKv } from '../../../src/core/store/kv';
import { ingestAndAck } from './ackedIngest';

async function main(): Promise<void> {
  const [dbPath, runId, wasmPath, countArg] = process.argv.slice(2);
  const limit = countArg ? Number(countArg) : Infinity;
  if (!dbPath || !runId) throw new Error('usage: crashChild <dbPath> <runId> [wasmPath]');
  const store = await openEventStore({
    dbPath,
    wasmPath,
    // Tiny thresholds so that kills land inside checkpoints as often as inside appends.
    flushIntervalMs: 1,
    flushBatchSize: 4,
    checkpointIdleMs: 15,
    checkpointJournalBytes: 6 * 1024,
  });
  process.stdout.write(`ready ${store.mode} ${store.countEvents()}\n`);
  await ingestAndAck(store, runId, {
    limit,
    afterAppend: (appended) => {
      if (appended % 5 !== 0) return;
      writeKv(store.db, `cursor-${runId}`, String(appended));
    },
  });
  await store.close();
  process.stdout.write(`closed ${store.mode}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `crashChild failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
