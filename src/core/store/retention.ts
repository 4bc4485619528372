import type { SqlDatabase } from './sqlDatabase';

export interface RetentionPolicy {
  /** Events (and sessions) older than this many days are deleted. 0 or undefined keeps all. */
  maxAgeDays?: number;
  /** The oldest events are deleted until the database and its event log are about this size. 0 or undefined: no cap. */
  maxBytes?: number;
}

export interface RetentionResult {
  deletedEvents: number;
  deletedSessions: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Applies the policy to the events and sessions tables and compacts the file if anything went. */
export function applyRetentionToDb(db: SqlDatabase, policy: RetentionPolicy, now: number): RetentionResult {
  let deletedEvents = 0;
  let deletedSessions = 0;
  if (policy.maxAgeDays && policy.maxAgeDays > 0) {
    const cutoff = now - policy.maxAgeDays * DAY_MS;
    deletedEvents += count(db, 'SELECT COUNT(*) AS n FROM events WHERE ts < ?', cutoff);
    deletedSessions += count(db, 'SELECT COUNT(*) AS n FROM sessions WHERE ended_at < ?', cutoff);
    db.transaction(() => {
      db.run('DELETE FROM events WHERE ts < ?', [cutoff]);
      db.run('DELETE FROM sessions WHERE ended_at < ?', [cutoff]);
    });
  }
  if (deletedEvents + deletedSessions > 0) db.run('VACUUM');
  // Rows share pages unevenly, so one estimate can undershoot; re-measure after compacting.
  for (let round = 0; round < 4 && policy.maxBytes && policy.maxBytes > 0; round++) {
    const deleted = trimToSize(db, policy.maxBytes);
    if (deleted === 0) break;
    deletedEvents += deleted;
    db.run('VACUUM');
  }
  return { deletedEvents, deletedSessions };
}

// An event's size is its log line, or its JSON for rows that keep it inline.
const EVENT_BYTES = 'COALESCE(log_length, LENGTH(payload))';

/**
 * The store's size is the database's pages plus the log lines rows point at (the log is rewritten
 * without the others after retention), so the excess is converted into event bytes with the
 * store's own event-to-total ratio, and that many bytes of the oldest events are deleted.
 */
function trimToSize(db: SqlDatabase, maxBytes: number): number {
  const storeBytes = databaseBytes(db) + count(db, 'SELECT COALESCE(SUM(log_length), 0) AS n FROM events');
  if (storeBytes <= maxBytes) return 0;
  const payloadBytes = count(db, `SELECT COALESCE(SUM(${EVENT_BYTES}), 0) AS n FROM events`);
  if (payloadBytes === 0) return 0;
  const excessPayload = Math.ceil(((storeBytes - maxBytes) * payloadBytes) / storeBytes);
  let removed = 0;
  let cutoffSeq = -1;
  let deleted = 0;
  for (const row of db.all<{ seq: number; size: number }>(
    `SELECT seq, ${EVENT_BYTES} AS size FROM events ORDER BY ts, seq`,
  )) {
    if (removed >= excessPayload) break;
    removed += Number(row.size);
    cutoffSeq = Number(row.seq);
    deleted++;
  }
  if (cutoffSeq < 0) return 0;
  const oldestKept = db.get<{ ts: number }>('SELECT ts FROM events WHERE seq = ?', [cutoffSeq])?.ts ?? 0;
  db.transaction(() => {
    db.run('DELETE FROM events WHERE ts < ? OR (ts = ? AND seq <= ?)', [oldestKept, oldestKept, cutoffSeq]);
  });
  return deleted;
}

export function databaseBytes(db: SqlDatabase): number {
  const pages = count(db, 'SELECT page_count AS n FROM pragma_page_count()');
  const freePages = count(db, 'SELECT freelist_count AS n FROM pragma_freelist_count()');
  const pageSize = count(db, 'SELECT page_size AS n FROM pragma_page_size()');
  return (pages - freePages) * pageSize;
}

function count(db: SqlDatabase, sql: string, ...params: number[]): number {
  return Number(db.get<{ n: number }>(sql, params)?.n ?? 0);
}
