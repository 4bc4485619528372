/**
 * A recorder that ingests events until it is SIGKILLed. Prints `ready`, then `ack <id> ...` for every
 * batch whose flush() resolved (those must survive any kill that follows).
 *
 * Usage: crashRecorder <dbPath> <runId> <wasmPath> <mode> <seed>
 *   mode `timer`:      the parent kills it at a random moment.
 *   mode `journal`:    it SIGKILLs itself while a journal append is in flight.
 *   mode `checkpoint`: it SIGKILLs itself while a checkpoint is being written.
 * In the two self-kill modes the kill is scheduled from the store's beforeWrite hook, 0–3 ms (or
 * one I/O turn) after the write starts, so it lands inside the open/write/fsync/rename sequence.
 * stdout is a pipe, which Node writes synchronously on POSIX, so every printed ack reaches the parent.
 */
import { openEventStore } from '../../../src/core/store/openEventStore';
import { ingestAndAck } from '../store/ackedIngest';
import { seededRandom } from './random';

async function main(): Promise<void> {
  const [dbPath, runId, wasmPath, mode = 'timer', seedText = '1'] = process.argv.slice(2);
  if (!dbPath || !runId) throw new Error('usage: crashRecorder <dbPath> <runId> <wasmPath> <mode> <seed>');
  const random = seededRandom(Number(seedText));
  const killOnWrite = mode === 'journal' || mode === 'checkpoint' ? mode : undefined;
  // Which write of that kind dies: not always the first, so the store has history behind it.
  let writesLeft = 1 + Math.floor(random() * (killOnWrite === 'checkpoint' ? 3 : 12));
  let killing = false;
  const store = await openEventStore({
    dbPath,
    wasmPath,
    flushIntervalMs: 1,
    flushBatchSize: 4,
    checkpointIdleMs: 15,
    checkpointJournalBytes: 4 * 1024,
    beforeWrite: (target) => {
      if (target !== killOnWrite || killing || --writesLeft > 0) return;
      killing = true;
      process.stdout.write(`killing ${target}\n`);
      const delay = Math.floor(random() * 4);
      const die = (): void => void process.kill(process.pid, 'SIGKILL');
      if (delay === 0) setImmediate(die);
      else setTimeout(die, delay - 1);
    },
  });
  process.stdout.write(`ready ${store.mode} ${store.countEvents()}\n`);
  await ingestAndAck(store, runId);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `crashRecorder failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
