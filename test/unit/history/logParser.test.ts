import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogParser, parseNumstatEntry } from '../../../src/core/history/logParser';

/** Feeds `git log --numstat -z` output (NUL-terminated fields) through a parser. */
function parseAll(fields: string[]): { commits: ReturnType<LogParser['finish']>[]; skipped: number } {
  const parser = new LogParser();
  const commits = fields.map((field) => parser.push(field)).filter(Boolean);
  const last = parser.finish();
  if (last) commits.push(last);
  return { commits, skipped: parser.skipped };
}

describe('parseNumstatEntry', () => {
  it('reads plain and binary entries, and an empty path for a rename whose paths follow', () => {
    assert.deepEqual(parseNumstatEntry('3\t1\tsrc/a.ts'), { path: 'src/a.ts', added: 3, deleted: 1, binary: false });
    assert.deepEqual(parseNumstatEntry('-\t-\tlogo.png'), { path: 'logo.png', added: 0, deleted: 0, binary: true });
    assert.deepEqual(parseNumstatEntry('0\t0\t'), { path: '', added: 0, deleted: 0, binary: false });
  });

  it('rejects malformed entries instead of throwing', () => {
    assert.equal(parseNumstatEntry('garbage'), undefined);
    assert.equal(parseNumstatEntry('x\ty\tz'), undefined);
    assert.equal(parseNumstatEntry('\t\tz'), undefined);
  });
});

describe('LogParser', () => {
  it('splits records, keeps multi-line messages and counts bad fields', () => {
    const { commits, skipped } = parseAll([
      '\x1eaaa\x1fp1 p2\x1fAnn <a@x>\x1f100\x1f200\x1ffeat: subject\n\nbody line\n\x1d',
      '\n2\t0\tsrc/a.ts',
      'not numstat',
      '\x1ebbb\x1f\x1fBob <b@x>\x1f300\x1f400\x1fone line\x1d',
      '\n1\t1\tREADME.md',
    ]);
    assert.equal(commits.length, 2);
    assert.deepEqual(commits[0], {
      hash: 'aaa',
      parents: ['p1', 'p2'],
      author: 'Ann <a@x>',
      authorDate: 100_000,
      commitDate: 200_000,
      subject: 'feat: subject',
      body: 'body line',
      files: [{ path: 'src/a.ts', added: 2, deleted: 0, binary: false }],
    });
    assert.equal(commits[1]?.hash, 'bbb');
    assert.deepEqual(commits[1]?.parents, []);
    assert.equal(commits[1]?.files.length, 1);
    assert.equal(skipped, 1);
  });

  it('reads renames as old and new path fields, and an empty commit followed by the next', () => {
    const { commits } = parseAll([
      '\x1eccc\x1f\x1fAnn <a@x>\x1f1\x1f1\x1fmove\x1d',
      '\n0\t0\t',
      'src/old/x.ts',
      'src/new/x.ts',
      '1\t1\t',
      'a.txt',
      'b.txt',
      '\x1eddd\x1f\x1fAnn <a@x>\x1f1\x1f1\x1fempty\x1d',
      '\x1eeee\x1f\x1fAnn <a@x>\x1f1\x1f1\x1flast\x1d',
    ]);
    assert.deepEqual(commits[0]?.files, [
      { path: 'src/new/x.ts', oldPath: 'src/old/x.ts', added: 0, deleted: 0, binary: false },
      { path: 'b.txt', oldPath: 'a.txt', added: 1, deleted: 1, binary: false },
    ]);
    assert.deepEqual(
      commits.map((commit) => commit?.hash),
      ['ccc', 'ddd', 'eee'],
    );
    assert.deepEqual(commits[1]?.files, []);
  });

  it('keeps names with newlines, quotes, tabs and arrows as they are', () => {
    const { commits } = parseAll([
      '\x1efff\x1f\x1fAnn <a@x>\x1f1\x1f1\x1fodd names\x1d',
      '\n1\t0\tnew\nline.txt',
      '1\t0\tquo"te\\d.txt',
      '1\t0\ttab\there.txt',
      '1\t0\ta => b.txt',
      '0\t0\t',
      '\nleading-newline',
      'x/{y}.txt',
    ]);
    assert.deepEqual(
      commits[0]?.files.map((file) => [file.oldPath, file.path]),
      [
        [undefined, 'new\nline.txt'],
        [undefined, 'quo"te\\d.txt'],
        [undefined, 'tab\there.txt'],
        [undefined, 'a => b.txt'],
        ['\nleading-newline', 'x/{y}.txt'],
      ],
    );
  });
});
