import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readAll, stepsOf } from '../../support/sources/readAll';
import { installFixture, makeTranscriptHome, type TranscriptHome } from '../../support/sources/transcriptHome';

describe('Gemini CLI chats', () => {
  let home: TranscriptHome;
  let jsonl: string;
  let legacy: string;
  before(() => {
    home = makeTranscriptHome();
    jsonl = installFixture(
      'gemini/session-2026-11-04T08-00-8c1e2f3a.jsonl',
      join(home.root, 'chats', 'session-2026-11-04T08-00-8c1e2f3a.jsonl'),
      home.workspace,
    );
    legacy = installFixture(
      'gemini/session-2025-08-01T10-00-legacy01.json',
      join(home.root, 'chats', 'session-2025-08-01T10-00-legacy01.json'),
      home.workspace,
    );
  });
  after(() => home.cleanup());

  it('folds rewritten messages so each tool call appears once, with its final status', async () => {
    const { events, skipped } = await readAll('gemini-cli', jsonl);
    assert.deepEqual(skipped, {});
    const calls = stepsOf(events, 'tool-call');
    assert.deepEqual(
      calls.map((call) => `${call.tool}:${call.rawName}`),
      ['run-command:run_shell_command', 'read:read_file', 'edit:replace', 'run-command:run_shell_command'],
    );
    const results = stepsOf(events, 'tool-result');
    assert.deepEqual(
      results.map((result) => [result.isError, result.exitCode]),
      [
        [true, 2],
        [false, undefined],
        [false, undefined],
        [false, 0],
      ],
    );
    assert.match(calls[2]?.diff ?? '', /^-import os$/m);
  });

  it('drops what $rewindTo rewound and applies $set', async () => {
    const { events } = await readAll('gemini-cli', jsonl);
    assert.ok(
      !events.some((event) => event.step.kind === 'tool-call' && event.step.rawName === 'write_file'),
      'the rewound write never happened',
    );
    assert.ok(!stepsOf(events, 'note').some((note) => note.text.includes('Deleting the whole file')));
    assert.ok(events.every((event) => event.sessionId === '8c1e2f3a-4b5c-4d6e-8f70-112233445566'));
    assert.ok(stepsOf(events, 'meta').some((meta) => meta.model === 'gemini-2.5-flash' && meta.inputTokens === 6400));
  });

  it('reads a rewind to an unknown id as "drop everything"', async () => {
    const file = join(home.root, 'rewind-all.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ sessionId: 's1', projectHash: 'h' }),
        JSON.stringify({ id: 'a', type: 'user', content: 'first' }),
        JSON.stringify({ $rewindTo: 'missing' }),
        JSON.stringify({ id: 'b', type: 'user', content: 'second' }),
      ].join('\n'),
    );
    const { events } = await readAll('gemini-cli', file);
    assert.deepEqual(
      stepsOf(events, 'prompt').map((step) => step.text),
      ['second'],
    );
  });

  it('reads the older single-JSON chat, including error messages', async () => {
    const { events, skipped } = await readAll('gemini-cli', legacy);
    assert.deepEqual(skipped, {});
    assert.deepEqual(
      stepsOf(events, 'prompt').map((step) => step.text),
      ['List the TODOs in the repo'],
    );
    assert.equal(stepsOf(events, 'tool-call')[0]?.tool, 'search');
    assert.ok(stepsOf(events, 'note').some((note) => note.text.startsWith('error: API quota')));
  });

  it('links a sub-agent chat to the parent session folder it lives in', async () => {
    const dir = join(home.root, 'chats', 'parent-session-id');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'child.jsonl');
    const header = { sessionId: 'child', projectHash: 'h', kind: 'subagent', directories: ['/x'] };
    const message = { id: 'm', type: 'user', content: 'go' };
    writeFileSync(file, `${JSON.stringify(header)}\n${JSON.stringify(message)}\n`);
    const { events } = await readAll('gemini-cli', file);
    assert.ok(
      events.length > 0 &&
        events.every((event) => event.parentSessionId === 'parent-session-id' && event.sessionId === 'child'),
    );
  });
});
