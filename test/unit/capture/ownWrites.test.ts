import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { OwnWrites } from '../../../src/core/capture/ownWrites';

describe('OwnWrites', () => {
  const root = join('/', 'work', 'repo');
  const skills = join(root, '.agents', 'skills');

  it('covers paths under a folder being written, during the write and for the grace period after', async () => {
    let now = 1000;
    const own = new OwnWrites({ now: () => now }, 3000);
    let during = false;
    await own.around([skills, join(root, 'AGENTS.md')], async () => {
      during = own.covers(join(skills, 'commit-messages', 'SKILL.md'));
    });
    assert.equal(during, true);
    now = 3500;
    assert.equal(
      own.covers(join(skills, '.commit-messages.skillwright-tmp-1a2b', 'SKILL.md')),
      true,
      'temp siblings inside the folder count',
    );
    assert.equal(own.covers(join(root, 'AGENTS.md')), true);
    assert.equal(own.covers(join(root, 'AGENTS.md.skillwright-9f8e.tmp')), true, 'its temp sibling counts');
    assert.equal(own.covers(join(root, 'AGENTS.md.bak')), false);
    assert.equal(own.covers(join(root, 'src', 'index.ts')), false, 'other files are not covered');
    assert.equal(
      own.covers(join(root, '.agents', 'skills-other', 'x')),
      false,
      'a sibling with the same prefix is not covered',
    );
    now = 4001;
    assert.equal(
      own.covers(join(skills, 'commit-messages', 'SKILL.md')),
      false,
      "after the grace period the folder is the agents' again",
    );
  });

  it('still marks the paths when the write fails, and lets the error through', async () => {
    let now = 0;
    const own = new OwnWrites({ now: () => now }, 1000);
    await assert.rejects(
      own.around([skills], () => Promise.reject(new Error('disk full'))),
      /disk full/,
    );
    now = 500;
    assert.equal(own.covers(join(skills, 'a', 'SKILL.md')), true);
    assert.equal(
      own.covers(join(skills, 'a', 'SKILL.md'), 2000),
      false,
      'an event stamped after the grace period is not covered',
    );
  });
});
