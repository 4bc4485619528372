import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptEvent } from '../../../src/core/model/events';
import { discoverTranscriptSources } from '../../../src/core/sources/discovery';
import { importTranscripts, type ImportProgress } from '../../../src/core/sources/importTranscripts';
import { MemoryOffsetStore } from '../../../src/core/sources/tailState';
import type { TranscriptSource } from '../../../src/core/sources/types';
import { installAllAgents, makeTranscriptHome, type TranscriptHome } from '../../support/sources/transcriptHome';

describe('importTranscripts', () => {
  let home: TranscriptHome;
  let paths: Record<string, string>;
  before(() => {
    home = makeTranscriptHome();
    paths = installAllAgents(home);
  });
  after(() => home.cleanup());

  it('imports every discovered session with a summary, and a second run imports only what is new', async () => {
    const { sources } = await discoverTranscriptSources({
      workspaceFolders: [home.workspace],
      env: {},
      platform: 'linux',
      homedir: home.home,
      vscodeUserDataDirs: [home.userData],
    });
    const stored: TranscriptEvent[] = [];
    const progress: ImportProgress[] = [];
    const offsets = new MemoryOffsetStore();
    const summary = await importTranscripts({
      sources,
      sink: { append: (events) => void stored.push(...events) },
      offsets,
      onProgress: (step) => progress.push(step),
    });
    assert.equal(summary.files, 8);
    assert.equal(summary.sessions, 8, 'claude main + sub-agent, codex, gemini, 2 copilot, cline, roo');
    assert.equal(summary.steps, stored.length);
    assert.ok(summary.toolCalls >= 40);
    assert.ok(summary.failedToolCalls >= 8);
    assert.deepEqual(summary.skippedLines, { 'bad-fields': 2 });
    assert.deepEqual(Object.keys(summary.byAgent).sort(), [
      'claude-code',
      'cline',
      'codex',
      'copilot',
      'gemini-cli',
      'roo',
    ]);
    assert.deepEqual(
      progress.map((step) => step.done),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.ok(stored.every((event) => event.workspaceFolder === home.workspace));

    const late = {
      type: 'user',
      sessionId: 'late',
      uuid: 'u-late',
      timestamp: '2026-11-05T00:00:00Z',
      cwd: home.workspace,
      message: { role: 'user', content: 'one more' },
    };
    appendFileSync(paths.claude ?? '', `${JSON.stringify(late)}\n`);
    const again = await importTranscripts({
      sources,
      sink: { append: (events) => void stored.push(...events) },
      offsets,
    });
    assert.equal(again.unchangedFiles, 7);
    assert.equal(again.steps, 2, 'the new prompt and its cwd meta');
  });

  it('streams a large file to the sink in batches, and keeps the offset when the sink fails', async () => {
    const path = join(home.root, 'big', 'big.jsonl');
    mkdirSync(join(home.root, 'big'), { recursive: true });
    const lines = Array.from({ length: 6000 }, (_, index) =>
      JSON.stringify({
        type: 'user',
        sessionId: 'big',
        uuid: `u${index}`,
        timestamp: '2026-11-01T00:00:00Z',
        message: { role: 'user', content: `prompt ${index} ${'x'.repeat(400)}` },
      }),
    );
    writeFileSync(path, lines.join('\n') + '\n');
    const source: TranscriptSource = { agent: 'claude-code', path, kind: 'file' };
    const batches: number[] = [];
    const summary = await importTranscripts({
      sources: [source],
      sink: { append: (events) => void batches.push(events.length) },
    });
    assert.equal(summary.steps, 6000);
    assert.ok(batches.length > 1, `expected several batches, got ${batches.length}`);
    assert.ok(Math.max(...batches) < 6000);

    const offsets = new MemoryOffsetStore();
    let calls = 0;
    const failing = await importTranscripts({
      sources: [source],
      offsets,
      sink: {
        append: () => {
          calls++;
          if (calls === 2) throw new Error('disk full');
        },
      },
    });
    assert.equal(Object.keys(failing.skippedLines).filter((reason) => reason.startsWith('store-error')).length, 1);
    assert.equal(offsets.get(path), undefined, 'a rerun starts over instead of skipping what was lost');
  });

  it('stops between files when cancelled', async () => {
    const { sources } = await discoverTranscriptSources({
      workspaceFolders: [home.workspace],
      env: {},
      platform: 'linux',
      homedir: home.home,
      vscodeUserDataDirs: [home.userData],
    });
    const controller = new AbortController();
    const summary = await importTranscripts({
      sources,
      sink: { append: () => controller.abort() },
      signal: controller.signal,
    });
    assert.equal(summary.cancelled, true);
    assert.ok(summary.files < sources.length);
  });
});
