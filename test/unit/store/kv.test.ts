import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readKv, readKvNumber, readKvWithPrefix, writeKv } from '../../../src/core/store/kv';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';

describe('kv helpers', () => {
  it('reads back what writeKv stored: text as it is, anything else as JSON, undefined when absent', async () => {
    const db = await openSqlJsDatabase();
    writeKv(db, 'text', 'abc');
    writeKv(db, 'record', { offset: 3 });
    writeKv(db, 'text', 'abd');
    assert.equal(readKv(db, 'text'), 'abd', 'a second write replaces the first');
    assert.equal(readKv(db, 'record'), '{"offset":3}');
    assert.equal(readKv(db, 'missing'), undefined);
    writeKv(db, 'empty', '');
    assert.equal(readKv(db, 'empty'), '', 'an empty value is not an absent one');
    db.close();
  });

  it('reads a number, and 0 for an absent key or one that holds no finite number', async () => {
    const db = await openSqlJsDatabase();
    writeKv(db, 'at', '1700000000000');
    writeKv(db, 'count', 42);
    writeKv(db, 'garbage', 'soon');
    assert.equal(readKvNumber(db, 'at'), 1_700_000_000_000);
    assert.equal(readKvNumber(db, 'count'), 42);
    assert.equal(readKvNumber(db, 'garbage'), 0);
    assert.equal(readKvNumber(db, 'missing'), 0);
    db.close();
  });

  it('lists the values under a prefix and nothing else, even with LIKE wildcards in it', async () => {
    const db = await openSqlJsDatabase();
    writeKv(db, 'trust:a_b:1', 'one');
    writeKv(db, 'trust:a_b:2', 'two');
    writeKv(db, 'trust:axb:1', 'other');
    writeKv(db, 'cursor', 'no');
    assert.deepEqual(readKvWithPrefix(db, 'trust:a_b:').sort(), ['one', 'two']);
    assert.deepEqual(readKvWithPrefix(db, 'none:'), []);
    db.close();
  });
});
