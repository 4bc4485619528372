import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { readAll, stepsOf } from '../../support/sources/readAll';
import { installFixture, makeTranscriptHome, type TranscriptHome } from '../../support/sources/transcriptHome';

describe('Cline and Roo task folders', () => {
  let home: TranscriptHome;
  let cline: string;
  let roo: string;
  before(() => {
    home = makeTranscriptHome();
    cline = installFixture('cline/tasks/1762600000000', join(home.root, 'cline', '1762600000000'), home.workspace);
    roo = installFixture('roo/tasks/1762600100000', join(home.root, 'roo', '1762600100000'), home.workspace);
  });
  after(() => home.cleanup());

  it('reads ui_messages: task, commands with outputs and exit codes, tools, feedback, tokens', async () => {
    const { events, skipped } = await readAll('cline', cline, 'taskFolder');
    assert.deepEqual(skipped, { 'bad-fields': 1 }, 'the message with a string ts is counted');
    assert.ok(events.every((event) => event.sessionId === '1762600000000' && event.agent === 'cline'));
    assert.deepEqual(
      stepsOf(events, 'prompt').map((step) => step.text),
      ['Add input validation to the signup form and make the tests pass', 'also validate the password length'],
    );
    const calls = stepsOf(events, 'tool-call');
    assert.deepEqual(
      calls.map((call) => `${call.tool}:${call.rawName}`),
      [
        'read:readFile',
        'edit:editedExistingFile',
        'run-command:execute_command',
        'write:newFileCreated',
        'run-command:execute_command',
      ],
    );
    assert.match(calls[1]?.diff ?? '', /^\+ {2}if \(!v\.email/m);
    assert.match(calls[3]?.diff ?? '', /^\+export const isEmail/m);
    const results = stepsOf(events, 'tool-result');
    assert.deepEqual(
      results.map((result) => [result.exitCode, result.isError]),
      [
        [1, true],
        [0, false],
      ],
    );
    const metas = stepsOf(events, 'meta');
    assert.ok(metas.some((meta) => meta.cwd === home.workspace && meta.model === 'claude-sonnet-4-5'));
    assert.ok(metas.some((meta) => meta.inputTokens === 12000 && meta.outputTokens === 300));
    assert.ok(
      !stepsOf(events, 'note').some((note) => note.text.includes('Adding a password')),
      'partial messages are not notes yet',
    );
  });

  it('falls back to api_conversation_history with native tool calls when ui_messages is missing', async () => {
    const { events, skipped } = await readAll('roo', roo, 'taskFolder');
    assert.deepEqual(skipped, { 'bad-fields': 1 });
    assert.deepEqual(
      stepsOf(events, 'prompt').map((step) => step.text),
      ['Bump the version to 2.1.0'],
    );
    assert.deepEqual(
      stepsOf(events, 'tool-call').map((call) => `${call.tool}:${call.summary}`),
      ['edit:package.json', 'run-command:npm version --no-git-tag-version 2.1.0'],
    );
    const failed = stepsOf(events, 'tool-result').find((result) => result.isError);
    assert.equal(failed?.exitCode, 1);
    assert.ok(stepsOf(events, 'meta').some((meta) => meta.cwd === home.workspace));
  });
});
