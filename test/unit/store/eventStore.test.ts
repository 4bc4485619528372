import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SCHEMA_VERSION } from '../../../src/core/store/schema';
import { DatabaseTooNewError, openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { eventsCarrying, terminalEvent } from '../../support/store/sampleEvents';
import { openQuietStore, tempStoreDir } from '../../support/store/tempStore';

describe('event store', () => {
  let temp: ReturnType<typeof tempStoreDir>;
  beforeEach(() => (temp = tempStoreDir()));
  afterEach(() => temp.cleanup());

  it('keeps flushed events across a reopen and answers queries by session, time and type', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1000, 'one', 's1'), terminalEvent('b', 2000, 'two', 's2'), ...eventsCarrying('nothing secret', 'c', 3000)]);
    await store.flush();
    assert.equal(readdirSync(temp.dir).includes('skillwright.db'), false, 'flush writes the journal, not a checkpoint');
    await store.close();

    const reopened = await openQuietStore(temp.dbPath);
    assert.equal(reopened.countEvents(), 7);
    assert.deepEqual(reopened.listEvents({ sessionId: 's2' }).map((e) => e.id), ['b']);
    assert.deepEqual(reopened.listEvents({ since: 1500, until: 3002 }).map((e) => e.id), ['b', 'c-term', 'c-edit']);
    assert.deepEqual(reopened.listEvents({ types: ['commit', 'edit'] }).map((e) => e.id), ['c-edit', 'c-commit']);
    assert.deepEqual(reopened.listEvents({ newestFirst: true, limit: 2 }).map((e) => e.id), ['c-call', 'c-step']);
    assert.equal(reopened.countEvents({ types: ['transcript'] }), 2);
    const stats = await reopened.stats();
    assert.equal(stats.events, 7);
    assert.ok(stats.dbBytes > 0 && stats.oldestTs === 1000);
    await reopened.close();
  });

  it('does not duplicate events when the journal is replayed over a checkpoint that already holds them', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1), terminalEvent('b', 2)]);
    await store.flush();
    const journalBeforeCheckpoint = readFileSync(`${temp.dbPath}.journal`);
    await store.checkpoint();
    assert.equal(statSync(`${temp.dbPath}.journal`).size, 0, 'a checkpoint empties the journal');
    await store.close();
    // A crash between the checkpoint's rename and the journal's truncation leaves both behind.
    writeFileSync(`${temp.dbPath}.journal`, journalBeforeCheckpoint);
    const reopened = await openQuietStore(temp.dbPath);
    assert.deepEqual(reopened.listEvents().map((e) => e.id), ['a', 'b']);
    assert.equal(reopened.recovery.replayedEvents, 2);
    await reopened.close();
  });

  it('drops a torn last journal record and keeps appending cleanly after it', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1), terminalEvent('b', 2)]);
    await store.flush();
    await store.close(); // close checkpoints; make a fresh journal with a torn tail by hand below
    const second = await openQuietStore(temp.dbPath);
    second.append([terminalEvent('c', 3), terminalEvent('d', 4)]);
    await second.flush();
    const journal = `${temp.dbPath}.journal`;
    // Simulate the crash: the checkpoint never happened and the last record was cut short.
    const bytes = readFileSync(journal);
    await second.close();
    writeFileSync(journal, bytes.subarray(0, bytes.length - 25));
    truncateSync(temp.dbPath, 0);
    const third = await openQuietStore(temp.dbPath);
    assert.equal(third.recovery.skippedRecords, 1);
    assert.deepEqual(third.listEvents().map((e) => e.id), ['c'], 'the emptied db is treated as fresh; c survives, d was torn');
    third.append([terminalEvent('e', 5)]);
    await third.flush();
    assert.ok(readFileSync(journal, 'utf8').endsWith('\n'));
    await third.close();
  });

  it('moves a corrupt database aside with a warning and still replays the journal', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1)]);
    await store.close();
    store.append([]); // append after close is ignored, never throws
    writeFileSync(temp.dbPath, Buffer.from('this is not a database at all'.repeat(200)));
    appendFileSync(`${temp.dbPath}.journal`, ''); // journal is empty after close's checkpoint
    const second = await openQuietStore(temp.dbPath);
    second.append([terminalEvent('b', 2)]);
    await second.flush();
    await second.close();
    writeFileSync(temp.dbPath, Buffer.from('garbage'.repeat(100)));
    const third = await openQuietStore(temp.dbPath);
    assert.equal(third.warnings.length, 1);
    assert.match(third.warnings[0] ?? '', /corrupt.*moved to .*corrupt-\d+/);
    assert.ok(readdirSync(temp.dir).some((name) => name.startsWith('skillwright.db.corrupt-')));
    await third.close();
  });

  it('keeps a journal written by a newer version aside, with a warning, and opens anyway', async () => {
    writeFileSync(`${temp.dbPath}.journal`, '0badc0de 99 {"future":true}\n');
    const store = await openQuietStore(temp.dbPath);
    // A real newer record has a valid checksum; build one with the current encoder's checksum.
    await store.close();
    const { crc32 } = await import('node:zlib');
    const body = '7 {"id":"x","ts":1,"type":"teleport"}';
    writeFileSync(`${temp.dbPath}.journal`, `${crc32(body).toString(16).padStart(8, '0')} ${body}\n`);
    const reopened = await openQuietStore(temp.dbPath);
    assert.equal(reopened.countEvents(), 0);
    assert.match(reopened.warnings.join('\n'), /newer Skillwright \(format 7\)/);
    assert.ok(readdirSync(temp.dir).some((name) => name.startsWith('skillwright.db.journal.newer-')));
    await reopened.close();
  });

  it('refuses a database from a newer schema with a typed error instead of overwriting it', async () => {
    const db = await openSqlJsDatabase();
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 3}`);
    writeFileSync(temp.dbPath, db.export());
    db.close();
    await assert.rejects(openQuietStore(temp.dbPath), DatabaseTooNewError);
    assert.ok(existsSync(temp.dbPath));
  });

  it('persists non-event writes made through store.db after markDirty and a checkpoint', async () => {
    const store = await openQuietStore(temp.dbPath, { checkpointIdleMs: 20 });
    store.db.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['cursor', 'abc']);
    store.db.markDirty();
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok(existsSync(temp.dbPath), 'the idle checkpoint wrote the database');
    const db = await openSqlJsDatabase({ bytes: readFileSync(temp.dbPath) });
    assert.equal(db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', ['cursor'])?.value, 'abc');
    db.close();
    await store.close();
  });

  it('closes a read-only session without rewriting the database, but saves any change on close', async () => {
    const fileIdentity = (): string => {
      const stat = statSync(temp.dbPath);
      return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    };
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1), terminalEvent('b', 2)]);
    await store.close();
    const written = fileIdentity();

    const reader = await openQuietStore(temp.dbPath);
    assert.deepEqual(reader.listEvents().map((e) => e.id), ['a', 'b']);
    assert.equal(reader.countEvents(), 2);
    await reader.stats();
    await reader.close();
    assert.equal(fileIdentity(), written, 'reading rewrote nothing');

    const writer = await openQuietStore(temp.dbPath);
    writer.db.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['cursor', 'abc']); // no markDirty()
    await writer.close();
    assert.notEqual(fileIdentity(), written, 'a write through store.db is saved on close');
    const db = await openSqlJsDatabase({ bytes: readFileSync(temp.dbPath) });
    assert.equal(db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', ['cursor'])?.value, 'abc');
    db.close();

    const appender = await openQuietStore(temp.dbPath);
    appender.append([terminalEvent('c', 3)]);
    await appender.close();
    const reopened = await openQuietStore(temp.dbPath);
    assert.equal(reopened.countEvents(), 3);
    await reopened.close();
    assert.equal(statSync(`${temp.dbPath}.journal`).size, 0, 'the appended event went into the checkpoint on close');
  });

  it('checkpoints on its own once the journal passes the size threshold', async () => {
    const store = await openQuietStore(temp.dbPath, { checkpointJournalBytes: 4096, flushBatchSize: 10 });
    for (let i = 0; i < 40; i++) store.append([terminalEvent(`e${i}`, i, 'x'.repeat(300))]);
    await store.flush();
    // flush() resolves once the journal is durable; the checkpoint it triggered finishes just after.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(existsSync(temp.dbPath));
    assert.ok(statSync(`${temp.dbPath}.journal`).size < 4096 + 4096);
    await store.close();
  });

  it('exports every event as JSON lines and deletes everything on request', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1), terminalEvent('b', 2)]);
    await store.checkpoint();
    store.append([terminalEvent('c', 3)]);
    const exported = join(temp.dir, 'export.jsonl');
    assert.equal(await store.exportJsonl(exported), 3);
    const lines = readFileSync(exported, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    assert.deepEqual(lines.map((event) => event.id), ['a', 'b', 'c']);
    store.db.run("INSERT INTO kv (key, value) VALUES ('k', 'v')");
    await store.deleteAll();
    assert.equal(store.countEvents(), 0);
    await store.close();
    const reopened = await openQuietStore(temp.dbPath);
    assert.equal(reopened.countEvents(), 0, 'nothing comes back from the journal after deleteAll');
    assert.equal(reopened.db.all('SELECT * FROM kv').length, 0);
    await reopened.close();
  });

  it('applies retention by age and by size', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const store = await openQuietStore(temp.dbPath, { clock: { now: () => now } });
    store.append([terminalEvent('old', now - 40 * day), terminalEvent('recent', now - day)]);
    const byAge = await store.applyRetention({ maxAgeDays: 30 });
    assert.equal(byAge.deletedEvents, 1);
    assert.deepEqual(store.listEvents().map((e) => e.id), ['recent']);
    for (let i = 0; i < 400; i++) store.append([terminalEvent(`big${i}`, now - 1000 + i, 'y'.repeat(2000))]);
    const before = (await store.stats()).events;
    const bySize = await store.applyRetention({ maxBytes: 300_000 });
    assert.ok(bySize.deletedEvents > 0 && bySize.deletedEvents < before);
    const kept = store.listEvents().map((e) => e.id);
    assert.ok(kept.includes('big399') && !kept.includes('recent'), 'the oldest go first');
    assert.ok((await store.stats()).dbBytes <= 300_000);
    await store.close();
  });
});
