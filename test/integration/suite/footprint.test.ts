// Issue 11, "Footprint in the real host": activation time as the extension host measured it, and
// extension-host memory across a simulated 8-hour day of agent activity replayed at high speed
// through real editor edits and saves, writes by another process and terminal commands. The tests
// run inside the extension host process, so process.memoryUsage() is the extension host's memory.
// Figures go to .test-output/footprint.json for `npm run bench footprint`.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { SkillwrightApi } from '../../../src/vscode/api';
import {
  extensionPath,
  runInTerminal,
  runInTerminalUnlessLost,
  skillwrightApi,
  sleep,
  workspaceRoot,
} from './support/host';

const execFileAsync = promisify(execFile);

/** One simulated hour of agent work; eight of them make the day. */
const DAY = {
  hours: 8,
  editsPerHour: 300,
  savesPerHour: 12,
  documents: 5,
  processWritesPerHour: 20,
  commandsPerHour: 40,
};
const ACTIVATION_TARGET_MS = 50;
/** A hard ceiling well above the target: the host shares two cores with other work. */
const ACTIVATION_CEILING_MS = 500;
const TOTAL_GROWTH_LIMIT_MB = 50;
/** Allowed excess of the second half's growth over the first half's, before calling it unbounded. */
const HALF_MARGIN_MB = 8;
/** How long one `echo` may take to report its end before it counts as lost by the host. */
const COMMAND_END_TIMEOUT_MS = 15_000;
/** Lost ends beyond this share mean shell integration (or the recorder) is broken, not loaded. */
const LOST_END_LIMIT = 0.1;
const MB = 1024 * 1024;

interface MemorySample {
  hour: number;
  heapUsedMb: number;
  externalMb: number;
  rssMb: number;
}

/**
 * A real collection when the host lets us have one: V8 exposes `gc` to contexts created after the
 * flag is set. Otherwise idle waits and the minimum of several samples stand in for it.
 */
function forcedGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

async function sampleMemory(hour: number, gc: (() => void) | undefined): Promise<MemorySample> {
  const samples: NodeJS.MemoryUsage[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    await sleep(250);
    gc?.();
    samples.push(process.memoryUsage());
  }
  const least = (pick: (usage: NodeJS.MemoryUsage) => number): number => Math.min(...samples.map(pick)) / MB;
  return {
    hour,
    heapUsedMb: least((usage) => usage.heapUsed),
    externalMb: least((usage) => usage.external),
    rssMb: least((usage) => usage.rss),
  };
}

