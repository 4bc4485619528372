import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openEventStore } from '../../src/core/store/openEventStore';
import { resolveWasmPath } from '../../src/core/store/sqlJsDatabase';
import { bundleChild } from '../support/reliability/bundleChild';
import { envCount, seededRandom } from '../support/reliability/random';
import { onChildLines } from '../support/store/childLines';

/**
 * Crash consistency: a recorder child is SIGKILLed at least 200 times, a third of them at a random
 * moment, a third while a journal append is in flight and a third while a checkpoint is being
 * written. After every kill the store must open with no warning, and hold every event the child
 * saw acknowledged by flush(), exactly once.
 */
const KILLS = envCount('SKILLWRIGHT_CRASH_KILLS', 210);
const LANES = 2;
/** Each lane starts a fresh store this often, so the database stays small and each reopen cheap. */
const KILLS_PER_STORE = 30;
const MODES = ['timer', 'journal', 'checkpoint'] as const;
type Mode = (typeof MODES)[number];

const work = mkdtempSync(join(tmpdir(), 'skillwright-reliability-crash-'));
let child = '';

interface ChildRun {
  acked: string[];
  ready: boolean;
  killedDuring: string | undefined;
  stderr: string;
}

function runAndKill(dbPath: string, runId: string, mode: Mode, seed: number, killAfterMs: number): Promise<ChildRun> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [child, dbPath, runId, resolveWasmPath(), mode, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { acked: [], ready: false, killedDuring: undefined, stderr: '' };
    onChildLines(proc.stdout, (line) => {
      if (line.startsWith('ack ')) run.acked.push(...line.slice(4).split(' '));
      else if (line.startsWith('killing ')) run.killedDuring = line.slice(8);
      else if (line.startsWith('ready') && !run.ready) {
        run.ready = true;
        if (mode === 'timer') setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
    // A self-kill child that never reached its fatal write is killed from outside, and counted so.
    const guard = setTimeout(() => proc.kill('SIGKILL'), 8_000);
    proc.on('exit', () => {
      clearTimeout(guard);
      resolve(run);
    });
  });
}

interface Tally {
  kills: number;
  byMode: Record<string, number>;
  acknowledged: number;
  missing: number;
  duplicated: number;
  tornRecords: number;
  abandonedCheckpoints: number;
}

async function lane(lane: number, kills: number, seed: number): Promise<Tally> {
  const random = seededRandom(seed + lane * 7919);
  const tally: Tally = {
    kills: 0,
    byMode: {},
    acknowledged: 0,
    missing: 0,
    duplicated: 0,
    tornRecords: 0,
    abandonedCheckpoints: 0,
  };
  let acknowledged = new Set<string>();
  let dbPath = '';
  for (let kill = 0; kill < kills; kill++) {
    if (kill % KILLS_PER_STORE === 0) {
      tally.acknowledged += acknowledged.size;
      acknowledged = new Set();
      const dir = join(work, `lane${lane}-store${kill}`);
      mkdirSync(dir, { recursive: true });
      dbPath = join(dir, 'skillwright.db');
    }
    const mode = MODES[kill % MODES.length] as Mode;
    const run = await runAndKill(
      dbPath,
      `l${lane}k${kill}`,
      mode,
      Math.floor(random() * 1e9),
      Math.floor(random() * 120),
    );
    assert.ok(run.ready, `lane ${lane} kill ${kill} (seed ${seed}): child never got ready: ${run.stderr}`);
    assert.equal(run.stderr, '', `lane ${lane} kill ${kill} (seed ${seed}) failed: ${run.stderr}`);
    tally.kills++;
    const landed = run.killedDuring ?? (mode === 'timer' ? 'random moment' : 'guard timeout');
    tally.byMode[landed] = (tally.byMode[landed] ?? 0) + 1;
    run.acked.forEach((id) => acknowledged.add(id));

    const store = await openEventStore({ dbPath, wasmPath: resolveWasmPath() });
    try {
      assert.deepEqual(store.warnings, [], `lane ${lane} kill ${kill} (seed ${seed}): the store opened with warnings`);
      const ids = store.listEvents().map((event) => event.id);
      const stored = new Set(ids);
      const missing = [...acknowledged].filter((id) => !stored.has(id));
      tally.missing += missing.length;
      tally.duplicated += ids.length - stored.size;
      tally.tornRecords += store.recovery.skippedRecords;
      tally.abandonedCheckpoints += store.recovery.abandonedCheckpoints;
      assert.deepEqual(
        missing.slice(0, 5),
        [],
        `lane ${lane} kill ${kill} (${landed}, seed ${seed}): ${missing.length} acknowledged events missing`,
      );
      assert.equal(ids.length, stored.size, `lane ${lane} kill ${kill} (seed ${seed}): duplicated events`);
    } finally {
      await store.close();
    }
  }
  tally.acknowledged += acknowledged.size;
  return tally;
}

describe('reliability: crash consistency under SIGKILL', () => {
  before(async () => {
    child = await bundleChild(join(__dirname, '../support/reliability/crashRecorder.ts'), work);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it(
    `keeps every acknowledged event exactly once across ${KILLS} kills, during appends and checkpoints`,
    { timeout: 600_000 },
    async () => {
      const seed = envCount('SKILLWRIGHT_CRASH_SEED', Date.now() % 1_000_000);
      const tallies = await Promise.all(
        Array.from({ length: LANES }, (_, index) => lane(index, Math.ceil(KILLS / LANES), seed)),
      );
      const total = tallies.reduce((sum, next) => ({
        kills: sum.kills + next.kills,
        byMode: Object.fromEntries(
          [...new Set([...Object.keys(sum.byMode), ...Object.keys(next.byMode)])].map((key) => [
            key,
            (sum.byMode[key] ?? 0) + (next.byMode[key] ?? 0),
          ]),
        ),
        acknowledged: sum.acknowledged + next.acknowledged,
        missing: sum.missing + next.missing,
        duplicated: sum.duplicated + next.duplicated,
        tornRecords: sum.tornRecords + next.tornRecords,
        abandonedCheckpoints: sum.abandonedCheckpoints + next.abandonedCheckpoints,
      }));
      const where = Object.entries(total.byMode)
        .map(([key, count]) => `${count} during ${key}`)
        .join(', ');
      const summary = [
        `seed ${seed}: ${total.kills} SIGKILLs survived (${where})`,
        'store opened after every kill',
        `${total.acknowledged} events acknowledged, events lost = ${total.missing}, duplicated = ${total.duplicated}`,
        `recovered ${total.tornRecords} torn journal records and ${total.abandonedCheckpoints} half-written ` +
          `checkpoints`,
      ];
      process.stdout.write(`# RELIABILITY crash: ${summary.join('; ')}\n`);
      assert.ok(total.kills >= KILLS);
      assert.equal(total.missing, 0);
      assert.equal(total.duplicated, 0);
      assert.ok((total.byMode.journal ?? 0) >= KILLS / 6, `too few kills landed inside a journal append: ${where}`);
      assert.ok((total.byMode.checkpoint ?? 0) >= KILLS / 6, `too few kills landed inside a checkpoint: ${where}`);
      assert.ok(total.acknowledged > total.kills, 'too few events acknowledged to mean anything');
    },
  );
});
