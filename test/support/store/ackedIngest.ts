import type { EventStore } from '../../../src/core/store/eventStore';
import { terminalEvent } from './sampleEvents';

/**
 * The crash children's work loop: appends batches of 1–7 terminal events with ids `<runId>-<n>`
 * and prints `ack <id> <id> ...` once each batch's flush() resolved, so the parent knows exactly
 * which events must survive a kill. Stops after `limit` events (never, by default).
 * `afterAppend` runs between a batch's append and its flush, with the events appended so far.
 */
export async function ingestAndAck(
  store: EventStore,
  runId: string,
  options: { limit?: number; afterAppend?: (appended: number) => void } = {},
): Promise<void> {
  const limit = options.limit ?? Infinity;
  let next = 0;
  while (next < limit) {
    const size = 1 + (next % 7);
    const ids: string[] = [];
    const events = [];
    for (let i = 0; i < size; i++) {
      const id = `${runId}-${next++}`;
      ids.push(id);
      events.push(terminalEvent(id, Date.now(), `output ${id} `.repeat(1 + (next % 40)), `session-${runId}`));
    }
    store.append(events);
    options.afterAppend?.(next);
    await store.flush();
    process.stdout.write(`ack ${ids.join(' ')}\n`);
  }
}
