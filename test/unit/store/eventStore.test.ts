import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/core/store/schema';
import { writeKv } from '../../../src/core/store/kv';
import { DatabaseTooNewError, openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { eventsCarrying, terminalEvent } from '../../support/store/sampleEvents';
import { openQuietStore, tempStoreDir } from '../../support/store/tempStore';

/** How far into the event log the checkpoint file on disk indexes. */
async function indexedThrough(dbPath: string): Promise<number> {
  const db = await openSqlJsDatabase({ bytes: readFileSync(dbPath) });
  const row = db.get<{ n: number }>('SELECT indexed_through AS n FROM event_log');
  db.close();
  return Number(row?.n ?? -1);
}

describe('event store', () => {
  let temp: ReturnType<typeof tempStoreDir>;
  beforeEach(() => (temp = tempStoreDir()));
  afterEach(() => temp.cleanup());

  it('keeps flushed events across a reopen and answers queries by session, time and type', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([
      terminalEvent('a', 1000, 'one', 's1'),
      terminalEvent('b', 2000, 'two', 's2'),
      ...eventsCarrying('nothing secret', 'c', 3000),
    ]);
    await store.flush();
    assert.equal(readdirSync(temp.dir).includes('skillwright.db'), false, 'flush writes the journal, not a checkpoint');
    await store.close();

    const reopened = await openQuietStore(temp.dbPath);
    assert.equal(reopened.countEvents(), 7);
    assert.deepEqual(
      reopened.listEvents({ sessionId: 's2' }).map((e) => e.id),
      ['b'],
    );
    assert.deepEqual(
      reopened.listEvents({ since: 1500, until: 3002 }).map((e) => e.id),
      ['b', 'c-term', 'c-edit'],
    );
    assert.deepEqual(
      reopened.listEvents({ types: ['commit', 'edit'] }).map((e) => e.id),
      ['c-edit', 'c-commit'],
    );
    assert.deepEqual(
      reopened.listEvents({ newestFirst: true, limit: 2 }).map((e) => e.id),
      ['c-call', 'c-step'],
    );
    assert.equal(reopened.countEvents({ types: ['transcript'] }), 2);
    const stats = await reopened.stats();
    assert.equal(stats.events, 7);
    assert.ok(stats.dbBytes > 0 && stats.oldestTs === 1000);
    await reopened.close();
  });

  it('indexes on open only the log lines the checkpoint has not seen, and never duplicates one', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1), terminalEvent('b', 2)]);
    await store.checkpoint();
    const imageBefore = readFileSync(temp.dbPath);
    store.append([terminalEvent('c', 3)]);
    await store.close();
    // A crash before the second checkpoint landed: the older image, the whole log.
    writeFileSync(temp.dbPath, imageBefore);
    const reopened = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      reopened.listEvents().map((e) => e.id),
      ['a', 'b', 'c'],
    );
    assert.equal(reopened.recovery.replayedEvents, 1, 'only the line after the checkpoint is indexed again');
    await reopened.close();
    // An image that claims to index nothing although it holds rows: replay must skip known ids.
    const db = await openSqlJsDatabase({ bytes: readFileSync(temp.dbPath) });
    db.run('UPDATE event_log SET indexed_through = 0');
    writeFileSync(temp.dbPath, db.export());
    db.close();
    const again = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      again.listEvents().map((e) => e.id),
      ['a', 'b', 'c'],
    );
    assert.equal(again.countEvents(), 3);
    await again.close();
  });

  it('writes full batches while events keep arriving, not only once the producer pauses', async () => {
    let round = 0;
    let producing = true;
    const writeRounds: number[] = [];
    const store = await openQuietStore(temp.dbPath, {
      flushBatchSize: 100,
      beforeWrite: (target) => target === 'journal' && producing && writeRounds.push(round),
    });
    for (; round < 40; round++) {
      store.append(Array.from({ length: 50 }, (_, index) => terminalEvent(`e${round}-${index}`, round * 100 + index)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    producing = false;
    await store.flush();
    // How many writes follow depends on fsync latency; starving showed as a first write only after
    // the producer had nearly finished (round 24 of 40).
    assert.ok((writeRounds[0] ?? 99) <= 5, `writes while producing, by round: [${writeRounds.join(', ')}]`);
    assert.equal(store.countEvents(), 2000);
    await store.close();
  });

  it('keeps event JSON in the log, not in the database, so the in-memory image stays small', async () => {
    const store = await openQuietStore(temp.dbPath);
    for (let i = 0; i < 2000; i++)
      store.append([terminalEvent(`e${i}`, i, `output line ${i} `.repeat(20), `s${i % 7}`)]);
    await store.close();
    const logBytes = statSync(`${temp.dbPath}.events-1`).size;
    const dbBytes = statSync(temp.dbPath).size;
    assert.ok(dbBytes < logBytes / 2, `database ${dbBytes} bytes vs log ${logBytes} bytes`);
    const reopened = await openQuietStore(temp.dbPath);
    assert.equal(reopened.listEvents({ sessionId: 's3' }).length, Math.ceil((2000 - 3) / 7));
    assert.match((reopened.listEvents({ since: 1999 })[0] as { output?: string }).output ?? '', /output line 1999/);
    await reopened.close();
  });

  it('drops a torn last log record and keeps appending cleanly after it', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1), terminalEvent('b', 2)]);
    await store.flush();
    await store.close();
    const second = await openQuietStore(temp.dbPath);
    second.append([terminalEvent('c', 3), terminalEvent('d', 4)]);
    await second.flush();
    const log = `${temp.dbPath}.events-1`;
    // Simulate the crash: the checkpoint never happened and the last record was cut short.
    const bytes = readFileSync(log);
    await second.close();
    writeFileSync(log, bytes.subarray(0, bytes.length - 25));
    truncateSync(temp.dbPath, 0);
    const third = await openQuietStore(temp.dbPath);
    assert.equal(third.recovery.skippedRecords, 1);
    assert.deepEqual(
      third.listEvents().map((e) => e.id),
      ['a', 'b', 'c'],
      'the emptied db is rebuilt from the log; d was torn',
    );
    third.append([terminalEvent('e', 5)]);
    await third.flush();
    assert.ok(readFileSync(log, 'utf8').endsWith('\n'));
    await third.close();
    const fourth = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      fourth.listEvents().map((e) => e.id),
      ['a', 'b', 'c', 'e'],
    );
    await fourth.close();
  });

  it('skips a row whose log line is gone or belongs to another event instead of serving wrong data', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1, 'first!'), terminalEvent('b', 2, 'second')]);
    await store.close();
    const log = `${temp.dbPath}.events-1`;
    const lines = readFileSync(log, 'utf8').split(/(?<=\n)/);
    assert.equal(lines[0]?.length, lines[1]?.length);
    // Swapped: each row now points at a whole, valid line of the other event.
    writeFileSync(log, [lines[1], lines[0]].join(''));
    const reopened = await openQuietStore(temp.dbPath);
    assert.deepEqual(reopened.listEvents(), []);
    await reopened.close();
    rmSync(log);
    const withoutLog = await openQuietStore(temp.dbPath);
    assert.equal(withoutLog.countEvents(), 0);
    assert.match(withoutLog.warnings.join('\n'), /event log .* is missing; 2 recorded events were lost/);
    withoutLog.append([terminalEvent('c', 3)]);
    await withoutLog.close();
    const last = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      last.listEvents().map((e) => e.id),
      ['c'],
    );
    await last.close();
  });

  it('upgrades a version 1 database: rows that keep their JSON inline stay readable beside logged ones', async () => {
    const v1 = MIGRATIONS[0] ?? '';
    const eventsTable = v1.slice(v1.indexOf('CREATE TABLE events'), v1.indexOf('CREATE TABLE sessions'));
    const db = await openSqlJsDatabase();
    db.run(`DROP TABLE event_log; DROP TABLE events; ${eventsTable} PRAGMA user_version = 1;`);
    for (const event of [terminalEvent('v1-a', 1, 'inline one', 's1'), terminalEvent('v1-b', 2, 'inline two', 's2')]) {
      db.run('INSERT INTO events (id, ts, type, session_id, workspace, actor, payload) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        event.id,
        event.ts,
        event.type,
        event.sessionHint ?? null,
        null,
        event.attribution.actor,
        JSON.stringify(event),
      ]);
    }
    writeFileSync(temp.dbPath, db.export());
    db.close();
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('v2-c', 3, 'logged', 's1')]);
    assert.deepEqual(
      store.listEvents({ sessionId: 's1' }).map((e) => e.id),
      ['v1-a', 'v2-c'],
    );
    await store.applyRetention({ maxAgeDays: 0, maxBytes: 0 });
    await store.close();
    const reopened = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      reopened.listEvents().map((e) => [e.id, (e as { output?: string }).output]),
      [
        ['v1-a', 'inline one'],
        ['v1-b', 'inline two'],
        ['v2-c', 'logged'],
      ],
    );
    await reopened.close();
  });

  it('moves a corrupt database aside with a warning and still replays the journal', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1)]);
    await store.close();
    store.append([]); // append after close is ignored, never throws
    writeFileSync(temp.dbPath, Buffer.from('this is not a database at all'.repeat(200)));
    const second = await openQuietStore(temp.dbPath);
    second.append([terminalEvent('b', 2)]);
    await second.flush();
    await second.close();
    writeFileSync(temp.dbPath, Buffer.from('garbage'.repeat(100)));
    const third = await openQuietStore(temp.dbPath);
    assert.equal(third.warnings.length, 1);
    assert.match(third.warnings[0] ?? '', /corrupt.*moved to .*corrupt-\d+/);
    assert.ok(readdirSync(temp.dir).some((name) => name.startsWith('skillwright.db.corrupt-')));
    assert.deepEqual(
      third.listEvents().map((e) => e.id),
      ['a', 'b'],
      'every event is rebuilt from the log',
    );
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

  it('persists non-event writes made through store.db with the idle checkpoint the write scheduled', async () => {
    const store = await openQuietStore(temp.dbPath, { checkpointIdleMs: 20 });
    writeKv(store.db, 'cursor', 'abc');
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
    assert.deepEqual(
      reader.listEvents().map((e) => e.id),
      ['a', 'b'],
    );
    assert.equal(reader.countEvents(), 2);
    await reader.stats();
    await reader.close();
    assert.equal(fileIdentity(), written, 'reading rewrote nothing');

    const writer = await openQuietStore(temp.dbPath);
    writeKv(writer.db, 'cursor', 'abc');
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
    assert.equal(
      await indexedThrough(temp.dbPath),
      statSync(`${temp.dbPath}.events-1`).size,
      'the appended event was indexed by the checkpoint on close',
    );
  });

  it('checkpoints on its own once the journal passes the size threshold', async () => {
    const store = await openQuietStore(temp.dbPath, { checkpointJournalBytes: 4096, flushBatchSize: 10 });
    for (let i = 0; i < 40; i++) store.append([terminalEvent(`e${i}`, i, 'x'.repeat(300))]);
    await store.flush();
    // flush() resolves once the journal is durable; the checkpoint it triggered finishes just after.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(existsSync(temp.dbPath));
    assert.ok(statSync(`${temp.dbPath}.events-1`).size - (await indexedThrough(temp.dbPath)) < 4096 + 4096);
    await store.close();
  });

  it('exports every event as JSON lines and deletes everything on request', async () => {
    const store = await openQuietStore(temp.dbPath);
    store.append([terminalEvent('a', 1), terminalEvent('b', 2)]);
    await store.checkpoint();
    store.append([terminalEvent('c', 3)]);
    const exported = join(temp.dir, 'export.jsonl');
    assert.equal(await store.exportJsonl(exported), 3);
    const lines = readFileSync(exported, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    assert.deepEqual(
      lines.map((event) => event.id),
      ['a', 'b', 'c'],
    );
    store.db.run("INSERT INTO kv (key, value) VALUES ('k', 'v')");
    await store.deleteAll();
    assert.equal(store.countEvents(), 0);
    await store.close();
    const reopened = await openQuietStore(temp.dbPath);
    assert.equal(reopened.countEvents(), 0, 'nothing comes back from the journal after deleteAll');
    assert.equal(reopened.db.all('SELECT * FROM kv').length, 0);
    await reopened.close();
  });

  it('applies retention by age and by size, and rewrites the log so deleted events leave the disk', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const store = await openQuietStore(temp.dbPath, { clock: { now: () => now } });
    store.append([terminalEvent('old', now - 40 * day, 'OLD-EVENT-OUTPUT'), terminalEvent('recent', now - day)]);
    const byAge = await store.applyRetention({ maxAgeDays: 30 });
    assert.equal(byAge.deletedEvents, 1);
    assert.deepEqual(
      store.listEvents().map((e) => e.id),
      ['recent'],
    );
    assert.deepEqual(
      readdirSync(temp.dir).filter((name) => name.includes('.events-')),
      ['skillwright.db.events-2'],
    );
    assert.equal(readFileSync(`${temp.dbPath}.events-2`, 'utf8').includes('OLD-EVENT-OUTPUT'), false);
    for (let i = 0; i < 400; i++) store.append([terminalEvent(`big${i}`, now - 1000 + i, 'y'.repeat(2000))]);
    const before = (await store.stats()).events;
    const bySize = await store.applyRetention({ maxBytes: 300_000 });
    assert.ok(bySize.deletedEvents > 0 && bySize.deletedEvents < before);
    const kept = store.listEvents().map((e) => e.id);
    assert.ok(kept.includes('big399') && !kept.includes('recent'), 'the oldest go first');
    const stats = await store.stats();
    assert.ok(stats.totalBytes <= 300_000 * 1.1, `database and log hold ${stats.totalBytes} bytes`);
    await store.close();
    const reopened = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      reopened.listEvents().map((e) => e.id),
      kept,
    );
    await reopened.close();
  });

  it('rewrites the log on the next retention pass when deleted events are still in it', async () => {
    const store = await openQuietStore(temp.dbPath);
    for (let i = 0; i < 800; i++)
      store.append([terminalEvent(`e${i}`, Date.now() - 1000 + i, `LEFT-BEHIND-${i} `.repeat(200))]);
    await store.flush();
    // As if a rewrite had failed after its rows were deleted: the lines stay in generation 1.
    store.db.run("DELETE FROM events WHERE id < 'e5'");
    const result = await store.applyRetention({});
    assert.equal(result.deletedEvents, 0);
    assert.equal(existsSync(`${temp.dbPath}.events-1`), false, 'the log was rewritten');
    const log = readFileSync(`${temp.dbPath}.events-2`, 'utf8');
    assert.equal(log.includes('LEFT-BEHIND-40 '), false);
    assert.ok(log.includes('LEFT-BEHIND-799 '));
    assert.equal(store.countEvents(), store.listEvents().length);
    await store.close();
  });

  it('finishes a log rewrite whose checkpoint never landed: the newer generation wins', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const store = await openQuietStore(temp.dbPath, { clock: { now: () => now } });
    store.append([terminalEvent('old', now - 40 * day), terminalEvent('recent', now - day)]);
    await store.checkpoint();
    const imageBefore = readFileSync(temp.dbPath);
    const logBefore = readFileSync(`${temp.dbPath}.events-1`);
    await store.applyRetention({ maxAgeDays: 30 });
    store.append([terminalEvent('after', now)]);
    await store.flush();
    await store.close();
    // The crash: generation 2 was renamed into place, the checkpoint naming it was not written.
    writeFileSync(temp.dbPath, imageBefore);
    writeFileSync(`${temp.dbPath}.events-1`, logBefore);
    const reopened = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      reopened.listEvents().map((e) => e.id),
      ['recent', 'after'],
    );
    assert.deepEqual(reopened.warnings, []);
    assert.equal(existsSync(`${temp.dbPath}.events-1`), false, 'the superseded generation is removed');
    await reopened.close();
  });
});
