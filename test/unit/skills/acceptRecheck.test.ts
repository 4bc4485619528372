import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { acceptCandidate } from '../../../src/core/skills/accept';
import { replaceFolderAtomically } from '../../../src/core/skills/atomicFolder';
import { loadSkillFolder } from '../../../src/core/skills/library';
import { renderCandidate } from '../../../src/core/skills/render';
import { candidate, tempDir, type TempDir } from '../../support/skills/skillFixtures';

const CONFLICTED =
  '---\n<<<<<<< HEAD\nname: run-tests\n=======\nname: run-all-tests\n>>>>>>> origin/main\ndescription: merged ' +
  'badly\n---\nbody\n';

describe('replaceFolderAtomically: re-check before the swap', () => {
  let tmp: TempDir;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('puts the folder back untouched and reports false when the check fails', async () => {
    const target = join(tmp.dir, 'skill');
    tmp.write('skill/SKILL.md', 'theirs\n');
    tmp.write('skill/scripts/run.sh', 'echo theirs\n');
    let seen: string | undefined;
    const replaced = await replaceFolderAtomically(target, [{ path: 'SKILL.md', content: 'ours\n' }], true, {
      stillAsLoaded: async (aside) => {
        seen = aside;
        assert.equal(existsSync(target), false, 'the target is out of the way while checked');
        return false;
      },
    });
    assert.equal(replaced, false);
    assert.ok(seen?.includes('.skillwright-old-'));
    assert.equal(readFileSync(join(target, 'SKILL.md'), 'utf8'), 'theirs\n');
    assert.equal(readFileSync(join(target, 'scripts/run.sh'), 'utf8'), 'echo theirs\n');
    assert.deepEqual(readdirSync(tmp.dir), ['skill'], 'no temp or aside folder left');
  });

  it('asks with no path when the target is absent, and writes when the check passes', async () => {
    const target = join(tmp.dir, 'fresh');
    const asked: Array<string | undefined> = [];
    const replaced = await replaceFolderAtomically(target, [{ path: 'SKILL.md', content: 'ours\n' }], true, {
      stillAsLoaded: async (aside) => {
        asked.push(aside);
        return true;
      },
    });
    assert.equal(replaced, true);
    assert.deepEqual(asked, [undefined]);
    assert.equal(readFileSync(join(target, 'SKILL.md'), 'utf8'), 'ours\n');
  });
});

describe('acceptCandidate: a SKILL.md a merge left conflict markers in', () => {
  let tmp: TempDir;
  let skills: string;
  beforeEach(() => {
    tmp = tempDir();
    skills = join(tmp.dir, 'skills');
  });
  afterEach(() => tmp.cleanup());

  it('comes back as an `unparsable` proposal, never a throw; accepting the proposal writes a clean file', async () => {
    const first = await acceptCandidate(candidate(), { skillsFolder: skills, now: 1 });
    assert.equal(first.status, 'written');
    writeFileSync(join(skills, 'run-tests/SKILL.md'), CONFLICTED);
    const edit = candidate({
      id: 'c2',
      kind: 'edit',
      body: '## Steps\n\n1. `npm run test:unit`\n',
      baseHash: first.status === 'written' ? first.hash : '',
    });
    const proposal = await acceptCandidate(edit, { skillsFolder: skills, now: 2 });
    assert.equal(proposal.status, 'became-candidate');
    if (proposal.status !== 'became-candidate') return;
    assert.equal(proposal.reason, 'unparsable');
    assert.equal(
      readFileSync(join(skills, 'run-tests/SKILL.md'), 'utf8'),
      CONFLICTED,
      'the conflicted file is left for review',
    );

    const accepted = await acceptCandidate(proposal.proposal, { skillsFolder: skills, now: 3 });
    assert.equal(accepted.status, 'written');
    const loaded = await loadSkillFolder(join(skills, 'run-tests'));
    assert.ok(!('reason' in loaded));
    assert.deepEqual(
      loaded.issues.filter((issue) => issue.severity === 'error'),
      [],
    );
    assert.equal(loaded.doc.name, 'run-tests');
    assert.ok(!loaded.text.includes('<<<<<<<'));
  });

  it('renderCandidate ignores a base whose frontmatter cannot be written back', async () => {
    tmp.write('skills/run-tests/SKILL.md', CONFLICTED);
    const loaded = await loadSkillFolder(join(skills, 'run-tests'));
    assert.ok(!('reason' in loaded));
    const text = renderCandidate(candidate(), { base: loaded.doc });
    assert.match(text, /^name: run-tests$/m);
    assert.ok(!text.includes('<<<<<<<'));
  });
});
