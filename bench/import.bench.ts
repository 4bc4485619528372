/**
 * Import throughput for a ~100 MB Claude Code transcript: the streaming parser (lines/s) against a
 * same-run baseline of reading the file and JSON.parse on each line. Memory is sampled while the
 * parser runs, on the full file and on a quarter of it: flat means the peaks barely differ.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readTranscriptSource } from '../src/core/sources/readSource';

const TARGET_BYTES = 100 * 1024 * 1024;
const WORK = join(import.meta.dirname ?? __dirname, '.work');

function sessionLines(turn: number): string[] {
  const session = '0f6c2a1e-9d8b-4c7a-b6e5-d4c3b2a1f0e9';
  const base = {
    sessionId: session,
    cwd: '/home/dev/webapp',
    gitBranch: 'main',
    version: '2.0.31',
    userType: 'external',
    isSidechain: false,
  };
  const ts = new Date(Date.UTC(2026, 10, 1) + turn * 4000).toISOString();
  const output = `> webapp@1.0.0 test\n${'ok - a passing test with a reasonably long name\n'.repeat(30)}`;
  return [
    JSON.stringify({
      ...base,
      type: 'user',
      uuid: `u-${turn}`,
      timestamp: ts,
      message: { role: 'user', content: `Please fix failing test number ${turn} in src/module${turn % 50}.ts` },
    }),
    JSON.stringify({
      ...base,
      type: 'assistant',
      uuid: `a-${turn}`,
      timestamp: ts,
      message: {
        id: `msg_${turn}`,
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [
          { type: 'text', text: 'Running the tests first.' },
          {
            type: 'tool_use',
            id: `t-${turn}-1`,
            name: 'Bash',
            input: { command: 'npm test', description: 'Run tests' },
          },
        ],
        usage: { input_tokens: 10, cache_read_input_tokens: 20000, output_tokens: 80 },
      },
    }),
    JSON.stringify({
      ...base,
      type: 'user',
      uuid: `r-${turn}`,
      timestamp: ts,
      message: {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: `t-${turn}-1`,
            content: turn % 3 ? output : `Exit code 1\n${output}`,
            is_error: turn % 3 === 0,
          },
        ],
      },
      toolUseResult: { stdout: output, stderr: '', interrupted: false },
    }),
    JSON.stringify({
      ...base,
      type: 'assistant',
      uuid: `e-${turn}`,
      timestamp: ts,
      message: {
        id: `msg_${turn}b`,
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [
          {
            type: 'tool_use',
            id: `t-${turn}-2`,
            name: 'Edit',
            input: {
              file_path: `/home/dev/webapp/src/module${turn % 50}.ts`,
              old_string: 'const total = a + b;\nreturn total;',
              new_string: 'const total = a + b + c;\nreturn Math.round(total);',
            },
          },
        ],
        usage: { input_tokens: 12, output_tokens: 60 },
      },
    }),
    JSON.stringify({
      ...base,
      type: 'user',
      uuid: `s-${turn}`,
      timestamp: ts,
      message: {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: `t-${turn}-2`, content: 'The file has been updated.' }],
      },
    }),
  ];
}

async function ensureTranscript(path: string, bytes: number): Promise<void> {
  if (existsSync(path) && Math.abs(statSync(path).size - bytes) < 1024 * 1024) return;
  mkdirSync(WORK, { recursive: true });
  const out = createWriteStream(path);
  let written = 0;
  for (let turn = 0; written < bytes; turn++) {
    const chunk = `${sessionLines(turn).join('\n')}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Measured {
  lines: number;
  events: number;
  seconds: number;
  peakRssDeltaMb: number;
  peakHeapDeltaMb: number;
}

/** A handle on V8's collector, so memory samples show live data rather than uncollected garbage. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function measureStreaming(path: string, gcSamples = false): Promise<Measured> {
  const gc = collector();
  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let peakRss = rss0;
  let peakHeap = heap0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const timer = setInterval(
    () => {
      if (gcSamples) gc();
      sample();
    },
    gcSamples ? 100 : 10,
  );
  let events = 0;
  const started = process.hrtime.bigint();
  const outcome = await readTranscriptSource({ agent: 'claude-code', path, kind: 'file' }, undefined, {
    onBatch: (batch) => {
      events += batch.length;
      sample();
    },
  });
  events += outcome.events.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  sample();
  return {
    lines: outcome.lines,
    events,
    seconds,
    peakRssDeltaMb: (peakRss - rss0) / 2 ** 20,
    peakHeapDeltaMb: (peakHeap - heap0) / 2 ** 20,
  };
}

function measureBaseline(path: string): { lines: number; seconds: number } {
  const started = process.hrtime.bigint();
  const text = readFileSync(path, 'utf8');
  let lines = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    if (end > start) {
      JSON.parse(text.slice(start, end));
      lines++;
    }
    start = end + 1;
  }
  return { lines, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export async function run(): Promise<void> {
  const full = join(WORK, 'claude-100mb.jsonl');
  const quarter = join(WORK, 'claude-25mb.jsonl');
  await ensureTranscript(full, TARGET_BYTES);
  await ensureTranscript(quarter, TARGET_BYTES / 4);
  const ours = await measureStreaming(full);
  const smallMemory = await measureStreaming(quarter, true);
  const fullMemory = await measureStreaming(full, true);
  const baseline = measureBaseline(full);
  const ourRate = ours.lines / ours.seconds;
  const baseRate = baseline.lines / baseline.seconds;
  const mb = statSync(full).size / 2 ** 20;
  process.stdout.write(`file: ${mb.toFixed(0)} MB, ${ours.lines} lines, ${ours.events} events\n`);
  process.stdout.write(`streaming parser: ${Math.round(ourRate)} lines/s (${ours.seconds.toFixed(2)} s)\n`);
  process.stdout.write(
    `baseline read + JSON.parse per line: ${Math.round(baseRate)} lines/s (${baseline.seconds.toFixed(2)} s)\n`,
  );
  process.stdout.write(`throughput ratio: ${(ourRate / baseRate).toFixed(2)}x baseline (target >= 0.30)\n`);
  const heapRatio = fullMemory.peakHeapDeltaMb / Math.max(smallMemory.peakHeapDeltaMb, 0.5);
  process.stdout.write(
    `peak live heap delta (gc before each sample): ${fullMemory.peakHeapDeltaMb.toFixed(1)} MB ` +
      `on ${mb.toFixed(0)} MB vs ${smallMemory.peakHeapDeltaMb.toFixed(1)} MB on ${(mb / 4).toFixed(0)} MB: ` +
      `ratio ${heapRatio.toFixed(2)} for 4x the data (4.00 would mean memory grows with size)\n`,
  );
  process.stdout.write(
    `peak RSS delta: ${fullMemory.peakRssDeltaMb.toFixed(1)} MB on ${mb.toFixed(0)} MB ` +
      `vs ${smallMemory.peakRssDeltaMb.toFixed(1)} MB on ${(mb / 4).toFixed(0)} MB; timed run without gc ` +
      `sampling: heap +${ours.peakHeapDeltaMb.toFixed(1)} MB, RSS +${ours.peakRssDeltaMb.toFixed(1)} MB\n`,
  );
}
