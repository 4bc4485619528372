import type { RecordedEvent, RecordedEventType } from '../model/events';
import type { SqlDatabase, SqlValue } from './sqlDatabase';

/** Which events a query wants. Every field narrows; none means all events. */
export interface EventQuery {
  sessionId?: string;
  /** Inclusive lower bound on ts (epoch ms). */
  since?: number;
  /** Exclusive upper bound on ts (epoch ms). */
  until?: number;
  types?: readonly RecordedEventType[];
  workspaceFolder?: string;
  /** Newest first instead of oldest first. */
  newestFirst?: boolean;
  limit?: number;
  offset?: number;
}

// The payload is bound as UTF-8 bytes and cast back to TEXT: Buffer encodes natively, while a
// bound JS string goes through sql.js's character-by-character encoder (the ingest hot spot).
const INSERT_EVENT = `INSERT OR IGNORE INTO events (id, ts, type, session_id, workspace, actor, payload) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT))`;

/**
 * Inserts events, skipping ids already stored (a journal replayed over its own checkpoint).
 * payloads, when given, are the events' JSON already made for the journal (saves a stringify).
 */
export function insertEvents(db: SqlDatabase, events: readonly RecordedEvent[], payloads?: readonly string[]): void {
  if (events.length === 0) return;
  db.transaction(() => {
    for (let index = 0; index < events.length; index++) {
      const event = events[index] as RecordedEvent;
      db.run(INSERT_EVENT, [
        event.id,
        Math.trunc(event.ts),
        event.type,
        event.sessionHint ?? null,
        event.workspaceFolder ?? null,
        event.attribution?.actor ?? 'unknown',
        Buffer.from(payloads?.[index] ?? JSON.stringify(event), 'utf8'),
      ]);
    }
  });
}

export function queryEvents(db: SqlDatabase, query: EventQuery = {}): RecordedEvent[] {
  const { where, params } = whereClause(query);
  const order = query.newestFirst ? 'DESC' : 'ASC';
  let sql = `SELECT payload FROM events${where} ORDER BY ts ${order}, seq ${order}`;
  if (query.limit !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(Math.max(0, Math.trunc(query.limit)), Math.max(0, Math.trunc(query.offset ?? 0)));
  }
  return db.all<{ payload: string }>(sql, params).flatMap((row) => parsePayload(row.payload));
}

export function countEvents(db: SqlDatabase, query: EventQuery = {}): number {
  const { where, params } = whereClause(query);
  return Number(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM events${where}`, params)?.n ?? 0);
}

/** Events in storage order, a page at a time, for exports that must not hold everything at once. */
export function eventPage(db: SqlDatabase, afterSeq: number, pageSize: number): { seq: number; payload: string }[] {
  return db.all<{ seq: number; payload: string }>('SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, pageSize]);
}

function whereClause(query: EventQuery): { where: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (query.sessionId !== undefined) {
    clauses.push('session_id = ?');
    params.push(query.sessionId);
  }
  if (query.since !== undefined) {
    clauses.push('ts >= ?');
    params.push(query.since);
  }
  if (query.until !== undefined) {
    clauses.push('ts < ?');
    params.push(query.until);
  }
  if (query.workspaceFolder !== undefined) {
    clauses.push('workspace = ?');
    params.push(query.workspaceFolder);
  }
  if (query.types && query.types.length > 0) {
    clauses.push(`type IN (${query.types.map(() => '?').join(', ')})`);
    params.push(...query.types);
  }
  return { where: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

function parsePayload(payload: string): RecordedEvent[] {
  try {
    return [JSON.parse(payload) as RecordedEvent];
  } catch {
    return []; // A row no one can read is skipped rather than failing the whole list.
  }
}
