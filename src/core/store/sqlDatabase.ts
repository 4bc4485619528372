/**
 * The narrow SQL surface the rest of core uses. The sql.js-backed store implements it; domain
 * modules (candidates, gaps, governance, sources) own their queries but never import sql.js.
 */
export type SqlValue = string | number | null | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

export interface SqlDatabase {
  run(sql: string, params?: readonly SqlValue[]): void;
  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): T[];
  get<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): T | undefined;
  /** Runs fn inside BEGIN/COMMIT, rolling back if it throws. */
  transaction<T>(fn: () => T): T;
  /**
   * Writes made through run() outside the event journal are durable only after a checkpoint.
   * Call this after a write the user would miss (a rejection, an acceptance, a cursor).
   */
  markDirty(): void;
}