suite('Skillwright footprint in the real host (issue 11)', () => {
  let api: SkillwrightApi;
  let root: string;
  const scratch = 'footprint-day';
  const figures: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    host: `${vscode.env.appName} ${vscode.version}`,
    node: process.version,
  };

  suiteSetup(async function () {
    this.timeout(120_000);
    api = await skillwrightApi();
    root = workspaceRoot();
    mkdirSync(join(root, scratch), { recursive: true });
  });

  suiteTeardown(() => {
    const output = join(extensionPath(), '.test-output');
    mkdirSync(output, { recursive: true });
    writeFileSync(join(output, 'footprint.json'), `${JSON.stringify(figures, null, 2)}\n`);
    rmSync(join(root, scratch), { recursive: true, force: true });
  });

  test(`activate() returns within ${ACTIVATION_CEILING_MS} ms in a real host (goal ${ACTIVATION_TARGET_MS} ms)`, () => {
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs > 0, `activationMs should be measured, got ${api.activationMs}`);
    figures.activationMs = Number(api.activationMs.toFixed(2));
    figures.activationTargetMs = ACTIVATION_TARGET_MS;
    figures.activationWithinTarget = api.activationMs <= ACTIVATION_TARGET_MS;
    assert.ok(api.activationMs <= ACTIVATION_CEILING_MS, `activate() took ${api.activationMs.toFixed(1)} ms`);
  });

  test('a simulated 8-hour agent workday leaves memory bounded and every kind of event stored', async function () {
    this.timeout(150_000);
    const started = Date.now();
    const gc = forcedGc();
    const before = { edits: await count('edit'), files: await count('file'), terminals: await count('terminal') };

    const documents: vscode.TextDocument[] = [];
    for (let index = 0; index < DAY.documents; index++) {
      const path = join(root, scratch, `module${index}.ts`);
      writeFileSync(path, `export const module${index} = ${index};\n`);
      documents.push(await vscode.workspace.openTextDocument(vscode.Uri.file(path)));
    }
    const openTerminal = (): vscode.Terminal =>
      vscode.window.createTerminal({ name: 'skillwright footprint', shellPath: 'bash', cwd: root });
    let terminal = openTerminal();
    const samples: MemorySample[] = [];
    const commandLines: string[] = [];
    const lostEnds: string[] = [];
    let edits = 0;
    let commandMs = 0;
    try {
      await runInTerminal(terminal, 'true');
      await api.flush();
      samples.push(await sampleMemory(0, gc));
      for (let hour = 1; hour <= DAY.hours; hour++) {
        for (let step = 0; step < DAY.editsPerHour; step++) {
          const document = documents[step % documents.length];
          assert.ok(document);
          const edit = new vscode.WorkspaceEdit();
          // Agents rewrite as much as they add: replace the line before last now and then, so the documents stay of a
          // working size.
          if (step % 3 === 2 && document.lineCount > 3)
            edit.replace(
              document.uri,
              document.lineAt(document.lineCount - 2).range,
              `// revised at hour ${hour} step ${step}`,
            );
          else
            edit.insert(
              document.uri,
              new vscode.Position(document.lineCount, 0),
              `export const value${hour}_${step} = ${step};\n`,
            );
          assert.ok(await vscode.workspace.applyEdit(edit), `edit ${edits} was not applied`);
          edits++;
          if (step % Math.ceil(DAY.editsPerHour / DAY.savesPerHour) === 0)
            assert.ok(await document.save(), 'a document did not save');
        }
        await Promise.all(documents.map((document) => document.save()));
        await writeFromAnotherProcess(join(root, scratch, 'generated'), hour, DAY.processWritesPerHour);
        const commandsStarted = Date.now();
        for (let index = 0; index < DAY.commandsPerHour; index++) {
          const commandLine = `echo footprint hour ${hour} command ${index}${index % 4 === 3 ? '; false' : ''}`;
          commandLines.push(commandLine);
          const run = await runInTerminalUnlessLost(terminal, commandLine, COMMAND_END_TIMEOUT_MS);
          if (run.ended) continue;
          // A shell whose end sequence was lost may stay out of step; go on in a fresh one.
          lostEnds.push(commandLine);
          console.log(`[footprint] the host reported no end for \`${commandLine}\`; continuing in a new terminal`);
          terminal.dispose();
          terminal = openTerminal();
          await runInTerminal(terminal, 'true');
        }
        commandMs += Date.now() - commandsStarted;
        await api.flush();
        samples.push(await sampleMemory(hour, gc));
      }
    } finally {
      terminal.dispose();
    }

    await api.flush();
    const stored = {
      edits: (await count('edit')) - before.edits,
      files: (await count('file')) - before.files,
      terminals: (await count('terminal')) - before.terminals,
    };
    const first = samples[0];
    const middle = samples[Math.floor(DAY.hours / 2)];
    const last = samples[samples.length - 1];
    assert.ok(first && middle && last);
    const growth = (
      from: MemorySample,
      to: MemorySample,
    ): { heapUsedMb: number; externalMb: number; rssMb: number } => ({
      heapUsedMb: round(to.heapUsedMb - from.heapUsedMb),
      externalMb: round(to.externalMb - from.externalMb),
      rssMb: round(to.rssMb - from.rssMb),
    });
    const firstHalf = growth(first, middle);
    const secondHalf = growth(middle, last);
    const total = growth(first, last);
    figures.day = {
      ...DAY,
      editsApplied: edits,
      processWrites: DAY.hours * DAY.processWritesPerHour,
      terminalCommands: commandLines.length,
      terminalEndsLost: lostEnds.length,
      msPerTerminalCommand: round(commandMs / Math.max(1, commandLines.length)),
      durationMs: Date.now() - started,
      forcedGc: gc !== undefined,
    };
    figures.eventsStored = stored;
    figures.memory = {
      samples: samples.map((sample) => ({
        ...sample,
        heapUsedMb: round(sample.heapUsedMb),
        externalMb: round(sample.externalMb),
        rssMb: round(sample.rssMb),
      })),
      growth: { firstHalf, secondHalf, total },
    };

    assert.ok(stored.edits > 0, `no edit event was stored for ${edits} edits`);
    assert.ok(
      stored.files > 0,
      `no file event was stored for ${DAY.hours * DAY.processWritesPerHour} writes by another process`,
    );
    assert.ok(
      lostEnds.length <= commandLines.length * LOST_END_LIMIT,
      `the host reported no end ` +
        `for ${lostEnds.length} of ${commandLines.length} commands: ${lostEnds.slice(0, 5).join('; ')}`,
    );
    const ended = commandLines.length - lostEnds.length;
    assert.ok(
      stored.terminals >= ended * 0.9,
      `only ${stored.terminals} terminal events were stored for ${ended} commands whose end the host reported`,
    );
    // JS heap is where an unbounded cache or a leaked listener shows; the store's bytes live in
    // sql.js's wasm memory (external), which grows with what was recorded and is reported beside it.
    assert.ok(
      total.heapUsedMb < TOTAL_GROWTH_LIMIT_MB,
      `heap grew ${total.heapUsedMb} MB over the day (limit ${TOTAL_GROWTH_LIMIT_MB} MB)`,
    );
    assert.ok(
      total.heapUsedMb + total.externalMb < TOTAL_GROWTH_LIMIT_MB,
      `heap + external grew ${round(total.heapUsedMb + total.externalMb)} MB over the day ` +
        `(limit ${TOTAL_GROWTH_LIMIT_MB} MB)`,
    );
    assert.ok(
      secondHalf.heapUsedMb <= Math.max(firstHalf.heapUsedMb, 0) + HALF_MARGIN_MB,
      `heap grew ${secondHalf.heapUsedMb} MB in the second half against ${firstHalf.heapUsedMb} MB in the first: ` +
        `growth is not levelling off`,
    );
  });

  async function count(type: 'edit' | 'file' | 'terminal'): Promise<number> {
    return (await api.events({ type })).length;
  }
});

/** Another process (as an agent's tool would) creates, rewrites and deletes files in the workspace. */
async function writeFromAnotherProcess(dir: string, hour: number, count: number): Promise<void> {
  const script = `
const fs = require('fs'), path = require('path');
const [dir, hour, count] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
fs.mkdirSync(dir, { recursive: true });
for (let i = 0; i < count; i++) {
  fs.writeFileSync(path.join(dir, 'out' + (i % 10) + '.txt'), 'hour ' + hour + ' write ' + i + '\\n');
}
if (hour % 2 === 0) fs.rmSync(path.join(dir, 'out0.txt'), { force: true });`;
  await execFileAsync(process.execPath, ['-e', script, dir, String(hour), String(count)], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
