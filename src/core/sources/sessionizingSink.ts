import type { TranscriptEvent } from '../model/events';
import type { SessionRepository } from '../sessions/sessionRepository';
import { SessionTracker } from '../sessions/sessionTracker';
import type { EventStore } from '../store/eventStore';
import type { TranscriptSink } from './tailer';

/** Events queued in the store before the import waits for it to catch up (its queue is bounded). */
const FLUSH_EVERY_EVENTS = 5000;

/**
 * The one-off import's sink, for the editor's Import command and `skillwright import` alike. It
 * does not go through the live recorder (capture may be paused, and years of old sessions do not
 * belong in its in-memory tracker): each event gets its session from a SessionTracker of its own,
 * the same rules as live (a transcript's session id defines the session, its first prompt the
 * task), and the sessions are written to the repository so the Sessions view lists them.
 */
export class SessionizingSink implements TranscriptSink {
  private readonly tracker = new SessionTracker({ maxSessions: 200 });
  private queued = 0;

  constructor(
    private readonly store: EventStore,
    private readonly sessions: SessionRepository,
  ) {}

  async append(events: TranscriptEvent[]): Promise<void> {
    const ordered = [...events].sort((a, b) => a.ts - b.ts);
    for (const event of ordered) event.sessionHint = this.tracker.assign(event);
    this.store.append(ordered);
    this.queued += ordered.length;
    if (this.queued >= FLUSH_EVERY_EVENTS) await this.finish();
  }

  /** Writes changed sessions and waits until every event so far is durable. */
  async finish(): Promise<void> {
    this.queued = 0;
    this.sessions.upsertMany(this.tracker.takeChanged());
    await this.store.flush();
  }
}
