import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { silentLogger } from '../../../src/core/ports';
import { buildPlantedRepo, type PlantedRepo } from './plantedRepo';

describe('skillwright eval', () => {
  let planted: PlantedRepo;
  const cli = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      interactive: false,
      cwd: planted.repo.dir,
      logger: silentLogger,
      signal: new AbortController().signal,
    };
    return { code: await runCli(args, io), stdout, stderr };
  };

  before(() => {
    planted = buildPlantedRepo();
  });
  after(() => planted.repo.cleanup());

  it('prints the documented JSON object', async () => {
    const run = await cli('eval', '--split', planted.split, '--k', '1,5', '--json');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Record<string, Record<string, Record<string, unknown>>>;
    for (const key of [
      'repo',
      'split',
      'train_commits',
      'test_commits',
      'half_life',
      'renames',
      'cochange',
      'cochange_sets',
      'calibration',
      'retrieval',
      'gaps',
      'conventions',
      'excluded',
    ])
      assert.ok(key in report, key);
    assert.deepEqual(Object.keys(report.cochange?.ours ?? {}), [
      'precision_at_1',
      'recall_at_1',
      'precision_at_5',
      'recall_at_5',
      'hit_at_1',
      'hit_at_5',
      'coverage',
    ]);
    assert.deepEqual(Object.keys(report.cochange?.baselines ?? {}), ['same_directory', 'most_frequent', 'rose']);
    assert.deepEqual(Object.keys(report.cochange_sets?.baselines ?? {}), ['same_directory', 'most_frequent', 'rose']);
    assert.deepEqual(Object.keys(report.retrieval?.baselines?.random ?? {}), [
      'hit_at_1',
      'specific_hit_at_1',
      'hit_at_5',
      'specific_hit_at_5',
    ]);
    assert.equal('online' in report, false);
  });

  it('prints each metric beside each baseline with the ratio', async () => {
    const run = await cli('eval', '--split', planted.split, '--k', '1');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /learned from 12 commits, scored 7 later commits/);
    assert.match(run.stdout, /after it 1 lockfile-only, 1 bulk/);
    assert.match(run.stdout, /recall_at_1\s+0\.233\s+0\.033\s+7\.00x\s+0\.067\s+3\.50x\s+0\.200\s+1\.17x/);
  });

  it('rejects a missing split and a bad --k as usage errors', async () => {
    assert.equal((await cli('eval')).code, 2);
    const bad = await cli('eval', '--split', planted.split, '--k', '0');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--k needs positive whole numbers/);
  });
});
