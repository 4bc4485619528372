import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type StoreHealth, StoreWriteError } from '../../../src/core/store/storeHealth';
import { terminalEvent } from '../../support/store/sampleEvents';
import { openQuietStore, tempStoreDir } from '../../support/store/tempStore';

function enospc(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

/** Polls until the store reports healthy again; retries run on a timer, so this may take a moment. */
async function healthy(get: () => StoreHealth, deadlineMs = 5000): Promise<StoreHealth['state']> {
  const end = Date.now() + deadlineMs;
  while (get().state !== 'ok' && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return get().state;
}

describe('event store on a full disk', () => {
  it('pauses with a clear health state, bounds its queue, and resumes when writes succeed', async () => {
    const temp = tempStoreDir();
    let full = false;
    const store = await openQuietStore(temp.dbPath, {
      retryMs: 30,
      maxQueuedEvents: 50,
      beforeWrite: () => {
        if (full) throw enospc();
      },
    });
    const seen: StoreHealth['state'][] = [];
    store.onHealthChange((health) => seen.push(health.state));
    store.append([terminalEvent('before', 1)]);
    await store.flush();

    full = true;
    store.append([terminalEvent('during-1', 2)]);
    await assert.rejects(store.flush(), StoreWriteError);
    assert.equal(store.health.state, 'disk-full');
    assert.match(store.health.state === 'disk-full' ? store.health.message : '', /disk is full/);
    for (let i = 0; i < 100; i++) store.append([terminalEvent(`flood-${i}`, 10 + i)]);
    assert.equal(
      store.health.state === 'disk-full' && store.health.droppedEvents,
      51,
      'the queue stops at maxQueuedEvents',
    );

    full = false;
    assert.equal(await healthy(() => store.health), 'ok');
    assert.deepEqual(seen, ['disk-full', 'ok']);
    store.append([terminalEvent('after', 500)]);
    await store.flush();
    await store.close();

    const reopened = await openQuietStore(temp.dbPath);
    const ids = reopened.listEvents().map((event) => event.id);
    assert.ok(ids.includes('before') && ids.includes('during-1') && ids.includes('after'));
    assert.equal(ids.length, 52, 'before, during-1, the 49 queued of the flood, after');
    await reopened.close();
    temp.cleanup();
  });

  it('survives a real full file system (a 256 KB tmpfs) and recovers once space is freed', async (t) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'skillwright-tmpfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      rmdirSync(mountPoint);
      t.skip('mounting a tmpfs needs root; the injected-ENOSPC test above covers the logic');
      return;
    }
    try {
      const storeDir = join(mountPoint, 'store');
      mkdirSync(storeDir);
      const store = await openQuietStore(join(storeDir, 'skillwright.db'), { retryMs: 30 });
      const filler = join(mountPoint, 'filler');
      store.append([terminalEvent('first', 1, 'a'.repeat(1000))]);
      await store.flush();
      writeFileSync(filler, Buffer.alloc(1)); // grow it until the disk is full
      try {
        for (;;) writeFileSync(filler, Buffer.alloc(16 * 1024), { flag: 'a' });
      } catch {
        // ENOSPC: the file system is now full.
      }
      let failures = 0;
      for (let i = 0; i < 20 && store.health.state === 'ok'; i++) {
        store.append([terminalEvent(`fill-${i}`, 2 + i, 'b'.repeat(4000))]);
        await store.flush().catch(() => failures++);
      }
      assert.equal(store.health.state, 'disk-full');
      assert.ok(failures > 0);
      unlinkSync(filler);
      assert.equal(await healthy(() => store.health), 'ok');
      store.append([terminalEvent('last', 100)]);
      await store.flush();
      await store.close();
      const reopened = await openQuietStore(join(storeDir, 'skillwright.db'));
      const ids = reopened.listEvents().map((event) => event.id);
      assert.ok(ids.includes('first') && ids.includes('last'));
      await reopened.close();
    } finally {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
      rmdirSync(mountPoint);
    }
  });
});
