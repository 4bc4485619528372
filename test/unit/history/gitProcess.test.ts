import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { GitError, gitExit, gitFields, gitText } from '../../../src/core/history/gitProcess';
import { createTempRepo } from '../../support/git/tempRepo';

const repo = createTempRepo();
repo.commit('feat: files', { files: { 'a.txt': 'one\ntwo\n', 'odd\nname.txt': 'x', 'crlf.txt': 'l1\r\nl2\r\n' } });
const outside = mkdtempSync(join(tmpdir(), 'skillwright-not-a-repo-'));
after(() => {
  repo.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

test('gitExit returns the exit code as the answer instead of throwing', async () => {
  assert.equal((await gitExit(repo.dir, ['cat-file', '-e', 'HEAD:a.txt'])).code, 0);
  assert.notEqual((await gitExit(repo.dir, ['cat-file', '-e', 'HEAD:missing.txt'])).code, 0);
  assert.equal((await gitExit(repo.dir, ['grep', '-q', '-w', '-F', '-e', 'two'])).code, 0);
  assert.equal((await gitExit(repo.dir, ['grep', '-q', '-w', '-F', '-e', 'three'])).code, 1);
});

test('gitExit gives stdout as lines, CR stripped, with no empty line for the final newline', async () => {
  assert.deepEqual((await gitExit(repo.dir, ['show', 'HEAD:a.txt'])).lines, ['one', 'two']);
  assert.deepEqual((await gitExit(repo.dir, ['show', 'HEAD:crlf.txt'])).lines, ['l1', 'l2']);
});

test('outside a repository gitExit reports the failure code and gitText throws a GitError', async () => {
  assert.notEqual((await gitExit(outside, ['ls-files'])).code, 0);
  await assert.rejects(gitText(outside, ['ls-files']), GitError);
});

test('gitFields keeps a path with a newline byte for byte', async () => {
  const paths: string[] = [];
  for await (const path of gitFields(repo.dir, ['ls-files', '-z'])) if (path) paths.push(path);
  assert.deepEqual(paths.sort(), ['a.txt', 'crlf.txt', 'odd\nname.txt']);
});

test('an aborted signal ends the run with an AbortError', async () => {
  await assert.rejects(gitText(repo.dir, ['log'], { signal: AbortSignal.abort() }), { name: 'AbortError' });
});
