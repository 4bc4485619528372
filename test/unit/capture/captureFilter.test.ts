import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CaptureFilter } from '../../../src/core/capture/captureFilter';
import { GitCheckIgnore } from '../../../src/core/capture/gitIgnoreOracle';
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';

describe('CaptureFilter', () => {
  let repo: TempRepo;
  before(() => {
    repo = createTempRepo();
    repo.write('.gitignore', 'dist/\n*.log\n!keep.log\n');
    repo.write('pkg/.gitignore', 'generated.ts\n');
    repo.write('src/a.ts', 'a');
    repo.commit('init');
  });
  after(() => repo.cleanup());

  it('follows .gitignore rules as git reads them (dirs, negations, nested files)', async () => {
    const filter = new CaptureFilter({ gitIgnore: new GitCheckIgnore(repo.dir) });
    const verdicts = await Promise.all(
      ['src/a.ts', 'dist/bundle.js', 'debug.log', 'keep.log', 'pkg/generated.ts', 'pkg/real.ts'].map(async (path) => [
        path,
        await filter.isExcluded(path),
      ]),
    );
    assert.deepEqual(Object.fromEntries(verdicts), {
      'src/a.ts': false,
      'dist/bundle.js': true,
      'debug.log': true,
      'keep.log': false,
      'pkg/generated.ts': true,
      'pkg/real.ts': false,
    });
    assert.equal(filter.checkSync('dist/bundle.js'), 'gitignore', 'answers are cached for the sync path');
  });

  it('asks git once for paths requested in the same tick, then serves them from the cache', async () => {
    const git = new GitCheckIgnore(repo.dir);
    const filter = new CaptureFilter({ gitIgnore: git });
    await Promise.all(['x.log', 'y.log', 'src/z.ts'].map((path) => filter.isExcluded(path)));
    assert.equal(git.runs, 1);
    await Promise.all(['x.log', 'y.log', 'src/z.ts'].map((path) => filter.isExcluded(path)));
    assert.equal(git.runs, 1);
  });

  it('lets one ignored-folder answer cover every file below it', async () => {
    const git = new GitCheckIgnore(repo.dir);
    const filter = new CaptureFilter({ gitIgnore: git });
    assert.equal(await filter.isExcluded('dist/a/b.js'), true);
    assert.equal(filter.checkSync('dist/other/deep/c.js'), 'gitignore');
    assert.equal(filter.checkSync('src/new.ts'), 'pending', 'an included folder says nothing about its files');
    assert.equal(git.runs, 1);
  });

  it('always excludes .git and honours files.exclude and capture.exclude globs', () => {
    const filter = new CaptureFilter({
      filesExclude: {
        '**/.DS_Store': true,
        '**/node_modules': true,
        '**/*.js': { when: '$(basename).ts' },
        'off/**': false,
      },
      captureExclude: ['secrets/**', '**/*.pem'],
    });
    assert.equal(filter.checkSync('.git/HEAD'), 'git-dir');
    assert.equal(filter.checkSync('sub/.git/config'), 'git-dir');
    assert.equal(filter.checkSync('a/node_modules/x/index.js'), 'files.exclude');
    assert.equal(filter.checkSync('secrets/prod.env'), 'capture.exclude');
    assert.equal(filter.checkSync('certs/server.pem'), 'capture.exclude');
    assert.equal(filter.checkSync('src/a.js'), undefined, 'when-clauses are not guessed');
    assert.equal(filter.checkSync('off/x.ts'), undefined);
    assert.equal(filter.checkSync('src/a.ts'), undefined);
  });

  it('treats everything as included outside a git repository', async () => {
    const filter = new CaptureFilter({ gitIgnore: new GitCheckIgnore('/') });
    assert.equal(await filter.isExcluded('anything.log'), false);
  });

  it('forgets cached answers when .gitignore changes', async () => {
    const filter = new CaptureFilter({ gitIgnore: new GitCheckIgnore(repo.dir) });
    assert.equal(await filter.isExcluded('notes.tmp'), false);
    repo.write('.gitignore', 'dist/\n*.log\n*.tmp\n');
    assert.equal(await filter.isExcluded('notes.tmp'), false, 'still cached');
    filter.invalidate();
    assert.equal(await filter.isExcluded('notes.tmp'), true);
  });
});
