/**
 * One "window" recording into a shared store: opens the store at dbPath, appends `count` events
 * named `<tag>-<n>` in small batches with flushes, prints `mode <primary|guest>` and `ack <ids>` for
 * each flushed batch, then closes the store (as a window does when it is closed) and exits.
 * Usage: windowRecorder <dbPath> <tag> <count> <wasmPath>
 */
import { openEventStore } from '../../../src/core/store/openEventStore';
import { terminalEvent } from '../store/sampleEvents';

async function main(): Promise<void> {
  const [dbPath, tag, countText, wasmPath] = process.argv.slice(2);
  if (!dbPath || !tag || !countText) throw new Error('usage: windowRecorder <dbPath> <tag> <count> <wasmPath>');
  const store = await openEventStore({
    dbPath,
    wasmPath,
    flushIntervalMs: 2,
    checkpointIdleMs: 20,
    checkpointJournalBytes: 8 * 1024,
  });
  process.stdout.write(`mode ${store.mode}\n`);
  const count = Number(countText);
  for (let next = 0; next < count;) {
    const ids: string[] = [];
    for (let i = 0; i < 5 && next < count; i++) ids.push(`${tag}-${next++}`);
    store.append(ids.map((id) => terminalEvent(id, Date.now(), `window ${tag} output ${id}`, `session-${tag}`)));
    await store.flush();
    process.stdout.write(`ack ${ids.join(' ')}\n`);
    if (next % 25 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `windowRecorder failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
