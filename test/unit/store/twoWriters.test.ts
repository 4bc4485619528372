import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openEventStore } from '../../../src/core/store/openEventStore';
import { resolveWasmPath } from '../../../src/core/store/sqlJsDatabase';
import { bundleCrashChild } from '../../support/store/bundleChild';
import { openQuietStore, tempStoreDir } from '../../support/store/tempStore';
import { terminalEvent } from '../../support/store/sampleEvents';

interface Writer {
  ready: Promise<void>;
  done: Promise<{ output: string; code: number | null }>;
}

function startWriter(bundle: string, dbPath: string, runId: string, count: number): Writer {
  const child = spawn(process.execPath, [bundle, dbPath, runId, resolveWasmPath(), String(count)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.includes('ready')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const done = new Promise<{ output: string; code: number | null }>((resolve) =>
    child.on('exit', (code) => {
      markReady();
      resolve({ output, code });
    }),
  );
  return { ready, done };
}

describe('two processes on one store', () => {
  it('lets a second process record as a guest without losing or duplicating anything', async () => {
    const temp = tempStoreDir();
    const bundle = await bundleCrashChild(join(temp.dir, 'writer.cjs'));
    const dbPath = join(temp.dir, 'store', 'skillwright.db');
    const first = startWriter(bundle, dbPath, 'a', 400);
    await first.ready; // the second starts while the first holds the store
    const [a, b] = await Promise.all([first.done, startWriter(bundle, dbPath, 'b', 400).done]);
    assert.equal(a.code, 0, a.output);
    assert.equal(b.code, 0, b.output);
    assert.match(a.output, /ready primary/);
    assert.match(b.output, /ready guest/, 'the second writer ran while the first owned the store');
    const store = await openEventStore({ dbPath });
    const ids = store.listEvents().map((event) => event.id);
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
    assert.equal(ids.filter((id) => id.startsWith('a-')).length, 400);
    assert.equal(ids.filter((id) => id.startsWith('b-')).length, 400);
    assert.equal(store.mode, 'primary');
    await store.close();
    // The merged guest segment is gone after the checkpoint that absorbed it.
    const again = await openEventStore({ dbPath });
    assert.equal(again.recovery.mergedGuestJournals, 0);
    assert.equal(again.countEvents(), 800);
    await again.close();
    temp.cleanup();
  });

  it('opens a guest in the same process, keeps its events in a side journal, and merges them later', async () => {
    const temp = tempStoreDir();
    const primary = await openQuietStore(temp.dbPath);
    const guest = await openQuietStore(temp.dbPath);
    assert.equal(primary.mode, 'primary');
    assert.equal(guest.mode, 'guest');
    assert.match(guest.guestNotice ?? '', /in use by process \d+/);
    assert.ok(!guest.warnings.some((warning) => warning.includes('in use by')), 'the guest notice is not a warning');
    primary.append([terminalEvent('p1', 1)]);
    guest.append([terminalEvent('g1', 2)]);
    await Promise.all([primary.flush(), guest.flush()]);
    await assert.rejects(guest.deleteAll(), /Another window owns/);
    await guest.close();
    await primary.close();
    const reopened = await openQuietStore(temp.dbPath);
    assert.deepEqual(
      reopened.listEvents().map((event) => event.id),
      ['p1', 'g1'],
    );
    await reopened.close();
    temp.cleanup();
  });
});
