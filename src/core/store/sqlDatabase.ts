import type { Redacted } from '../redaction/gate';

/**
 * The narrow SQL surface the rest of core uses. The sql.js-backed store implements it; domain
 * modules (candidates, gaps, governance, sources) own their queries but never import sql.js.
 */
export type SqlValue = string | number | null | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

/**
 * What a domain module may write: text and bytes only as they come out of the redaction gate
 * (src/core/redaction/gate.ts), so no table can be given a secret by a writer that forgot.
 */
export type StoredValue = Redacted<string> | number | null | Redacted<Uint8Array>;

interface SqlQueries {
  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): T[];
  get<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): T | undefined;
  /** Runs fn inside BEGIN/COMMIT, rolling back if it throws. */
  transaction<T>(fn: () => T): T;
}

/**
 * Writes made through run() outside the event journal are durable only after a checkpoint; the
 * store schedules one by itself whenever run() changes a row, so a writer has nothing to remember.
 */
export interface SqlDatabase extends SqlQueries {
  run(sql: string, params?: readonly StoredValue[]): void;
}

/**
 * The store's own view, for rows whose text is already redacted (events, which append() redacts
 * before they are logged) or holds none (offsets, bookkeeping). Only src/core/store uses it.
 */
export interface RawSqlDatabase extends SqlQueries {
  run(sql: string, params?: readonly SqlValue[]): void;
}
