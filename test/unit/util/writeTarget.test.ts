import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UnsafeWriteTargetError, vetWriteTarget } from '../../../src/core/util/writeTarget';

describe('vetWriteTarget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skillwright-write-target-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a file that does not exist yet, and one whose folders are still to be made', async () => {
    assert.equal(await vetWriteTarget(join(dir, 'new.db'), { role: 'store' }), join(dir, 'new.db'));
    assert.equal(await vetWriteTarget(join(dir, 'a', 'b', 'new.db'), { role: 'store' }), join(dir, 'a', 'b', 'new.db'));
  });

  it('follows a chain of links, a dangling one included, to the file that will be written', async () => {
    symlinkSync(join(dir, 'final.db'), join(dir, 'second'));
    symlinkSync('second', join(dir, 'first'));
    assert.equal(await vetWriteTarget(join(dir, 'first'), { role: 'store' }), join(dir, 'final.db'));
  });

  it('refuses a symlink loop, and a file whose parent is a file, with one line naming the path', async () => {
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    await assert.rejects(
      vetWriteTarget(join(dir, 'loop-a'), { role: 'store' }),
      (error: unknown) =>
        error instanceof UnsafeWriteTargetError && /loop-a is a chain of more than 40 symlinks/.test(error.message),
    );
    writeFileSync(join(dir, 'plain'), '');
    await assert.rejects(
      vetWriteTarget(join(dir, 'plain', 'x.db'), { role: 'gap inbox' }),
      /the gap inbox .*plain\/x\.db cannot be created: .*plain is not a folder/,
    );
  });

  it('keeps folder writes inside the root unless allowed, and says why with the hint', async () => {
    const root = join(dir, 'repo');
    mkdirSync(root);
    symlinkSync(dir, join(root, 'escape'));
    await assert.rejects(
      vetWriteTarget(join(root, 'escape', 'skills'), {
        role: 'skills folder',
        kind: 'folder',
        inside: { root, hint: 'Pass --flag' },
      }),
      (error: unknown) =>
        error instanceof UnsafeWriteTargetError &&
        error.reason === 'outside' &&
        /resolves to .*skills\) is outside the repository .*Pass --flag$/.test(error.message),
    );
    assert.equal(
      await vetWriteTarget(join(root, 'escape', 'skills'), {
        role: 'skills folder',
        kind: 'folder',
        inside: { root, allowOutside: true },
      }),
      join(root, 'escape', 'skills'),
    );
    assert.equal(await vetWriteTarget(root, { role: 'skills folder', kind: 'folder', inside: { root } }), root);
    writeFileSync(join(root, 'file'), '');
    await assert.rejects(
      vetWriteTarget(join(root, 'file'), { role: 'skills folder', kind: 'folder', inside: { root } }),
      /is a file, not a folder/,
    );
  });
});
