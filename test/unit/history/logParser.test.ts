import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogParser, parseNumstatLine } from '../../../src/core/history/logParser';

describe('parseNumstatLine', () => {
  it('reads plain, binary and renamed entries', () => {
    assert.deepEqual(parseNumstatLine('3\t1\tsrc/a.ts'), { path: 'src/a.ts', added: 3, deleted: 1, binary: false });
    assert.deepEqual(parseNumstatLine('-\t-\tlogo.png'), { path: 'logo.png', added: 0, deleted: 0, binary: true });
    assert.deepEqual(parseNumstatLine('0\t0\tsrc/{old => new}/x.ts'), { path: 'src/new/x.ts', oldPath: 'src/old/x.ts', added: 0, deleted: 0, binary: false });
    assert.deepEqual(parseNumstatLine('1\t1\tsrc/{ => sub}/x.ts')?.oldPath, 'src/x.ts');
    assert.deepEqual(parseNumstatLine('1\t1\ta.txt => b.txt'), { path: 'b.txt', oldPath: 'a.txt', added: 1, deleted: 1, binary: false });
  });

  it('rejects malformed lines instead of throwing', () => {
    assert.equal(parseNumstatLine('garbage'), undefined);
    assert.equal(parseNumstatLine('x\ty\tz'), undefined);
  });
});

describe('LogParser', () => {
  it('splits records, keeps multi-line messages and counts bad lines', () => {
    const parser = new LogParser();
    const lines = [
      '\x1eaaa\x1fp1 p2\x1fAnn <a@x>\x1f100\x1f200\x1ffeat: subject',
      '',
      'body line',
      '\x1d',
      '',
      '2\t0\tsrc/a.ts',
      'not numstat',
      '\x1ebbb\x1f\x1fBob <b@x>\x1f300\x1f400\x1fone line\x1d',
      '1\t1\tREADME.md',
    ];
    const out = lines.map((line) => parser.push(line)).filter(Boolean);
    const last = parser.finish();
    assert.equal(out.length, 1);
    assert.deepEqual(out[0], {
      hash: 'aaa', parents: ['p1', 'p2'], author: 'Ann <a@x>', authorDate: 100_000, commitDate: 200_000,
      subject: 'feat: subject', body: 'body line', files: [{ path: 'src/a.ts', added: 2, deleted: 0, binary: false }],
    });
    assert.equal(last?.hash, 'bbb');
    assert.deepEqual(last?.parents, []);
    assert.equal(last?.files.length, 1);
    assert.equal(parser.skipped, 1);
  });
});
