import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { redactedText } from '../../../src/core/redaction/gate';
import { terminalEvent } from '../../support/store/sampleEvents';
import { openQuietStore, tempStoreDir } from '../../support/store/tempStore';

const INSERT_KV = 'INSERT INTO kv (key, value) VALUES (?, ?)';
const settle = (ms = 150): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, ms));

async function kvValueOnDisk(dbPath: string, key: string): Promise<string | undefined> {
  const db = await openSqlJsDatabase({ bytes: readFileSync(dbPath) });
  try {
    return db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', [key])?.value;
  } finally {
    db.close();
  }
}

describe('sql.js database write tracking', () => {
  it('reports a run() that changed rows, and not one that changed none or a read', async () => {
    const db = await openSqlJsDatabase();
    let reports = 0;
    db.onDirty = () => reports++;
    db.run(INSERT_KV, ['a', '1']);
    assert.equal(reports, 1);
    db.run('UPDATE kv SET value = ? WHERE key = ?', ['2', 'missing']);
    db.get('SELECT value FROM kv WHERE key = ?', ['a']);
    db.all('SELECT * FROM kv');
    assert.equal(reports, 1, 'a write that matched nothing and reads are not changes');
    db.run("DELETE FROM kv WHERE key = 'a'");
    assert.equal(reports, 2, 'a statement without parameters counts too');
    db.close();
  });

  it('reports a transaction once when it commits, and not at all when it rolls back', async () => {
    const db = await openSqlJsDatabase();
    let reports = 0;
    db.onDirty = () => reports++;
    db.transaction(() => {
      db.run(INSERT_KV, ['a', '1']);
      db.transaction(() => db.run(INSERT_KV, ['b', '1']));
      assert.equal(reports, 0, 'nothing is reported before the commit');
    });
    assert.equal(reports, 1);
    assert.throws(() =>
      db.transaction(() => {
        db.run(INSERT_KV, ['c', '1']);
        throw new Error('boom');
      }),
    );
    assert.equal(reports, 1, 'a rolled-back transaction changed nothing');
    db.close();
  });
});

describe('event store checkpoints after writes through store.db', () => {
  let temp: ReturnType<typeof tempStoreDir>;
  beforeEach(() => (temp = tempStoreDir()));
  afterEach(() => temp.cleanup());

  it('checkpoints a plain db.run() write on its own, and the row survives close and reopen', async () => {
    const store = await openQuietStore(temp.dbPath, { checkpointIdleMs: 20 });
    store.db.run(INSERT_KV, [redactedText('cursor'), redactedText('42')]);
    await settle();
    assert.ok(existsSync(temp.dbPath), 'the write scheduled the idle checkpoint');
    assert.equal(await kvValueOnDisk(temp.dbPath, 'cursor'), '42');
    await store.close();
    const reopened = await openQuietStore(temp.dbPath);
    assert.equal(reopened.db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', ['cursor'])?.value, '42');
    await reopened.close();
  });

  it('schedules no checkpoint for read-only queries', async () => {
    const first = await openQuietStore(temp.dbPath);
    first.append([terminalEvent('a', 1)]);
    first.db.run(INSERT_KV, [redactedText('cursor'), redactedText('42')]);
    await first.close();
    const written = statSync(temp.dbPath).mtimeMs;

    const reader = await openQuietStore(temp.dbPath, { checkpointIdleMs: 20 });
    reader.db.get('SELECT value FROM kv WHERE key = ?', ['cursor']);
    reader.db.all('SELECT * FROM kv');
    assert.equal(reader.listEvents().length, 1);
    reader.db.run('UPDATE kv SET value = ? WHERE key = ?', [redactedText('0'), redactedText('missing')]);
    await settle();
    assert.equal(statSync(temp.dbPath).mtimeMs, written, 'no checkpoint rewrote the database');
    await reader.close();
    assert.equal(statSync(temp.dbPath).mtimeMs, written, 'nor did closing it');
  });

  it("a guest keeps recording events and does not write the owner's database for its own writes", async () => {
    const owner = await openQuietStore(temp.dbPath);
    owner.append([terminalEvent('a', 1)]);
    await owner.checkpoint();
    const written = statSync(temp.dbPath).mtimeMs;
    const guest = await openQuietStore(temp.dbPath, { checkpointIdleMs: 20 });
    assert.equal(guest.mode, 'guest');
    guest.db.run(INSERT_KV, [redactedText('guest-cursor'), redactedText('1')]);
    guest.append([terminalEvent('b', 2)]);
    await settle();
    await guest.close();
    assert.equal(statSync(temp.dbPath).mtimeMs, written, 'only the owner checkpoints');
    await owner.close();
    const reopened = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      reopened.listEvents().map((event) => event.id),
      ['a', 'b'],
      "the guest's event was merged",
    );
    await reopened.close();
  });
});
