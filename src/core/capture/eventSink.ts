import type { RecordedEvent } from '../model/events';

/** Where the recorder puts finished events; the event store implements it (batched, redacting). */
export interface EventSink {
  append(events: RecordedEvent[]): void;
}

/** Ids are unique per process run and stable once written, which is all the journal needs. */
export function createEventIdFactory(prefix: string = randomPrefix()): () => string {
  let counter = 0;
  return () => `${prefix}-${(counter++).toString(36)}`;
}

function randomPrefix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 0xffffff).toString(36)}`;
}
