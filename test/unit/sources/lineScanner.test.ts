import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLines } from '../../../src/core/sources/lineScanner';

describe('scanLines', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sw-scan-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('yields lines with their byte offsets across chunk borders and multi-byte characters', async () => {
    const file = join(dir, 'a.jsonl');
    const lines = ['{"a":"ünïcödé"}', '{"b":2}', '', '{"c":"' + 'z'.repeat(50) + '"}'];
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const seen: [string, number][] = [];
    const result = await scanLines(file, (line, offset) => seen.push([line, offset]), { chunkBytes: 7 });
    assert.deepEqual(
      seen.map(([line]) => line),
      lines,
    );
    let expected = 0;
    for (const [line, offset] of seen) {
      assert.equal(offset, expected);
      expected += Buffer.byteLength(line) + 2;
    }
    assert.equal(result.endOffset, expected);
    assert.equal(result.partialBytes, 0);
  });

  it('holds back a partial last line and resumes from the returned offset', async () => {
    const file = join(dir, 'b.jsonl');
    writeFileSync(file, '{"n":1}\n{"n":');
    const first: string[] = [];
    const result = await scanLines(file, (line) => first.push(line));
    assert.deepEqual(first, ['{"n":1}']);
    assert.equal(result.endOffset, 8);
    assert.equal(result.partialBytes, 5);
    writeFileSync(file, '{"n":1}\n{"n":2}\n');
    const second: string[] = [];
    await scanLines(file, (line) => second.push(line), { start: result.endOffset });
    assert.deepEqual(second, ['{"n":2}']);
  });

  it('drops an overlong line while streaming and keeps reading after it', async () => {
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, `{"ok":1}\n${'x'.repeat(5000)}\n{"ok":2}\n`);
    const seen: string[] = [];
    const result = await scanLines(file, (line) => seen.push(line), { maxLineBytes: 1000, chunkBytes: 256 });
    assert.deepEqual(seen, ['{"ok":1}', '{"ok":2}']);
    assert.equal(result.linesTooLong, 1);
  });

  it('stops cleanly when the file is truncated mid-read, and reports a missing file', async () => {
    const file = join(dir, 'd.jsonl');
    writeFileSync(file, Array.from({ length: 200 }, (_, index) => JSON.stringify({ index })).join('\n') + '\n');
    const seen: string[] = [];
    const result = await scanLines(
      file,
      (line) => {
        seen.push(line);
        if (seen.length === 1) truncateSync(file, 0);
      },
      { chunkBytes: 64 },
    );
    assert.ok(seen.length < 200);
    assert.equal(result.error, undefined);
    const missing = await scanLines(join(dir, 'nope.jsonl'), () => assert.fail('no lines expected'));
    assert.equal(missing.error, 'enoent');
  });
});
