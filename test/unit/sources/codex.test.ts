import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { parseCodexPatch } from '../../../src/core/sources/codexPatch';
import { readAll, stepsOf } from '../../support/sources/readAll';
import {
  CODEX_FILE,
  installFixture,
  makeTranscriptHome,
  type TranscriptHome,
} from '../../support/sources/transcriptHome';

describe('Codex CLI rollouts', () => {
  let home: TranscriptHome;
  let file: string;
  before(() => {
    home = makeTranscriptHome();
    file = installFixture(`codex/${CODEX_FILE}`, join(home.root, CODEX_FILE), home.workspace);
  });
  after(() => home.cleanup());

  it('reads the session id, cwd, branch and model', async () => {
    const { events, skipped } = await readAll('codex', file);
    assert.deepEqual(skipped, {});
    assert.ok(events.every((event) => event.sessionId === '0199a7c2-5e41-7d30-b1e2-3f4a5b6c7d8e'));
    const metas = stepsOf(events, 'meta');
    assert.ok(metas.some((meta) => meta.cwd === home.workspace && meta.branch === 'main'));
    assert.ok(metas.some((meta) => meta.model === 'gpt-5-codex'));
    assert.ok(metas.some((meta) => meta.inputTokens === 9000 && meta.outputTokens === 300));
  });

  it('keeps the real prompt and drops injected environment context', async () => {
    const { events } = await readAll('codex', file);
    assert.deepEqual(
      stepsOf(events, 'prompt').map((step) => step.text),
      ['cargo test fails on the parser module; make it pass and keep clippy clean.'],
    );
  });

  it('maps shell, exec_command and apply_patch with exit codes from JSON metadata and text', async () => {
    const { events } = await readAll('codex', file);
    const calls = stepsOf(events, 'tool-call');
    assert.deepEqual(calls.map((call) => `${call.tool}:${call.rawName}:${call.summary}`).slice(0, 4), [
      'run-command:shell:cargo test -p parser',
      'run-command:exec_command:sed -n 1,80p crates/parser/src/tokens.rs',
      'edit:apply_patch:crates/parser/src/tokens.rs',
      'run-command:shell:cargo test -p parser',
    ]);
    const patch = calls[2];
    assert.match(patch?.diff ?? '', /^-    input\.split\(','\)\.collect\(\)$/m);
    assert.match(patch?.diff ?? '', /^\+    input\.split\(','\)\.map\(str::trim\)\.collect\(\)$/m);
    const results = new Map(stepsOf(events, 'tool-result').map((result) => [result.callId, result]));
    assert.deepEqual([results.get('call_A1')?.exitCode, results.get('call_A1')?.isError], [101, true]);
    assert.deepEqual([results.get('call_A2')?.exitCode, results.get('call_A2')?.isError], [0, false]);
    assert.deepEqual([results.get('call_A5')?.exitCode, results.get('call_A5')?.isError], [101, true]);
    assert.deepEqual([results.get('call_A7')?.exitCode, results.get('call_A7')?.isError], [0, false]);
    assert.match(results.get('call_A1')?.output ?? '', /1 failed/);
  });

  it('reads rollouts written before the {type, payload} envelope', async () => {
    const old = join(home.root, 'rollout-2025-05-01T10-00-00-11111111-2222-3333-4444-555555555555.jsonl');
    writeFileSync(
      old,
      [
        JSON.stringify({
          id: '11111111-2222-3333-4444-555555555555',
          timestamp: '2025-05-01T10:00:00Z',
          instructions: null,
        }),
        JSON.stringify({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'run the tests' }] }),
        JSON.stringify({
          type: 'function_call',
          name: 'shell',
          arguments: '{"command":["npm","test"]}',
          call_id: 'c1',
        }),
        JSON.stringify({
          type: 'function_call_output',
          call_id: 'c1',
          output: '{"output":"ok","metadata":{"exit_code":0}}',
        }),
        JSON.stringify({ record_type: 'state' }),
      ].join('\n'),
    );
    const { events, skipped } = await readAll('codex', old);
    assert.deepEqual(skipped, {});
    assert.deepEqual(
      events.map((event) => event.step.kind),
      ['prompt', 'tool-call', 'tool-result'],
    );
    assert.equal(stepsOf(events, 'tool-call')[0]?.summary, 'npm test');
  });
});

describe('parseCodexPatch', () => {
  it('splits a multi-file patch into per-file diffs, following moves', () => {
    const files = parseCodexPatch(
      [
        '*** Begin Patch',
        '*** Add File: docs/a.md',
        '+hello',
        '*** Update File: src/old.ts',
        '*** Move to: src/new.ts',
        '@@ fn',
        ' keep',
        '-gone',
        '+added',
        '*** Delete File: src/dead.ts',
        '*** End Patch',
      ].join('\n'),
    );
    assert.deepEqual(
      files.map((file) => `${file.op}:${file.path}`),
      ['add:docs/a.md', 'update:src/new.ts', 'delete:src/dead.ts'],
    );
    assert.match(files[0]?.diff ?? '', /^\+hello$/m);
    assert.match(files[1]?.diff ?? '', /^-gone$/m);
    assert.match(files[1]?.diff ?? '', /^ keep$/m);
  });
});
