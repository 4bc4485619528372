import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { commitPatch, mineHistory, streamCommits } from '../../../src/core/history/historyMiner';
import { listFilesAt, readFilesAt } from '../../../src/core/history/repoTree';
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';

describe('mineHistory', () => {
  let repo: TempRepo;
  const hashes = {} as Record<
    'first' | 'lock' | 'vendor' | 'bulk' | 'format' | 'generated' | 'rename' | 'release' | 'side' | 'late',
    string
  >;
  before(() => {
    repo = createTempRepo();
    hashes.first = repo.commit('feat: first', { files: { 'src/a.ts': 'a\n', 'test/a.test.ts': 't\n' } });
    hashes.lock = repo.commit('chore: bump deps', { files: { 'package-lock.json': '{}\n' } });
    hashes.vendor = repo.commit('vendor lib', { files: { 'vendor/lib/x.js': 'x\n', 'vendor/lib/y.js': 'y\n' } });
    const many: Record<string, string> = {};
    for (let index = 0; index < 55; index++) many[`gen/f${index}.ts`] = `${index}\n`;
    hashes.bulk = repo.commit('feat: add many', { files: many });
    const reformatted: Record<string, string> = {};
    for (let index = 0; index < 10; index++) reformatted[`gen/f${index}.ts`] = `${index} \n`;
    hashes.format = repo.commit('style: run prettier', { files: reformatted });
    hashes.generated = repo.commit('fix: a and dist', {
      files: { 'src/a.ts': 'a2\n', 'dist/a.js': 'a2\n', 'src/__snapshots__/a.snap': 's\n' },
    });
    repo.git('mv', 'src/a.ts', 'src/b.ts');
    hashes.rename = repo.commit('refactor: rename a to b');
    hashes.release = repo.commit('chore(release): v1.2.3', {
      files: { 'CHANGELOG.md': '1.2.3\n', 'package.json': '{"version":"1.2.3"}\n' },
    });
    repo.git('checkout', '-q', '-b', 'side', hashes.first);
    hashes.side = repo.commit('feat: side branch', { files: { 'side.txt': 's\n' } });
    repo.git('checkout', '-q', 'main');
    repo.git('-c', 'user.name=T', '-c', 'user.email=t@x', 'merge', '-q', '--no-ff', '-m', 'Merge side', 'side');
    hashes.late = repo.commit('feat: late', { files: { 'late.txt': 'l\n' } });
  });
  after(() => repo.cleanup());

  it('classifies trivial commits by the documented rules and keeps generated files out', async () => {
    const history = await mineHistory({ repo: repo.dir });
    const verdict = new Map(history.commits.map((commit) => [commit.hash, commit.exclusion ?? 'counted']));
    assert.equal(verdict.get(hashes.first), 'counted');
    assert.equal(verdict.get(hashes.lock), 'lockfile-only');
    assert.equal(verdict.get(hashes.vendor), 'vendoring');
    assert.equal(verdict.get(hashes.bulk), 'bulk');
    assert.equal(verdict.get(hashes.format), 'formatting');
    assert.equal(verdict.get(hashes.release), 'release');
    assert.equal(history.stats.excluded.merge, 1);
    const generated = history.commits.find((commit) => commit.hash === hashes.generated);
    assert.deepEqual(generated?.statFiles, ['src/a.ts']);
    const rename = history.commits.find((commit) => commit.hash === hashes.rename);
    assert.deepEqual(
      rename?.files.map((file) => [file.oldPath, file.path]),
      [['src/a.ts', 'src/b.ts']],
    );
    assert.equal(history.stats.total, history.commits.length);
  });

  it('honours configurable rules', async () => {
    const history = await mineHistory({ repo: repo.dir, filters: { maxFilesPerCommit: 100, excludeMerges: false } });
    assert.equal(history.commits.find((commit) => commit.hash === hashes.bulk)?.exclusion, undefined);
    assert.equal(history.stats.excluded.merge, undefined);
  });

  it('reads nothing after a rev split: not later commits, not side branches merged later', async () => {
    const history = await mineHistory({ repo: repo.dir, until: hashes.format });
    const seen = new Set(history.commits.map((commit) => commit.hash));
    assert.equal(history.split.rev, hashes.format);
    assert.deepEqual([...seen].sort(), [hashes.first, hashes.lock, hashes.vendor, hashes.bulk, hashes.format].sort());
    const files = await listFilesAt(repo.dir, history.split.rev as string);
    assert.ok(!files.includes('late.txt') && !files.includes('src/b.ts') && files.includes('src/a.ts'));
  });

  it('splits on a date along the main line', async () => {
    // Commits are one day apart from 2024-01-01; the side branch commit is dated after the bulk one.
    const history = await mineHistory({ repo: repo.dir, until: '2024-01-04T12:00:00Z' });
    assert.equal(history.split.rev, hashes.bulk);
    assert.equal(history.commits.length, 4);
    const none = await mineHistory({ repo: repo.dir, until: '2000-01-01' });
    assert.equal(none.commits.length, 0);
    assert.equal(none.split.rev, undefined);
  });

  it('walks the commits after a split oldest first, for evaluation', async () => {
    const after: string[] = [];
    for await (const commit of streamCommits(repo.dir, { exclude: hashes.release, reverse: true }))
      after.push(commit.subject);
    assert.deepEqual(after, ['feat: side branch', 'Merge side', 'feat: late']);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(mineHistory({ repo: repo.dir, signal: controller.signal }), { name: 'AbortError' });
  });

  it('reports a bad revision as an error, not a crash', async () => {
    await assert.rejects(
      mineHistory({ repo: repo.dir, until: 'no-such-rev-or-date' }),
      /neither a revision nor a date/,
    );
  });

  it('reads a patch and files at a revision', async () => {
    assert.match(await commitPatch(repo.dir, hashes.generated, { paths: ['src/a.ts'] }), /^\+a2$/m);
    const contents = await readFilesAt(repo.dir, hashes.first, ['src/a.ts', 'missing.txt', 'test/a.test.ts']);
    assert.deepEqual(
      [...contents],
      [
        ['src/a.ts', 'a\n'],
        ['test/a.test.ts', 't\n'],
      ],
    );
  });

  it('gives an empty history for an empty repository', async () => {
    const empty = createTempRepo();
    try {
      const history = await mineHistory({ repo: empty.dir });
      assert.equal(history.commits.length, 0);
    } finally {
      empty.cleanup();
    }
  });
});
