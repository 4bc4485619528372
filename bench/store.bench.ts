/**
 * Store ingest: our journal + sql.js store (redaction and checkpoints included) against
 * better-sqlite3 in WAL mode with batched transactions, on the same events. Also bytes per event
 * on disk and heap growth after 100,000 events. better-sqlite3 is installed on first use
 * (bench/baselines.ts), not by the project's `npm ci`.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { RecordedEvent } from '../src/core/model/events';
import { redactEvent } from '../src/core/redaction/redactEvent';
import { openEventStore } from '../src/core/store/openEventStore';
import { MIGRATIONS } from '../src/core/store/schema';
import { requireBaseline } from './baselines';

const THROUGHPUT_EVENTS = 30_000;
const HEAP_EVENTS = 100_000;
const BURST = 50;

export function syntheticEvents(count: number, prefix: string): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const attribution = { actor: 'claude-code' as const, confidence: 0.9, evidence: ["terminal named 'claude'"] };
  for (let i = 0; i < count; i++) {
    const ts = 1_700_000_000_000 + i * 250;
    const base = {
      id: `${prefix}-${i}`,
      ts,
      sessionHint: `session-${Math.floor(i / 200)}`,
      workspaceFolder: '/work/repo',
      attribution,
    };
    if (i % 3 === 0) {
      // Every output and diff differs, as real ones do, so no cache sees the same long text twice.
      const cases = Array.from(
        { length: 8 + (i % 12) },
        (_, line) => `✔ case ${i}.${line} passes in src/module/file${line}.ts (${(i + line) % 9}ms)\n`,
      );
      const output = `> npm test\n${cases.join('')}exit ${i % 7 === 0 ? 1 : 0}`;
      events.push({
        ...base,
        type: 'terminal',
        commandLine: 'npm test -- --grep store',
        commandConfidence: 'high',
        cwd: '/work/repo',
        terminalName: 'claude',
        startedAt: ts,
        durationMs: 900,
        exitCode: 0,
        output,
        outputTruncated: false,
      });
    } else if (i % 3 === 1) {
      const diff =
        `--- a/src/a${i % 50}.ts\n+++ b/src/a${i % 50}.ts\n@@ -${10 + i},3 +${10 + i},4 @@\n const ` +
        `value${i} = compute(input);\n-return value${i};\n+const checked = validate(value${i});\n+return ` +
        `checked;\n`;
      events.push({
        ...base,
        type: 'edit',
        path: `src/a${i % 50}.ts`,
        diff,
        linesAdded: 2,
        linesRemoved: 1,
        visibleInEditor: false,
      });
    } else {
      events.push({
        ...base,
        type: 'transcript',
        agent: 'claude-code',
        sessionId: `session-${Math.floor(i / 200)}`,
        step: {
          kind: 'tool-result',
          callId: `c${i}`,
          isError: false,
          output: `Found ${i % 13} matches in src/core/store/eventStore.ts and ${i} in test/unit/store.`,
        },
      });
    }
  }
  return events;
}

async function ingestOurs(dir: string, events: RecordedEvent[]): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const store = await openEventStore({ dbPath: join(dir, 'ours.db') });
  for (let i = 0; i < events.length; i += BURST) {
    store.append(events.slice(i, i + BURST));
    // Yield like an editor does between listener calls, so timed flushes and checkpoints interleave.
    if ((i / BURST) % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await store.flush();
  await store.close(); // includes the final checkpoint
  const ms = performance.now() - started;
  if (store.droppedEvents > 0)
    throw new Error(`the store dropped ${store.droppedEvents} events; the figures would flatter it`);
  // The checkpoint plus the event log that holds the events' JSON.
  const bytes = readdirSync(dir)
    .filter((name) => name === 'ours.db' || name.startsWith('ours.db.events-'))
    .reduce((total, name) => total + statSync(join(dir, name)).size, 0);
  return { ms, bytes };
}

function ingestBetterSqlite(
  Database: typeof BetterSqlite3,
  dir: string,
  events: RecordedEvent[],
): { ms: number; bytes: number } {
  const started = performance.now();
  const path = join(dir, 'baseline.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(MIGRATIONS.join('\n'));
  const insert = db.prepare(
    'INSERT OR IGNORE INTO events (id, ts, type, session_id, workspace, actor, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertBatch = db.transaction((batch: RecordedEvent[]) => {
    for (const e of batch)
      insert.run(
        e.id,
        e.ts,
        e.type,
        e.sessionHint ?? null,
        e.workspaceFolder ?? null,
        e.attribution.actor,
        JSON.stringify(e),
      );
  });
  // Same batching as our default flush size, each batch its own durable transaction.
  for (let i = 0; i < events.length; i += 512) insertBatch(events.slice(i, i + 512));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const ms = performance.now() - started;
  return { ms, bytes: statSync(path).size };
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

export async function run(): Promise<void> {
  const Database = requireBaseline('better-sqlite3') as typeof BetterSqlite3;
  const dir = mkdtempSync(join(tmpdir(), 'skillwright-store-bench-'));
  try {
    await throughput(Database, dir);
    await heapGrowth(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ROUNDS = 7;

/** Alternating rounds, each a fresh pair of stores; the median ratio damps a noisy neighbour. */
async function throughput(Database: typeof BetterSqlite3, dir: string): Promise<void> {
  const events = syntheticEvents(THROUGHPUT_EVENTS, 't');
  // Warm-up (wasm compile, JIT) outside the timed runs.
  await ingestOurs(mkdtempSync(join(dir, 'warm-')), events.slice(0, 2000));
  ingestBetterSqlite(Database, mkdtempSync(join(dir, 'warm-')), events.slice(0, 2000));
  const rounds: { ours: { ms: number; bytes: number }; baseline: { ms: number; bytes: number } }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const baseline = ingestBetterSqlite(Database, mkdtempSync(join(dir, 'base-')), events);
    const ours = await ingestOurs(mkdtempSync(join(dir, 'ours-')), events);
    rounds.push({ ours, baseline });
  }
  const ratios = rounds.map((round) => round.baseline.ms / round.ours.ms);
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] ?? 0;
  const middle = rounds[ratios.indexOf(median)] ?? rounds[0];
  if (!middle) return;
  const redactStarted = performance.now();
  for (const event of events) redactEvent(event);
  const redactMs = performance.now() - redactStarted;
  const perSec = (ms: number): string => ((THROUGHPUT_EVENTS / ms) * 1000).toFixed(0);
  process.stdout.write(
    `ingest ${THROUGHPUT_EVENTS} events (median of ${ROUNDS} alternating rounds): ` +
      `ours ${perSec(middle.ours.ms)}/s (redaction alone is ${((redactMs / middle.ours.ms) * 100).toFixed(0)}% ` +
      `of that time), better-sqlite3 WAL batched ${perSec(middle.baseline.ms)}/s\n`,
  );
  process.stdout.write(
    `throughput ratio ` +
      `ours/better-sqlite3: ${median.toFixed(2)} (rounds ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; ` +
      `target >= 0.8)\n`,
  );
  const perEvent = (bytes: number): string => (bytes / THROUGHPUT_EVENTS).toFixed(0);
  const bytesRatio = (middle.ours.bytes / middle.baseline.bytes).toFixed(2);
  process.stdout.write(
    `bytes per event on disk: ours ${perEvent(middle.ours.bytes)}, ` +
      `better-sqlite3 ${perEvent(middle.baseline.bytes)} (ratio ${bytesRatio})\n`,
  );
}

