import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { acceptCandidate, deleteSkill } from '../../../src/core/skills/accept';
import { recoverInterruptedWrites, replaceFolderAtomically } from '../../../src/core/skills/atomicFolder';
import { loadSkillFolder } from '../../../src/core/skills/library';
import { isHandEdited } from '../../../src/core/skills/provenance';
import { memoryTrustStore } from '../../../src/core/skills/trustStore';
import { candidate, skillMd, tempDir, type TempDir } from '../../support/skills/skillFixtures';

describe('acceptCandidate', () => {
  let tmp: TempDir;
  let skills: string;
  beforeEach(() => {
    tmp = tempDir();
    skills = join(tmp.dir, '.agents/skills');
  });
  afterEach(() => tmp.cleanup());

  it('writes a new skill folder, leaves no temp folder behind and records trust', async () => {
    const trust = memoryTrustStore();
    const result = await acceptCandidate(candidate(), { skillsFolder: skills, now: 5, trustStore: trust });
    assert.equal(result.status, 'written');
    assert.deepEqual(readdirSync(skills), ['run-tests']);
    const text = readFileSync(join(skills, 'run-tests/SKILL.md'), 'utf8');
    assert.equal(isHandEdited(text), false);
    const loaded = await loadSkillFolder(join(skills, 'run-tests'));
    assert.ok(!('reason' in loaded));
    assert.deepEqual(loaded.issues, []);
    assert.equal(trust.isTrusted('run-tests', loaded.folderHash), true);
    assert.equal(trust.history('run-tests')[0]?.by, 'accept');
  });

  it('updates a pristine skill from an edit candidate, keeping its scripts and bumping the version', async () => {
    await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    writeFileSync(join(skills, 'run-tests/helper.sh'), 'echo hi\n');
    const base = await loadSkillFolder(join(skills, 'run-tests'));
    assert.ok(!('reason' in base));
    const edit = candidate({
      id: 'c2',
      kind: 'edit',
      body: '## Steps\n\n1. `npm run test:unit`\n',
      baseHash: base.hash,
    });
    const result = await acceptCandidate(edit, { skillsFolder: skills, now: 2 });
    assert.equal(result.status, 'written');
    const text = readFileSync(join(skills, 'run-tests/SKILL.md'), 'utf8');
    assert.match(text, /npm run test:unit/);
    assert.match(text, /skillwright\.version: "2"/);
    assert.equal(readFileSync(join(skills, 'run-tests/helper.sh'), 'utf8'), 'echo hi\n');
    assert.deepEqual(readdirSync(skills), ['run-tests']);
  });

  it('never overwrites a hand-edited skill: the update becomes a new candidate that can then be accepted', async () => {
    await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    const path = join(skills, 'run-tests/SKILL.md');
    const written = await loadSkillFolder(join(skills, 'run-tests'));
    assert.ok(!('reason' in written));
    const edited = readFileSync(path, 'utf8').replace('`npm test`', '`npm test -- --runInBand` (my note)');
    writeFileSync(path, edited);
    const update = candidate({ id: 'c2', kind: 'edit', body: '## Steps\n\n1. `pnpm test`\n', baseHash: written.hash });
    const result = await acceptCandidate(update, { skillsFolder: skills, now: 9 });
    assert.equal(result.status, 'became-candidate');
    assert.ok(result.status === 'became-candidate');
    assert.equal(result.reason, 'hand-edited');
    assert.equal(readFileSync(path, 'utf8'), edited, 'the hand edit is untouched');
    assert.equal(result.proposal.kind, 'edit');
    assert.equal(result.proposal.baseHash, result.current.hash);
    assert.notEqual(result.proposal.id, 'c2');
    assert.equal(result.proposal.createdAt, 9);
    const second = await acceptCandidate(result.proposal, { skillsFolder: skills, now: 10 });
    assert.equal(second.status, 'written', 'a proposal reviewed against the current text may replace it');
    assert.match(readFileSync(path, 'utf8'), /pnpm test/);
  });

  it('turns a new candidate that hits an existing hand-made skill into a proposal', async () => {
    mkdirSync(join(skills, 'run-tests'), { recursive: true });
    writeFileSync(join(skills, 'run-tests/SKILL.md'), skillMd('run-tests'));
    const result = await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    assert.equal(result.status, 'became-candidate');
    assert.equal(result.status === 'became-candidate' && result.reason, 'unmanaged');
    assert.equal(readFileSync(join(skills, 'run-tests/SKILL.md'), 'utf8'), skillMd('run-tests'));
  });

  it('sends an edit made against an older version back for review', async () => {
    await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    const result = await acceptCandidate(candidate({ kind: 'edit', baseHash: 'sha256:old' }), {
      skillsFolder: skills,
      now: 2,
    });
    assert.equal(result.status === 'became-candidate' && result.reason, 'changed-since-base');
  });

  it('refuses invalid names and targets that are not plain folders', async () => {
    assert.equal(
      (await acceptCandidate(candidate({ name: '../escape' }), { skillsFolder: skills, now: 1 })).status,
      'conflict',
    );
    assert.equal(
      (await acceptCandidate(candidate({ name: 'a--b' }), { skillsFolder: skills, now: 1 })).status,
      'conflict',
    );
    const tooLong = await acceptCandidate(candidate({ description: 'd'.repeat(1100) }), {
      skillsFolder: skills,
      now: 1,
    });
    assert.equal(tooLong.status === 'conflict' && tooLong.reason.startsWith('description-too-long'), true);
    assert.equal(existsSync(skills) && readdirSync(skills).length > 0, false, 'nothing written for an invalid skill');
    mkdirSync(skills, { recursive: true });
    writeFileSync(join(skills, 'run-tests'), 'a file');
    const result = await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    assert.equal(result.status, 'conflict');
    assert.equal(readFileSync(join(skills, 'run-tests'), 'utf8'), 'a file');
  });

  it('leaves the old folder intact when a replacement fails half-way', async () => {
    await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    const before = readFileSync(join(skills, 'run-tests/SKILL.md'), 'utf8');
    await assert.rejects(
      replaceFolderAtomically(
        join(skills, 'run-tests'),
        [
          { path: 'SKILL.md', content: 'half' },
          { path: '../evil', content: 'x' },
        ],
        true,
      ),
    );
    assert.equal(readFileSync(join(skills, 'run-tests/SKILL.md'), 'utf8'), before);
    assert.deepEqual(readdirSync(skills), ['run-tests']);
  });

  it('puts back a folder renamed aside by a crash between the two renames', async () => {
    await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    const { renameSync } = await import('node:fs');
    renameSync(join(skills, 'run-tests'), join(skills, '.run-tests.skillwright-old-abcd1234'));
    mkdirSync(join(skills, '.run-tests.skillwright-tmp-ffff0000'));
    await recoverInterruptedWrites(skills);
    assert.deepEqual(readdirSync(skills), ['run-tests']);
    assert.ok(lstatSync(join(skills, 'run-tests/SKILL.md')).isFile());
  });

  it('deletes a skill together with its mirror copies', async () => {
    const mirrors = ['.claude/skills'];
    await acceptCandidate(candidate(), { skillsFolder: skills, mirrors, root: tmp.dir, now: 1 });
    assert.ok(existsSync(join(tmp.dir, '.claude/skills/run-tests/SKILL.md')));
    const result = await deleteSkill('run-tests', { skillsFolder: skills, mirrors, root: tmp.dir });
    assert.equal(result.removed, true);
    assert.equal(existsSync(join(skills, 'run-tests')), false);
    assert.equal(existsSync(join(tmp.dir, '.claude/skills/run-tests')), false);
  });
});
