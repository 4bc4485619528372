import type { RecordedEvent, RecordedEventType } from '../model/events';
import type { LogRef } from './eventLog';
import { decodeJournalLine } from './journal';
import type { RawSqlDatabase, SqlDatabase, SqlValue } from './sqlDatabase';

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
const INSERT_EVENT =
  `INSERT OR IGNORE INTO events (id, ts, type, session_id, workspace, actor, payload) VALUES ` +
  `(?, ?, ?, ?, ?, ?, CAST(? AS TEXT))`;

// Logged rows go in several to a statement: sql.js pays per statement step as much as per row.
const LOGGED_ROWS_PER_INSERT = 16;
const loggedInsertSql: string[] = [];
function insertLoggedSql(rows: number): string {
  return (loggedInsertSql[rows] ??=
    `INSERT OR IGNORE INTO events (id, ts, type, session_id, workspace, actor, payload, log_offset, log_length) ` +
    `VALUES ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, '', ?, ?)").join(', ')}`);
}

/**
 * Inserts events, skipping ids already stored (a journal replayed over its own checkpoint).
 * With refs, each row points at its event's line in the event log; without, the row keeps the
 * event's JSON itself (payloads, when given, is that JSON already made: it saves a stringify).
 */
export function insertEvents(
  db: RawSqlDatabase,
  events: readonly RecordedEvent[],
  payloads?: readonly string[],
  refs?: readonly LogRef[],
): void {
  if (events.length === 0) return;
  db.transaction(() => {
    if (refs) {
      for (let start = 0; start < events.length; start += LOGGED_ROWS_PER_INSERT) {
        const end = Math.min(events.length, start + LOGGED_ROWS_PER_INSERT);
        const params: SqlValue[] = [];
        for (let index = start; index < end; index++) {
          const event = events[index] as RecordedEvent;
          const ref = refs[index] as LogRef;
          params.push(...indexedColumns(event), ref.offset, ref.length);
        }
        db.run(insertLoggedSql(end - start), params);
      }
      return;
    }
    events.forEach((event, index) => {
      const json = payloads?.[index] ?? JSON.stringify(event);
      db.run(INSERT_EVENT, [...indexedColumns(event), Buffer.from(json, 'utf8')]);
    });
  });
}

/**
 * `id, ts, type, session_id, workspace, actor`, as both INSERTs list them: a logged row and a row
 * with its payload inline must be found by the same queries.
 */
function indexedColumns(event: RecordedEvent): SqlValue[] {
  return [
    event.id,
    Math.trunc(event.ts),
    event.type,
    event.sessionHint ?? null,
    event.workspaceFolder ?? null,
    event.attribution?.actor ?? 'unknown',
  ];
}

/** Reads events' lines from the event log, in the order asked; undefined where one is not there. */
export type ReadLoggedLines = (refs: readonly LogRef[]) => (string | undefined)[];

interface StoredEventRow {
  [column: string]: SqlValue;
  id: string;
  payload: string;
  log_offset: number | null;
  log_length: number | null;
}

const EVENT_COLUMNS = 'id, payload, log_offset, log_length';

export function queryEvents(db: SqlDatabase, readLogged: ReadLoggedLines, query: EventQuery = {}): RecordedEvent[] {
  const { where, params } = whereClause(query);
  const order = query.newestFirst ? 'DESC' : 'ASC';
  let sql = `SELECT ${EVENT_COLUMNS} FROM events${where} ORDER BY ts ${order}, seq ${order}`;
  if (query.limit !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(Math.max(0, Math.trunc(query.limit)), Math.max(0, Math.trunc(query.offset ?? 0)));
  }
  return decodeRows(db.all<StoredEventRow>(sql, params), readLogged);
}

export function countEvents(db: SqlDatabase, query: EventQuery = {}): number {
  const { where, params } = whereClause(query);
  return Number(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM events${where}`, params)?.n ?? 0);
}

/** Events in storage order, a page at a time, for exports that must not hold everything at once. */
export function eventPage(
  db: SqlDatabase,
  readLogged: ReadLoggedLines,
  afterSeq: number,
  pageSize: number,
): { lastSeq: number; events: RecordedEvent[] } {
  const rows = db.all<StoredEventRow & { seq: number }>(
    `SELECT seq, ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    [afterSeq, pageSize],
  );
  return { lastSeq: Number(rows[rows.length - 1]?.seq ?? afterSeq), events: decodeRows(rows, readLogged) };
}

/** Every row's log ref, in log order: what a rewrite of the log must carry over. */
export function loggedRefs(db: SqlDatabase): (LogRef & { seq: number })[] {
  return db.all<{ seq: number; offset: number; length: number }>(
    'SELECT seq, log_offset AS offset, log_length AS length FROM events WHERE log_offset IS NOT NULL ORDER BY ' +
      'log_offset',
  );
}

function whereClause(query: EventQuery): { where: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const comparisons: ReadonlyArray<readonly [string, string | number | undefined]> = [
    ['session_id = ?', query.sessionId],
    ['ts >= ?', query.since],
    ['ts < ?', query.until],
    ['workspace = ?', query.workspaceFolder],
  ];
  for (const [clause, value] of comparisons) {
    if (value === undefined) continue;
    clauses.push(clause);
    params.push(value);
  }
  if (query.types && query.types.length > 0) {
    clauses.push(`type IN (${query.types.map(() => '?').join(', ')})`);
    params.push(...query.types);
  }
  return { where: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * A logged row is trusted only if its line checks out and names the same event: a log that was
 * cut short or replaced by hand must not serve another event's data under this row.
 */
function decodeRows(rows: readonly StoredEventRow[], readLogged: ReadLoggedLines): RecordedEvent[] {
  const isLogged = (row: StoredEventRow): boolean => row.log_offset !== null && row.log_length !== null;
  const logged = rows.filter(isLogged);
  const lines =
    logged.length > 0
      ? readLogged(logged.map((row) => ({ offset: Number(row.log_offset), length: Number(row.log_length) })))
      : [];
  let next = 0;
  return rows.flatMap((row) => {
    if (!isLogged(row)) return parsePayload(row.payload);
    const line = lines[next++];
    const event = line === undefined ? undefined : decodeJournalLine(line);
    return event && event.id === row.id ? [event] : [];
  });
}

function parsePayload(payload: string): RecordedEvent[] {
  try {
    return [JSON.parse(payload) as RecordedEvent];
  } catch {
    return []; // A row no one can read is skipped rather than failing the whole list.
  }
}