async function heapGrowth(dir: string): Promise<void> {
  collectGarbage();
  const before = process.memoryUsage();
  const heapDir = mkdtempSync(join(dir, 'heap-'));
  const store = await openEventStore({ dbPath: join(heapDir, 'heap.db') });
  const many = syntheticEvents(HEAP_EVENTS, 'h');
  for (let i = 0; i < many.length; i += BURST) {
    store.append(many.slice(i, i + BURST));
    if ((i / BURST) % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await store.flush();
  if (store.countEvents() !== HEAP_EVENTS) throw new Error(`stored ${store.countEvents()} of ${HEAP_EVENTS} events`);
  many.length = 0;
  collectGarbage();
  const after = process.memoryUsage();
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  // sql.js keeps its database in wasm memory and array buffers, outside the JS heap: both count.
  const heap = after.heapUsed - before.heapUsed;
  const buffers = after.arrayBuffers - before.arrayBuffers;
  process.stdout.write(
    `after ${HEAP_EVENTS} events (store open): memory growth ${mb(heap + buffers)} MB (target <= 50) = JS ` +
      `heap ${mb(heap)} MB + wasm/array buffers ${mb(buffers)} MB; ` +
      `rss growth ${mb(after.rss - before.rss)} MB\n`,
  );
  const stats = await store.stats();
  process.stdout.write(
    `store at ${HEAP_EVENTS} events: ${(stats.totalBytes / HEAP_EVENTS).toFixed(0)} bytes/event on disk\n`,
  );
  await store.close();
}
