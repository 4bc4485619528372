import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { describe, it } from 'node:test';
import {
  DatabaseCorruptError,
  DatabaseTooNewError,
  openSqlJsDatabase,
  resolveWasmPath,
} from '../../../src/core/store/sqlJsDatabase';
import { SCHEMA_VERSION } from '../../../src/core/store/schema';

describe('openSqlJsDatabase', () => {
  it('creates a fresh database with every migration applied', async () => {
    const db = await openSqlJsDatabase();
    assert.equal(db.userVersion, SCHEMA_VERSION);
    const tables = db
      .all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .map((row) => row.name);
    assert.ok(tables.includes('events') && tables.includes('candidates') && tables.includes('kv'));
    db.close();
  });

  it('round-trips rows through export() and reopening the bytes', async () => {
    const db = await openSqlJsDatabase();
    db.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['cursor', '42']);
    db.run("INSERT INTO kv (key, value) VALUES ('plain', 'x')");
    const bytes = db.export();
    // Statements cached before export must still work after it (sql.js frees them on export).
    assert.equal(db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', ['cursor'])?.value, '42');
    db.close();
    const reopened = await openSqlJsDatabase({ bytes });
    assert.deepEqual(reopened.all('SELECT key, value FROM kv ORDER BY key'), [
      { key: 'cursor', value: '42' },
      { key: 'plain', value: 'x' },
    ]);
    reopened.close();
  });

  it('rolls back a failed transaction, including a nested one, and keeps the outer work', async () => {
    const db = await openSqlJsDatabase();
    assert.throws(() =>
      db.transaction(() => {
        db.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['a', '1']);
        throw new Error('boom');
      }),
    );
    db.transaction(() => {
      db.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['b', '1']);
      assert.throws(() =>
        db.transaction(() => {
          db.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['c', '1']);
          throw new Error('inner');
        }),
      );
    });
    assert.deepEqual(db.all('SELECT key FROM kv ORDER BY key'), [{ key: 'b' }]);
    db.close();
  });

  it('refuses a database from a newer schema with a typed error', async () => {
    const db = await openSqlJsDatabase();
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    const bytes = db.export();
    db.close();
    await assert.rejects(openSqlJsDatabase({ bytes }), (error: unknown) => {
      assert.ok(error instanceof DatabaseTooNewError);
      assert.equal(error.databaseVersion, SCHEMA_VERSION + 1);
      return true;
    });
  });

  it('reports random bytes and a truncated file as corrupt', async () => {
    const random = new Uint8Array(8192).map((_, i) => (i * 7919) % 251);
    await assert.rejects(openSqlJsDatabase({ bytes: random }), DatabaseCorruptError);
    const db = await openSqlJsDatabase();
    for (let i = 0; i < 2000; i++) db.run('INSERT INTO kv (key, value) VALUES (?, ?)', [`k${i}`, 'v'.repeat(100)]);
    const bytes = db.export();
    db.close();
    await assert.rejects(
      openSqlJsDatabase({ bytes: bytes.slice(0, Math.floor(bytes.length / 2)) }),
      DatabaseCorruptError,
    );
  });

  it('loads the wasm from an explicit path and finds it on its own', async () => {
    const path = resolveWasmPath();
    assert.ok(path.endsWith('sql-wasm.wasm'));
    const db = await openSqlJsDatabase({ wasmPath: join(dirname(require.resolve('sql.js')), 'sql-wasm.wasm') });
    assert.equal(db.get<{ one: number }>('SELECT 1 AS one')?.one, 1);
    db.close();
  });
});
