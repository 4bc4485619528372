import type { RecordedEvent } from '../model/events';
import { SessionRepository } from '../sessions/sessionRepository';
import type { EventQuery } from '../store/eventRows';
import type { SqlDatabase } from '../store/sqlDatabase';

/** Events beyond this many (newest kept) are not fed to one learning run. */
export const MAX_LEARN_EVENTS = 50_000;

/**
 * The recorded events a learning run may use: the newest MAX_LEARN_EVENTS, minus those of sessions
 * the user excluded. The editor and the CLI learn from the same set.
 */
export function learnableEvents(
  store: { db: SqlDatabase; listEvents(query?: EventQuery): RecordedEvent[] },
  limit = MAX_LEARN_EVENTS,
): RecordedEvent[] {
  const excluded = new Set(
    new SessionRepository(store.db)
      .listRecent(10_000, { includeExcluded: true })
      .filter((session) => session.excluded)
      .map((session) => session.id),
  );
  return store
    .listEvents({ newestFirst: true, limit })
    .filter((event) => !event.sessionHint || !excluded.has(event.sessionHint));
}
