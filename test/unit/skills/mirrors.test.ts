import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { acceptCandidate } from '../../../src/core/skills/accept';
import { syncMirrors } from '../../../src/core/skills/mirrors';
import { readSkillDocument } from '../../../src/core/skills/skillFile';
import { candidate, skillMd, tempDir, type TempDir } from '../../support/skills/skillFixtures';

describe('syncMirrors', () => {
  let tmp: TempDir;
  let skills: string;
  const mirrors = ['.claude/skills', '.github/skills'];
  const sync = (quarantined: string[] = []): ReturnType<typeof syncMirrors> =>
    syncMirrors({ skillsFolder: skills, mirrors, quarantined: new Set(quarantined), root: tmp.dir });

  beforeEach(async () => {
    tmp = tempDir();
    skills = join(tmp.dir, '.agents/skills');
    await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    tmp.write('.agents/skills/run-tests/scripts/run.sh', '#!/bin/sh\nnpm test\n');
  });
  afterEach(() => tmp.cleanup());

  it('writes real copies (no symlinks) marked with their origin', async () => {
    const report = await sync();
    assert.equal(report.written.length, 2);
    for (const mirror of mirrors) {
      const folder = join(tmp.dir, mirror, 'run-tests');
      assert.equal(lstatSync(folder).isSymbolicLink(), false);
      assert.equal(readFileSync(join(folder, 'scripts/run.sh'), 'utf8'), '#!/bin/sh\nnpm test\n');
      const { doc } = readSkillDocument(readFileSync(join(folder, 'SKILL.md'), 'utf8'));
      assert.equal(doc.name, 'run-tests');
      assert.equal(doc.metadata['skillwright.mirror-of'], '../../../.agents/skills/run-tests');
    }
    const again = await sync();
    assert.deepEqual(again.written, []);
    assert.equal(again.unchanged.length, 2);
  });

  it('refreshes a mirror when the canonical skill changes', async () => {
    await sync();
    tmp.write('.agents/skills/run-tests/scripts/run.sh', '#!/bin/sh\nnpm run test:all\n');
    const report = await sync();
    assert.equal(report.written.length, 2);
    assert.match(tmp.read('.claude/skills/run-tests/scripts/run.sh'), /test:all/);
  });

  it('never writes over or deletes a foreign skill of the same name', async () => {
    const foreign = skillMd('run-tests', 'My own Claude skill.');
    tmp.write('.claude/skills/run-tests/SKILL.md', foreign);
    tmp.write('.claude/skills/mine-only/SKILL.md', skillMd('mine-only'));
    const report = await sync();
    assert.equal(tmp.read('.claude/skills/run-tests/SKILL.md'), foreign);
    assert.deepEqual(report.conflicts, [{ path: join(tmp.dir, '.claude/skills/run-tests'), reason: 'foreign' }]);
    assert.ok(existsSync(join(tmp.dir, '.claude/skills/mine-only/SKILL.md')));
    assert.ok(existsSync(join(tmp.dir, '.github/skills/run-tests/SKILL.md')), 'the other mirror is still written');
  });

  it('leaves a mirror copy someone edited in place, and a symlinked one', async () => {
    await sync();
    const path = join(tmp.dir, '.claude/skills/run-tests/SKILL.md');
    const edited = `${readFileSync(path, 'utf8')}\nLocal note.\n`;
    writeFileSync(path, edited);
    mkdirSync(join(tmp.dir, 'elsewhere'), { recursive: true });
    tmp.write('.agents/skills/other/SKILL.md', skillMd('other'));
    symlinkSync(join(tmp.dir, 'elsewhere'), join(tmp.dir, '.github/skills/other'));
    tmp.write('.agents/skills/run-tests/scripts/run.sh', 'changed\n');
    const report = await sync();
    assert.equal(readFileSync(path, 'utf8'), edited);
    assert.deepEqual(report.conflicts.map((conflict) => conflict.reason).sort(), ['mirror-edited', 'not-a-folder']);
  });

  it('removes its own copies of deleted or quarantined skills only', async () => {
    tmp.write('.agents/skills/second/SKILL.md', skillMd('second'));
    await sync();
    assert.ok(existsSync(join(tmp.dir, '.claude/skills/second')));
    const quarantined = await sync(['second']);
    assert.equal(existsSync(join(tmp.dir, '.claude/skills/second')), false);
    assert.deepEqual(quarantined.skipped, [{ name: 'second', reason: 'quarantined' }]);
    const { rmSync } = await import('node:fs');
    rmSync(join(skills, 'run-tests'), { recursive: true });
    const report = await sync(['second']);
    assert.equal(report.removed.length, 2);
    assert.equal(existsSync(join(tmp.dir, '.github/skills/run-tests')), false);
  });

  it('skips canonical skills whose name does not match their folder', async () => {
    tmp.write('.agents/skills/wrong/SKILL.md', skillMd('right'));
    const report = await sync();
    assert.ok(report.skipped.some((skip) => skip.name === 'wrong' && skip.reason === 'invalid name'));
    assert.equal(existsSync(join(tmp.dir, '.claude/skills/wrong')), false);
  });
});
