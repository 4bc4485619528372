import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EventStore } from '../../src/core/store/eventStore';
import { type StoreHealth, StoreWriteError } from '../../src/core/store/storeHealth';
import { openEventStore } from '../../src/core/store/openEventStore';
import { resolveWasmPath } from '../../src/core/store/sqlJsDatabase';
import { recordingLogger } from '../support/reliability/recordingLogger';
import { terminalEvent } from '../support/store/sampleEvents';

/**
 * A full disk. Where the test runs as root on Linux it mounts a real 1 MiB tmpfs and fills it, so
 * the kernel itself answers ENOSPC, part-way through a write if it comes to that. Elsewhere (CI
 * without root) it falls back to the store's beforeWrite hook throwing an ENOSPC error. The test
 * output says which one ran.
 */
const work = mkdtempSync(join(tmpdir(), 'skillwright-reliability-disk-'));
const mountPoint = join(work, 'tiny');
let mounted = false;

function tryMountTinyTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.SKILLWRIGHT_NO_TMPFS) return false;
  mkdirSync(mountPoint, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'ignore' }).status === 0;
}

/** Writes until the kernel says the disk is full, down to single bytes; returns the bytes written. */
async function fillDisk(path: string): Promise<number> {
  const handle = await open(path, 'w');
  let total = 0;
  try {
    for (const size of [64 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x61);
      for (;;) {
        try {
          const { bytesWritten } = await handle.write(chunk, 0, size, total);
          total += bytesWritten;
          if (bytesWritten < size) break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    await handle.close();
  }
  return total;
}

const ids = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
const events = (names: string[]): ReturnType<typeof terminalEvent>[] =>
  names.map((id, index) => terminalEvent(id, 1_700_000_000_000 + index, `${id} `.repeat(60)));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

describe('reliability: a full disk pauses recording with a warning and resumes when space returns', () => {
  before(() => {
    mounted = tryMountTinyTmpfs();
  });
  after(() => {
    if (mounted) spawnSync('umount', [mountPoint], { stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
  });

  it('loses no acknowledged event and reports disk-full health', { timeout: 60_000 }, async () => {
    const method = mounted
      ? 'a real 1 MiB tmpfs filled to ENOSPC'
      : "the store's beforeWrite hook throwing ENOSPC (a tmpfs could not be mounted here)";
    const dir = mounted ? mountPoint : join(work, 'store');
    mkdirSync(dir, { recursive: true });
    const dbPath = join(dir, 'skillwright.db');
    const filler = join(dir, 'filler.bin');
    let hookFull = false;
    const logger = recordingLogger();
    const store: EventStore = await openEventStore({
      dbPath,
      wasmPath: resolveWasmPath(),
      flushIntervalMs: 5,
      checkpointIdleMs: 60_000,
      retryMs: 50,
      logger,
      beforeWrite: () => {
        if (hookFull) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    });
    const healthChanges: StoreHealth[] = [];
    store.onHealthChange((health) => healthChanges.push(health));

    const before = ids('before', 40);
    store.append(events(before));
    await store.flush();
    await store.checkpoint();

    if (mounted) await fillDisk(filler);
    else hookFull = true;
    const during = ids('during', 60);
    store.append(events(during));
    await assert.rejects(
      store.flush(),
      (error: unknown) => error instanceof StoreWriteError && /disk is full/i.test(error.message),
    );
    assert.equal(store.health.state, 'disk-full');
    assert.match(store.health.state === 'disk-full' ? store.health.message : '', /paused recording and will resume/);
    assert.match(logger.text(), /error The disk is full/, 'the warning reaches the log');
    // Recording stays usable while paused: more events queue up instead of throwing.
    const stillDuring = ids('queued', 20);
    store.append(events(stillDuring));

    if (mounted) await unlink(filler);
    else hookFull = false;
    assert.ok(
      await waitFor(() => store.health.state === 'ok', 5_000),
      'the store resumed by itself once space returned',
    );
    await store.flush();
    await store.close();

    const reopened = await openEventStore({ dbPath, wasmPath: resolveWasmPath() });
    const stored = new Set(reopened.listEvents().map((event) => event.id));
    await reopened.close();
    const expected = [...before, ...during, ...stillDuring];
    const lost = expected.filter((id) => !stored.has(id));
    process.stdout.write(
      `# RELIABILITY disk-full: via ${method}: health ` +
        `went ${healthChanges.map((health) => health.state).join(' -> ')}; ` +
        (`${expected.length} events (${during.length + stillDuring.length} appended while full), events lost ` +
          `= ${lost.length}\n`),
    );
    assert.deepEqual(lost, []);
    assert.deepEqual(
      healthChanges.map((health) => health.state),
      ['disk-full', 'ok'],
    );
  });
});
