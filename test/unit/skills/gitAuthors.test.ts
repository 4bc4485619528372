import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GitAuthors } from '../../../src/core/skills/gitAuthors';
import { createTempRepo } from '../../support/git/tempRepo';

/** GitAuthors with a promise per onResolved call, so a test can wait for the background lookup. */
function watched(root: string): { authors: GitAuthors; resolved: () => Promise<void>; errors: string[] } {
  const errors: string[] = [];
  let wake: (() => void) | undefined;
  const authors = new GitAuthors(
    root,
    () => wake?.(),
    (message) => errors.push(message),
  );
  const resolved = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  return { authors, resolved, errors };
}

describe('GitAuthors over a real repository', () => {
  const repo = createTempRepo();
  const first = repo.commit('feat: skill a', {
    files: { 'skills/a/SKILL.md': '---\nname: a\n---\n' },
    author: 'Ada Lovelace <ada@example.com>',
  });
  repo.write('skills/b/SKILL.md', '---\nname: b\n---\n');
  after(() => repo.cleanup());

  it('answers with the last commit of a folder once the background lookup is done', async () => {
    const { authors, resolved, errors } = watched(repo.dir);
    const done = resolved();
    assert.equal(authors.lookup(join(repo.dir, 'skills/a'), 'hash-a'), undefined);
    await done;
    assert.deepEqual(authors.lookup(join(repo.dir, 'skills/a'), 'hash-a'), {
      author: 'Ada Lovelace',
      commit: first.slice(0, 7),
    });
    assert.deepEqual(errors, []);
    authors.dispose();
  });

  it('looks an uncommitted folder up again after a reload, since a commit changes no content', async () => {
    const { authors, resolved } = watched(repo.dir);
    const folder = join(repo.dir, 'skills/b');
    const looked = resolved();
    authors.lookup(folder, 'hash-b');
    await looked;
    assert.equal(authors.lookup(folder, 'hash-b'), undefined);
    const commit = repo.commit('feat: skill b');
    authors.invalidateUncommitted();
    const done = resolved();
    authors.lookup(folder, 'hash-b');
    await done;
    assert.deepEqual(authors.lookup(folder, 'hash-b'), { author: 'Test Author', commit: commit.slice(0, 7) });
    authors.dispose();
  });

  it('knows the local user from git config', async () => {
    const { authors, resolved } = watched(repo.dir);
    const done = resolved();
    assert.equal(authors.localUser(), undefined);
    await done;
    assert.equal(authors.localUser(), 'Test Author');
    authors.dispose();
  });
});

it('outside a repository a folder has no author and the failure is reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skillwright-no-repo-'));
  try {
    const errors: string[] = [];
    const authors = new GitAuthors(
      dir,
      () => undefined,
      (message) => errors.push(message),
    );
    authors.lookup(join(dir, 'skills/a'), 'hash');
    for (let waited = 0; errors.length === 0 && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(authors.lookup(join(dir, 'skills/a'), 'hash'), undefined);
    assert.match(errors[0] ?? '', /^git log .*skills\/a failed: /);
    authors.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
