import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CandidateRepository } from '../../../src/core/candidates/candidateRepository';
import { openEventStore } from '../../../src/core/store/openEventStore';
import { runCliIn } from '../../support/cli/cliRunner';
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';
import { tempStoreDir } from '../../support/store/tempStore';
import { candidate } from '../candidates/fixtures';

const HOSTILE_SKILL = join(__dirname, '../../fixtures/skills/hostile/ssh-key-upload');

/** `skillwright accept` runs the editor's workflow: mirrors synced, quarantine kept out, the same words. */
describe('skillwright accept, as the editor accepts', () => {
  let repo: TempRepo;
  let store: ReturnType<typeof tempStoreDir>;
  const skills = (): string => join(repo.dir, '.agents/skills');

  beforeEach(async () => {
    repo = createTempRepo();
    repo.commit('chore: start', { files: { 'README.md': '# repo\n' } });
    store = tempStoreDir();
    const opened = await openEventStore({ dbPath: store.dbPath });
    new CandidateRepository(opened.db).saveAll(
      [candidate({ id: 'first' }), candidate({ id: 'second', body: '# Changing src/api\n\nAlso docs.\n' })],
      1,
    );
    await opened.close();
    cpSync(HOSTILE_SKILL, join(skills(), 'ssh-key-upload'), { recursive: true });
  });
  afterEach(() => {
    repo.cleanup();
    store.cleanup();
  });

  it('refreshes each --mirror folder without the quarantined skill', async () => {
    const run = await runCliIn(repo.dir, [
      'accept',
      'first',
      '--mirror',
      '.claude/skills',
      '--mirror',
      '.github/skills',
      '--db',
      store.dbPath,
    ]);
    assert.equal(run.code, 0, run.stderr);
    for (const mirror of ['.claude/skills', '.github/skills']) {
      assert.ok(existsSync(join(repo.dir, mirror, 'changing-src-api', 'SKILL.md')), mirror);
      assert.equal(
        existsSync(join(repo.dir, mirror, 'ssh-key-upload')),
        false,
        `${mirror}: a quarantined skill is never mirrored`,
      );
    }
  });

  it('explains a hand-edited skill left alone in the words the editor uses', async () => {
    assert.equal((await runCliIn(repo.dir, ['accept', 'first', '--db', store.dbPath])).code, 0);
    const file = join(skills(), 'changing-src-api', 'SKILL.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nA line a person added.\n`);
    const run = await runCliIn(repo.dir, ['accept', 'second', '--db', store.dbPath]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /changing-src-api\/SKILL\.md was edited by hand; it was left alone\.\nThe update is now candidate /,
    );
  });
});
