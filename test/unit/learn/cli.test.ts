import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { silentLogger } from '../../../src/core/ports';
import { buildPlantedRepo, type PlantedRepo } from './plantedRepo';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('skillwright learn / candidates / show / accept / reject', () => {
  let planted: PlantedRepo;
  let dataDir: string;
  let db: string;
  const cli = async (...args: string[]): Promise<Run> => {
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
    const code = await runCli(args, io);
    return { code, stdout, stderr };
  };

  before(() => {
    planted = buildPlantedRepo();
    dataDir = mkdtempSync(join(tmpdir(), 'skillwright-cli-'));
    db = join(dataDir, 'store.db');
  });
  after(() => {
    planted.repo.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('learns, prints a table, and keeps the store outside the repository', async () => {
    const run = await cli('learn', '--db', db);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /ID\s+NAME\s+KIND\s+CONF\s+EVIDENCE/);
    assert.match(run.stdout, /commit-message-conventions/);
    assert.ok(existsSync(db));
    assert.equal(planted.repo.git('status', '--porcelain'), '');
  });

  it('prints the documented JSON', async () => {
    const run = await cli('learn', '--db', db, '--json');
    const json = JSON.parse(run.stdout) as { candidates: Array<Record<string, unknown>>; stats: { commits: number } };
    assert.equal(json.stats.commits, 37);
    assert.ok(json.candidates.length >= 4);
    for (const candidate of json.candidates) {
      for (const key of ['id', 'name', 'description', 'kind', 'confidence', 'evidence', 'scope', 'source', 'body']) assert.ok(key in candidate, key);
      assert.ok((candidate.evidence as unknown[]).length > 0);
    }
  });

  it('shows, rejects and accepts by id prefix; accept writes .agents/skills/<name>/SKILL.md', async () => {
    const list = JSON.parse((await cli('candidates', '--db', db, '--json')).stdout) as { candidates: Array<{ id: string; name: string }> };
    const conventions = list.candidates.find((candidate) => candidate.name === 'commit-message-conventions');
    const layout = list.candidates.find((candidate) => candidate.name === 'test-and-file-layout');
    assert.ok(conventions && layout);
    const shown = await cli('show', conventions.id.slice(0, 6), '--db', db);
    assert.match(shown.stdout, /# Commit message conventions/);
    assert.match(shown.stdout, /Evidence:\n\s+- commit [0-9a-f]{40}/);
    assert.equal((await cli('reject', layout.id, '--reason', 'we know', '--db', db)).code, 0);
    const accepted = await cli('accept', conventions.id, '--db', db);
    assert.equal(accepted.code, 0, accepted.stderr);
    const file = join(planted.repo.dir, '.agents/skills/commit-message-conventions/SKILL.md');
    assert.match(readFileSync(file, 'utf8'), /^---\nname: commit-message-conventions/);
    const pending = (await cli('candidates', '--db', db)).stdout;
    assert.doesNotMatch(pending, /commit-message-conventions|test-and-file-layout/);
    assert.equal((await cli('accept', conventions.id, '--db', db)).code, 2, 'accepting twice is a usage error');
  });

  it('does not re-propose what was rejected or accepted', async () => {
    const run = await cli('learn', '--db', db, '--json');
    const names = (JSON.parse(run.stdout) as { candidates: Array<{ name: string }> }).candidates.map((candidate) => candidate.name);
    assert.ok(!names.includes('test-and-file-layout'));
    assert.ok(!names.includes('commit-message-conventions'));
  });

  it('rejects bad arguments with a usage error', async () => {
    assert.equal((await cli('learn', '--max', 'zero', '--db', db)).code, 2);
    assert.equal((await cli('show', '--db', db)).code, 2);
    assert.equal((await cli('show', 'nope', '--db', db)).code, 2);
  });
});
