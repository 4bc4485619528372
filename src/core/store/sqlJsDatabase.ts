import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BindParams, Database, SqlJsStatic, Statement } from 'sql.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';
import type { RawSqlDatabase, SqlRow, SqlValue } from './sqlDatabase';
import { errorMessage } from '../util/errorMessage';

/** The database was written by a newer Skillwright; opening it would risk losing its data. */
export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `database schema version ${databaseVersion} is newer than this Skillwright understands (${knownVersion}); ` +
        `update the extension`,
    );
  }
}

/** The bytes are not a readable SQLite database (random bytes, truncated file, failed integrity check). */
export class DatabaseCorruptError extends Error {
  override readonly name = 'DatabaseCorruptError';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

export interface OpenSqlJsOptions {
  /** An existing database image; omitted means a fresh, empty database. */
  bytes?: Uint8Array;
  /** Where sql-wasm.wasm lives; omitted means next to the bundle or in node_modules/sql.js. */
  wasmPath?: string;
  /** Run PRAGMA quick_check on loaded bytes so a truncated file is caught now, not mid-query. */
  verify?: boolean;
}

export interface SqlJsDatabase extends RawSqlDatabase {
  readonly userVersion: number;
  /** The whole database image, for a checkpoint. Must not be called inside a transaction. */
  export(): Uint8Array;
  close(): void;
  /**
   * Called after a run() that changed rows (inside a transaction, once it commits); the event
   * store sets it to schedule a checkpoint.
   */
  onDirty: (() => void) | undefined;
}

let sqlModule: Promise<SqlJsStatic> | undefined;

/** Opens (and migrates) a sql.js database. The only place in the codebase that touches sql.js. */
export async function openSqlJsDatabase(options: OpenSqlJsOptions = {}): Promise<SqlJsDatabase> {
  const SQL = await loadSqlJs(options.wasmPath);
  let raw: Database;
  try {
    raw = new SQL.Database(options.bytes && options.bytes.length > 0 ? options.bytes : undefined);
  } catch (error) {
    throw new DatabaseCorruptError(`cannot load database: ${errorMessage(error)}`, error);
  }
  const db = new SqlJsDatabaseImpl(raw);
  try {
    if (options.bytes && options.bytes.length > 0 && options.verify !== false) db.verify();
    // The database file lives in sql.js's memory and is made durable by the event log and whole
    // checkpoints, so SQLite's own rollback journal need not be a (memory-backed) file too.
    raw.exec('PRAGMA journal_mode = MEMORY');
    db.migrate();
  } catch (error) {
    db.close();
    if (error instanceof DatabaseTooNewError || error instanceof DatabaseCorruptError) throw error;
    throw new DatabaseCorruptError(`cannot read database: ${errorMessage(error)}`, error);
  }
  return db;
}

function loadSqlJs(wasmPath: string | undefined): Promise<SqlJsStatic> {
  if (!sqlModule) {
    sqlModule = (async () => {
      // Imported lazily so that activating the extension does not pay for the wasm module.
      const init = (await import('sql.js')).default;
      const wasmBinary = await readFile(wasmPath ?? resolveWasmPath());
      return init({
        wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength),
      });
    })();
    // A failed load (missing wasm) must not poison every later attempt.
    sqlModule.catch(() => (sqlModule = undefined));
  }
  return sqlModule;
}

/** dist/sql-wasm.wasm beside the bundle (esbuild.config.mjs copies it), else the sql.js package. */
export function resolveWasmPath(): string {
  const besideBundle = join(__dirname, 'sql-wasm.wasm');
  if (existsSync(besideBundle)) return besideBundle;
  // A variable keeps esbuild from trying to bundle-resolve the package at build time.
  const packageName = 'sql.js';
  try {
    return join(dirname(require.resolve(packageName)), 'sql-wasm.wasm');
  } catch {
    throw new Error(`sql-wasm.wasm not found beside ${__dirname} nor in node_modules/sql.js`);
  }
}

const STATEMENT_CACHE_LIMIT = 64;

class SqlJsDatabaseImpl implements SqlJsDatabase {
  onDirty: (() => void) | undefined;
  private depth = 0;
  /** A run() inside the open transaction changed rows; reported once the outermost one commits. */
  private changedInTransaction = false;
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly raw: Database) {}

  get userVersion(): number {
    return Number(this.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0);
  }

  verify(): void {
    const result = this.raw.exec('PRAGMA quick_check(1)')[0]?.values[0]?.[0];
    if (result !== 'ok') throw new DatabaseCorruptError(`database failed its integrity check: ${String(result)}`);
  }

  migrate(): void {
    const version = this.userVersion;
    if (version > SCHEMA_VERSION) throw new DatabaseTooNewError(version, SCHEMA_VERSION);
    for (let next = version; next < SCHEMA_VERSION; next++) {
      this.transaction(() => {
        this.raw.exec(MIGRATIONS[next] ?? '');
        this.raw.exec(`PRAGMA user_version = ${next + 1}`);
      });
    }
  }

  run(sql: string, params?: readonly SqlValue[]): void {
    if (!params || params.length === 0) this.raw.exec(sql);
    else {
      const statement = this.prepare(sql);
      try {
        statement.run(params as BindParams);
      } finally {
        statement.reset();
      }
    }
    // sqlite3_changes(): rows the statement inserted, updated or deleted. After a statement of
    // another kind (VACUUM, a pragma) it still holds the last count, which errs towards a checkpoint.
    if (this.raw.getRowsModified() > 0) this.changed();
  }

  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): T[] {
    const statement = this.prepare(sql);
    const rows: T[] = [];
    try {
      if (params && params.length > 0) statement.bind(params as BindParams);
      while (statement.step()) rows.push(statement.getAsObject() as T);
    } finally {
      statement.reset();
    }
    return rows;
  }

  get<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): T | undefined {
    const statement = this.prepare(sql);
    try {
      if (params && params.length > 0) statement.bind(params as BindParams);
      return statement.step() ? (statement.getAsObject() as T) : undefined;
    } finally {
      statement.reset();
    }
  }

  transaction<T>(fn: () => T): T {
    // Nested calls become savepoints so that a helper using transaction() composes with a caller's.
    const savepoint = `sp${this.depth}`;
    this.raw.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    try {
      const result = fn();
      this.depth--;
      this.raw.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      if (this.depth === 0 && this.changedInTransaction) {
        this.changedInTransaction = false;
        this.onDirty?.();
      }
      return result;
    } catch (error) {
      this.depth--;
      // A rolled-back savepoint may leave earlier changes of the outer transaction, so only the outermost forgets.
      if (this.depth === 0) this.changedInTransaction = false;
      try {
        this.raw.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      } catch {
        // SQLite already rolled back on its own (e.g. SQLITE_FULL); the original error is the news.
      }
      throw error;
    }
  }

  private changed(): void {
    if (this.depth > 0) this.changedInTransaction = true;
    else this.onDirty?.();
  }

  export(): Uint8Array {
    if (this.depth > 0) throw new Error('cannot export a database inside a transaction');
    // sql.js frees every prepared statement when it exports, so the cache must forget them.
    this.clearStatements();
    return this.raw.export();
  }

  close(): void {
    this.clearStatements();
    this.raw.close();
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) {
        const [oldestSql, oldest] = this.statements.entries().next().value as [string, Statement];
        oldest.free();
        this.statements.delete(oldestSql);
      }
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private clearStatements(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
  }
}
