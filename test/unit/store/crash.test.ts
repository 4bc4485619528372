import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openEventStore } from '../../../src/core/store/openEventStore';
import { bundleCrashChild } from '../../support/store/bundleChild';
import { onChildLines } from '../../support/store/childLines';
import { parseJournal } from '../../../src/core/store/journal';
import { openSqlJsDatabase, resolveWasmPath } from '../../../src/core/store/sqlJsDatabase';

/**
 * SIGKILLs an ingesting child at random moments and checks, after every kill, that each event
 * the child saw acknowledged by flush() is in the store exactly once.
 */
const KILLS = Number(process.env.SKILLWRIGHT_CRASH_KILLS ?? 100);
const LANES = Number(process.env.SKILLWRIGHT_CRASH_LANES ?? 4);
const work = mkdtempSync(join(tmpdir(), 'skillwright-crash-'));
const childBundle = join(work, 'crashChild.cjs');

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface ChildRun {
  acked: string[];
  sawReady: boolean;
  stderr: string;
}

function runAndKill(dbPath: string, runId: string, killAfterMs: number): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [childBundle, dbPath, runId, resolveWasmPath()], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { acked: [], sawReady: false, stderr: '' };
    onChildLines(child.stdout, (line) => {
      if (line.startsWith('ack ')) run.acked.push(...line.slice(4).split(' '));
      else if (line.startsWith('ready') && !run.sawReady) {
        run.sawReady = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
    // A child that never gets ready is killed too, and the test reports it.
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', () => {
      clearTimeout(guard);
      resolve(run);
    });
  });
}

/** Ids in the checkpoint plus every event log and journal segment, read without opening the store. */
async function readStoreFiles(dbPath: string): Promise<Set<string>> {
  const bytes = await readFile(dbPath).catch(() => undefined);
  const db = await openSqlJsDatabase({ bytes, wasmPath: resolveWasmPath() });
  const ids = new Set(db.all<{ id: string }>('SELECT id FROM events').map((row) => row.id));
  db.close();
  const dir = dirname(dbPath);
  for (const name of readdirSync(dir).filter(
    (file) => file.startsWith(`${basename(dbPath)}.journal`) || /\.events-\d+$/.test(file),
  )) {
    for (const event of parseJournal(await readFile(join(dir, name))).events) ids.add(event.id);
  }
  return ids;
}

describe('store crash consistency under SIGKILL', () => {
  before(async () => {
    await bundleCrashChild(childBundle);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it(`keeps every acknowledged event exactly once across ${KILLS} kills`, { timeout: 170_000 }, async () => {
    const seed = Number(process.env.SKILLWRIGHT_CRASH_SEED ?? Date.now() % 100_000);
    // Independent stores killed side by side: child start-up (wasm compile) dominates, not CPU.
    const lanes = await Promise.all(
      Array.from({ length: LANES }, (_, lane) =>
        killLane(
          join(work, `store-${lane}`, 'skillwright.db'),
          lane,
          Math.ceil(KILLS / LANES),
          seededRandom(seed + lane),
          seed,
        ),
      ),
    );
    const total = lanes.reduce((sum, lane) => ({
      kills: sum.kills + lane.kills,
      midCheckpoint: sum.midCheckpoint + lane.midCheckpoint,
      acknowledged: sum.acknowledged + lane.acknowledged,
      stored: sum.stored + lane.stored,
    }));
    process.stdout.write(
      `crash test: seed ${seed}, ${total.kills} SIGKILLs in ${LANES} lanes (${total.midCheckpoint} left a ` +
        `half-written checkpoint), ` +
        (`${total.acknowledged} acknowledged, ${total.stored} stored ` +
          `(${total.stored - total.acknowledged} unacknowledged but kept), 0 missing, 0 duplicated\n`),
    );
    assert.ok(total.kills >= KILLS);
    assert.ok(total.acknowledged > total.kills, `too few events acknowledged (${total.acknowledged}) to mean anything`);
  });
});

interface LaneResult {
  kills: number;
  midCheckpoint: number;
  acknowledged: number;
  stored: number;
}

async function killLane(
  dbPath: string,
  lane: number,
  kills: number,
  random: () => number,
  seed: number,
): Promise<LaneResult> {
  const acknowledged = new Set<string>();
  const result: LaneResult = { kills: 0, midCheckpoint: 0, acknowledged: 0, stored: 0 };
  for (let kill = 0; kill < kills; kill++) {
    const run = await runAndKill(dbPath, `l${lane}r${kill}`, Math.floor(random() * 150));
    result.kills++;
    assert.ok(run.sawReady, `lane ${lane} child ${kill} never got ready (seed ${seed}): ${run.stderr}`);
    assert.equal(run.stderr, '', `lane ${lane} child ${kill} failed (seed ${seed}): ${run.stderr}`);
    run.acked.forEach((id) => acknowledged.add(id));
    // Every kill: an independent reader of the files as the kill left them (no lock, no writes).
    const onDisk = await readStoreFiles(dbPath);
    const missingOnDisk = [...acknowledged].filter((id) => !onDisk.has(id));
    assert.deepEqual(
      missingOnDisk.slice(0, 5),
      [],
      `seed ${seed}: ${missingOnDisk.length} acknowledged events not on disk after lane ${lane} kill ${kill}`,
    );
    // Every fifth kill and the last: the store itself opens, recovers and is checked.
    if (kill % 5 === 4 || kill === kills - 1) {
      const store = await openEventStore({ dbPath, wasmPath: resolveWasmPath() });
      result.midCheckpoint += store.recovery.abandonedCheckpoints;
      const ids = store.listEvents().map((event) => event.id);
      const stored = new Set(ids);
      const missing = [...acknowledged].filter((id) => !stored.has(id));
      assert.deepEqual(
        missing.slice(0, 5),
        [],
        `seed ${seed}: ${missing.length} acknowledged events missing after lane ${lane} kill ${kill}`,
      );
      assert.equal(ids.length, stored.size, `seed ${seed}: duplicated events`);
      assert.deepEqual(store.warnings, []);
      result.stored = stored.size;
      await store.close();
    }
  }
  result.acknowledged = acknowledged.size;
  return result;
}
