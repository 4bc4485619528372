import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { loadSkillLibrary } from '../../../src/core/skills/library';
import { renderCandidate } from '../../../src/core/skills/render';
import { candidate, skillMd, tempDir, type TempDir } from '../../support/skills/skillFixtures';

describe('loadSkillLibrary', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('loads skills with their issues, extras, hashes and edit state', async () => {
    tmp.write('skills/run-tests/SKILL.md', renderCandidate(candidate()));
    tmp.write('skills/run-tests/scripts/check.sh', 'npm test\n');
    tmp.write('skills/Bad_Name/SKILL.md', skillMd('Bad_Name'));
    const library = await loadSkillLibrary(join(tmp.dir, 'skills'));
    assert.deepEqual(library.problems, []);
    assert.deepEqual(
      library.skills.map((skill) => skill.folderName),
      ['Bad_Name', 'run-tests'],
    );
    const [bad, good] = library.skills;
    assert.deepEqual(good?.issues, []);
    assert.equal(good?.handEdited, false);
    assert.deepEqual(
      good?.doc.extras.map((extra) => [extra.path, extra.text]),
      [['scripts/check.sh', 'npm test\n']],
    );
    assert.match(good?.folderHash ?? '', /^sha256:[0-9a-f]{32}$/);
    assert.deepEqual(
      bad?.issues.map((issue) => issue.rule),
      ['name-charset'],
    );
    assert.equal(bad?.editState, 'unmanaged');
  });

  it('changes the folder hash when a script changes, but not the SKILL.md hash', async () => {
    tmp.write('skills/a/SKILL.md', skillMd('a'));
    tmp.write('skills/a/scripts/x.sh', 'echo 1\n');
    const before = (await loadSkillLibrary(join(tmp.dir, 'skills'))).skills[0];
    tmp.write('skills/a/scripts/x.sh', 'echo 2\n');
    const after = (await loadSkillLibrary(join(tmp.dir, 'skills'))).skills[0];
    assert.equal(before?.hash, after?.hash);
    assert.notEqual(before?.folderHash, after?.folderHash);
  });

  it('skips junk with a reported reason instead of failing', async () => {
    tmp.write('skills/ok/SKILL.md', skillMd('ok'));
    tmp.write('skills/empty/README.md', 'no skill here');
    tmp.write('skills/huge/SKILL.md', `${skillMd('huge')}${'x'.repeat(1024 * 1024 + 10)}`);
    tmp.write('skills/binary/SKILL.md', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    tmp.write('skills/stray-file.md', 'not a folder');
    tmp.write('outside/evil/SKILL.md', skillMd('evil'));
    symlinkSync(join(tmp.dir, 'outside/evil'), join(tmp.dir, 'skills/evil'));
    mkdirSync(join(tmp.dir, 'skills/.hidden-temp'));
    const library = await loadSkillLibrary(join(tmp.dir, 'skills'));
    assert.deepEqual(
      library.skills.map((skill) => skill.folderName),
      ['ok'],
    );
    const reasons = Object.fromEntries(
      library.problems.map((problem) => [problem.path.split('/').slice(-2).join('/'), problem.reason]),
    );
    assert.deepEqual(reasons, {
      'binary/SKILL.md': 'binary',
      'empty/SKILL.md': 'no-skill-md',
      'skills/evil': 'symlink-outside',
      'huge/SKILL.md': 'too-large',
      'skills/stray-file.md': 'not-a-file',
    });
  });

  it('treats a missing folder as an empty library', async () => {
    const library = await loadSkillLibrary(join(tmp.dir, 'nope'));
    assert.deepEqual(library, { folder: join(tmp.dir, 'nope'), skills: [], problems: [] });
  });

  it(
    'reports an unreadable skill folder',
    { skip: process.getuid?.() === 0 ? 'root can read anything' : false },
    async () => {
      tmp.write('skills/locked/SKILL.md', skillMd('locked'));
      chmodSync(join(tmp.dir, 'skills/locked'), 0o000);
      try {
        const library = await loadSkillLibrary(join(tmp.dir, 'skills'));
        assert.equal(library.skills.length, 0);
        assert.equal(library.problems.length, 1);
      } finally {
        chmodSync(join(tmp.dir, 'skills/locked'), 0o755);
      }
    },
  );
});
