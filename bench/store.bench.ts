/**
 * Store ingest: our journal + sql.js store (redaction and checkpoints included) against
 * better-sqlite3 in WAL mode with batched transactions, on the same events. Also bytes per event
 * on disk and heap growth after 100,000 events.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { RecordedEvent } from '../src/core/model/events';
import { redactEvent } from '../src/core/redaction/redactEvent';
import { openEventStore } from '../src/core/store/eventStore';
import { MIGRATIONS } from '../src/core/store/schema';

const THROUGHPUT_EVENTS = 30_000;
const HEAP_EVENTS = 100_000;
const BURST = 50;

export function syntheticEvents(count: number, prefix: string): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const attribution = { actor: 'claude-code' as const, confidence: 0.9, evidence: ["terminal named 'claude'"] };
  for (let i = 0; i < count; i++) {
    const ts = 1_700_000_000_000 + i * 250;
    const base = { id: `${prefix}-${i}`, ts, sessionHint: `session-${Math.floor(i / 200)}`, workspaceFolder: '/work/repo', attribution };
    if (i % 3 === 0) {
      const output = `> npm test\n${'✔ test case passes in src/module/file.ts (3ms)\n'.repeat(8 + (i % 12))}exit ${i % 7 === 0 ? 1 : 0}`;
      events.push({ ...base, type: 'terminal', commandLine: 'npm test -- --grep store', commandConfidence: 'high', cwd: '/work/repo', terminalName: 'claude', startedAt: ts, durationMs: 900, exitCode: 0, output, outputTruncated: false });
    } else if (i % 3 === 1) {
      const diff = `--- a/src/a${i % 50}.ts\n+++ b/src/a${i % 50}.ts\n@@ -10,3 +10,4 @@\n const value = compute(input);\n-return value;\n+const checked = validate(value);\n+return checked;\n`;
      events.push({ ...base, type: 'edit', path: `src/a${i % 50}.ts`, diff, linesAdded: 2, linesRemoved: 1, visibleInEditor: false });
    } else {
      events.push({ ...base, type: 'transcript', agent: 'claude-code', sessionId: `session-${Math.floor(i / 200)}`, step: { kind: 'tool-result', callId: `c${i}`, isError: false, output: 'Found 3 matches in src/core/store/eventStore.ts and 2 in test/unit/store.' } });
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
  if (store.droppedEvents > 0) throw new Error(`the store dropped ${store.droppedEvents} events; the figures would flatter it`);
  const bytes = statSync(join(dir, 'ours.db')).size + statSync(join(dir, 'ours.db.journal')).size;
  return { ms, bytes };
}

function ingestBetterSqlite(dir: string, events: RecordedEvent[]): { ms: number; bytes: number } {
  const started = performance.now();
  const path = join(dir, 'baseline.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(MIGRATIONS.join('\n'));
  const insert = db.prepare('INSERT OR IGNORE INTO events (id, ts, type, session_id, workspace, actor, payload) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertBatch = db.transaction((batch: RecordedEvent[]) => {
    for (const e of batch) insert.run(e.id, e.ts, e.type, e.sessionHint ?? null, e.workspaceFolder ?? null, e.attribution.actor, JSON.stringify(e));
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
  const dir = mkdtempSync(join(tmpdir(), 'skillwright-store-bench-'));
  try {
    await throughput(dir);
    await heapGrowth(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function throughput(dir: string): Promise<void> {
    const events = syntheticEvents(THROUGHPUT_EVENTS, 't');
    // Warm-up (wasm compile, JIT) outside the timed runs.
    await ingestOurs(mkdtempSync(join(dir, 'warm-')), events.slice(0, 2000));
    const baseline = ingestBetterSqlite(dir, events);
    const ours = await ingestOurs(dir, events);
    const redactStarted = performance.now();
    for (const event of events) redactEvent(event);
    const redactMs = performance.now() - redactStarted;
    const oursPerSec = (THROUGHPUT_EVENTS / ours.ms) * 1000;
    const basePerSec = (THROUGHPUT_EVENTS / baseline.ms) * 1000;
    process.stdout.write(`ingest ${THROUGHPUT_EVENTS} events: ours ${oursPerSec.toFixed(0)}/s (incl. redaction ${((redactMs / ours.ms) * 100).toFixed(0)}% of time), better-sqlite3 WAL batched ${basePerSec.toFixed(0)}/s\n`);
    process.stdout.write(`throughput ratio ours/better-sqlite3: ${(oursPerSec / basePerSec).toFixed(2)} (target >= 0.8)\n`);
    process.stdout.write(`bytes per event on disk: ours ${(ours.bytes / THROUGHPUT_EVENTS).toFixed(0)}, better-sqlite3 ${(baseline.bytes / THROUGHPUT_EVENTS).toFixed(0)} (ratio ${(ours.bytes / baseline.bytes).toFixed(2)})\n`);
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
    process.stdout.write(
      `after ${HEAP_EVENTS} events (store open): heap growth ${mb(after.heapUsed - before.heapUsed)} MB (target <= 50), ` +
        `wasm/array buffers ${mb(after.arrayBuffers - before.arrayBuffers)} MB, rss growth ${mb(after.rss - before.rss)} MB\n`,
    );
    const stats = await store.stats();
    process.stdout.write(`store at ${HEAP_EVENTS} events: ${(stats.totalBytes / HEAP_EVENTS).toFixed(0)} bytes/event on disk\n`);
    await store.close();
}
