import type { RecordedEvent } from '../model/events';
import { encodeJournalBatch } from './journal';

interface Pending {
  event: RecordedEvent;
  json: string;
  /** The buffer holding the journal line once the event is applied, and where in it the line is. */
  chunk: Buffer | undefined;
  start: number;
  end: number;
  /** Where the line will sit in the event log (owner only), reserved when applied. */
  offset: number;
}

/** Events applied since the last call: their rows go into the database now. */
export interface AppliedBatch {
  events: RecordedEvent[];
  jsons: string[];
}

/**
 * Redacted events that are not durable yet, oldest first. The first `applied` of them have rows in
 * the database and encoded journal lines; writing appends exactly those lines, in order, so a
 * log offset reserved when an event was applied is where its line lands.
 */
export class PendingEvents {
  private items: Pending[] = [];
  private chars = 0;
  private appliedCount = 0;
  /** The encoded lines of items[0..applied), in order, one buffer per apply. */
  private chunks: { bytes: Buffer; count: number }[] = [];

  get length(): number {
    return this.items.length;
  }

  get applied(): number {
    return this.appliedCount;
  }

  /** UTF-16 length of the queued JSON, for the queue's memory bound. */
  get queuedChars(): number {
    return this.chars;
  }

  push(event: RecordedEvent, json: string): void {
    this.items.push({ event, json, chunk: undefined, start: 0, end: 0, offset: -1 });
    this.chars += json.length;
  }

  /** Encodes the unapplied events' lines and marks them applied; reserve (when given) places each line in the log. */
  applyRest(reserve?: (length: number) => number): AppliedBatch | undefined {
    if (this.appliedCount >= this.items.length) return undefined;
    const batch = this.items.slice(this.appliedCount);
    const jsons = batch.map((item) => item.json);
    const { bytes, ends } = encodeJournalBatch(jsons);
    let start = 0;
    batch.forEach((item, index) => {
      item.chunk = bytes;
      item.start = start;
      item.end = start = ends[index] as number;
      if (reserve) item.offset = reserve(item.end - item.start);
    });
    this.chunks.push({ bytes, count: batch.length });
    this.appliedCount = this.items.length;
    return { events: batch.map((item) => item.event), jsons };
  }

  /** The bytes to append for every applied event, as encoded (copied only if applied in parts). */
  appliedBytes(): Buffer {
    const buffers = this.chunks.map((chunk) => chunk.bytes);
    return buffers.length === 1 ? (buffers[0] as Buffer) : Buffer.concat(buffers);
  }

  /** The line reserved at offset, for a query that reads an event not written yet. */
  lineAt(offset: number): string | undefined {
    // items[0..applied) were reserved in order, so their offsets ascend.
    let low = 0;
    let high = this.appliedCount - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = this.items[middle] as Pending;
      if (item.offset === offset) return item.chunk?.toString('utf8', item.start, item.end);
      if (item.offset < offset) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** Reserves the applied events' lines again (in a new log); returns each event's id and new offset. */
  reserveAppliedAgain(reserve: (length: number) => number): { id: string; offset: number }[] {
    return this.items.slice(0, this.appliedCount).map((item) => {
      item.offset = reserve(item.end - item.start);
      return { id: item.event.id, offset: item.offset };
    });
  }

  /** Drops the first count events: they are durable now (or deleted). */
  forget(count: number): void {
    for (const item of this.items.splice(0, count)) this.chars -= item.json.length;
    let dropped = 0;
    while (this.chunks.length > 0 && dropped + (this.chunks[0]?.count ?? 0) <= count)
      dropped += this.chunks.shift()?.count ?? 0;
    this.appliedCount = Math.max(0, this.appliedCount - count);
  }
}
