/**
 * Sessions in the `sessions` table: queried columns plus the whole SessionRecord as JSON payload.
 * A user's rating and exclusion are theirs: an upsert from the recorder never clears them.
 */
import type { Actor } from '../model/agents';
import type { Outcome } from '../model/trajectory';
import type { SqlDatabase } from '../store/sqlDatabase';
import type { SessionRecord } from './sessionRecord';
import { redactedJson, redactedText } from '../redaction/gate';

export interface ListSessionsFilter {
  actor?: Actor;
  workspaceFolder?: string;
  /** @default false */
  includeExcluded?: boolean;
}

type SessionRow = { payload: string } & Record<string, string | number | null | Uint8Array>;

export class SessionRepository {
  /** Rows whose payload failed to parse, skipped rather than thrown. */
  skippedRows = 0;

  constructor(private readonly db: SqlDatabase) {}

  upsert(session: SessionRecord): void {
    const existing = this.get(session.id);
    // The task is the agent's first prompt, taken before the event store redacts: write() redacts it.
    const merged: SessionRecord = { ...session };
    if (existing) {
      if (merged.rating === undefined && existing.rating !== undefined) merged.rating = existing.rating;
      if (existing.excluded) merged.excluded = true;
      // A tracker that re-opened the session after a restart did not see its first prompt.
      if (merged.task === undefined && existing.task !== undefined) merged.task = existing.task;
      merged.startedAt = Math.min(existing.startedAt, merged.startedAt);
      merged.endedAt = Math.max(existing.endedAt, merged.endedAt);
      // A tracker that evicted and re-opened a session knows only the new events: keep both.
      merged.eventIds = [...new Set([...existing.eventIds, ...merged.eventIds])];
    }
    merged.outcome = outcomeWithRating(merged);
    this.write(merged);
  }

  upsertMany(sessions: readonly SessionRecord[]): void {
    if (sessions.length === 0) return;
    this.db.transaction(() => {
      for (const session of sessions) this.upsert(session);
    });
  }

  get(id: string): SessionRecord | undefined {
    const row = this.db.get<SessionRow>('SELECT payload FROM sessions WHERE id = ?', [id]);
    return row ? this.parse(row.payload) : undefined;
  }

  /** Most recent first, by start time. */
  listRecent(limit: number, filter: ListSessionsFilter = {}): SessionRecord[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (!filter.includeExcluded) where.push('excluded = 0');
    if (filter.actor) {
      where.push('actor = ?');
      params.push(filter.actor);
    }
    if (filter.workspaceFolder !== undefined) {
      where.push('workspace = ?');
      params.push(filter.workspaceFolder);
    }
    const sql =
      `SELECT payload FROM sessions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ` +
      `started_at DESC, id LIMIT ?`;
    params.push(Math.max(0, Math.floor(limit)));
    return this.db
      .all<SessionRow>(sql, params)
      .map((row) => this.parse(row.payload))
      .filter((session): session is SessionRecord => session !== undefined);
  }

  /** Sets or clears (undefined) the user's rating; the outcome follows it. Returns false if unknown. */
  setRating(id: string, rating: 'up' | 'down' | undefined): boolean {
    const session = this.get(id);
    if (!session) return false;
    if (rating === undefined) delete session.rating;
    else session.rating = rating;
    session.labels.signals.rating = rating;
    session.outcome = outcomeWithRating(session);
    this.write(session);
    return true;
  }

  setExcluded(id: string, excluded: boolean): boolean {
    const session = this.get(id);
    if (!session) return false;
    session.excluded = excluded;
    this.write(session);
    return true;
  }

  private write(session: SessionRecord): void {
    this.db.run(
      `INSERT INTO sessions (id, actor, workspace, started_at, ended_at, outcome, excluded, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET actor = excluded.actor, workspace = excluded.workspace,
         started_at = excluded.started_at, ended_at = excluded.ended_at, outcome = excluded.outcome,
         excluded = excluded.excluded, payload = excluded.payload`,
      [
        redactedText(session.id),
        redactedText(session.actor),
        session.workspaceFolder === undefined ? null : redactedText(session.workspaceFolder),
        session.startedAt,
        session.endedAt,
        redactedText(session.outcome),
        session.excluded ? 1 : 0,
        redactedJson(session),
      ],
    );
  }

  private parse(payload: string): SessionRecord | undefined {
    try {
      const value = JSON.parse(payload) as SessionRecord;
      if (typeof value.id !== 'string' || !Array.isArray(value.eventIds)) throw new Error('not a session');
      value.labels ??= {
        signals: { checks: {}, toolErrors: 0, toolResults: 0 },
        computedOutcome: value.outcome ?? 'unknown',
        reasons: [],
        survivalByPath: {},
      };
      return value;
    } catch {
      this.skippedRows++;
      return undefined;
    }
  }
}

function outcomeWithRating(session: SessionRecord): Outcome {
  if (session.rating === 'up') return 'success';
  if (session.rating === 'down') return 'failure';
  return session.labels.computedOutcome;
}
