import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { MutationLog } from '../../../src/core/sources/mutationLog';
import { readAll, stepsOf } from '../../support/sources/readAll';
import { installFixture, makeTranscriptHome, type TranscriptHome } from '../../support/sources/transcriptHome';

describe('Copilot Chat sessions', () => {
  let home: TranscriptHome;
  let v3: string;
  let log: string;
  before(() => {
    home = makeTranscriptHome();
    const dir = installFixture('copilot/chatSessions', join(home.root, 'chatSessions'), home.workspace);
    v3 = join(dir, '3f9a0c4e-1111-4222-8333-944455566677.json');
    log = join(dir, '77aa88bb-0000-4000-8000-ccddeeff0011.jsonl');
  });
  after(() => home.cleanup());

  it('reads the single-object v3 form: prompts, terminal runs with exit codes, edits, notes', async () => {
    const { events, skipped } = await readAll('copilot', v3);
    assert.deepEqual(skipped, {});
    assert.deepEqual(
      stepsOf(events, 'prompt').map((step) => step.text),
      ['Run the unit tests and fix the failing one in src/cart.ts', 'Now push the branch'],
    );
    const calls = stepsOf(events, 'tool-call');
    assert.deepEqual(
      calls.map((call) => `${call.tool}:${call.summary.replace(home.workspace, '~')}`),
      [
        'run-command:npm run test:unit',
        'read:~/src/cart.ts',
        'edit:~/src/cart.ts',
        'run-command:npm run test:unit',
        'edit:~/src/cart.test.ts',
        'run-command:git push --force',
      ],
    );
    assert.equal(calls.length, 6);
    assert.deepEqual(
      calls.filter((call) => call.rawName === 'textEditGroup').map((call) => call.path),
      [`${home.workspace}/src/cart.test.ts`],
      'an edit group on a file no tool touched becomes its own step',
    );
    const results = new Map(stepsOf(events, 'tool-result').map((result) => [result.callId, result]));
    assert.deepEqual([results.get('toolu_c1')?.exitCode, results.get('toolu_c1')?.isError], [1, true]);
    assert.deepEqual([results.get('toolu_c4')?.exitCode, results.get('toolu_c4')?.isError], [0, false]);
    assert.equal(results.get('toolu_c5')?.isError, true, 'a rejected command is a failed step');
    assert.ok(
      stepsOf(events, 'note').some(
        (note) => note.text === 'I will run the tests first.\n\nFixed: the discount was applied twice.',
      ),
    );
    assert.ok(
      stepsOf(events, 'meta').some(
        (meta) => meta.model === 'copilot/gpt-5' && meta.inputTokens === 21000 && meta.outputTokens === 900,
      ),
    );
  });

  it('rebuilds the mutation-log form: pushes, truncating pushes, sets and deletes', async () => {
    const { events, skipped } = await readAll('copilot', log);
    assert.deepEqual(skipped, {});
    assert.deepEqual(
      stepsOf(events, 'prompt').map((step) => step.text),
      ['Why does the build fail?', 'Thanks, commit it'],
    );
    const commands = stepsOf(events, 'tool-call').map((call) => call.summary);
    assert.deepEqual(
      commands,
      ['rm -rf dist && npm run build'],
      'the truncating push (i=1) removed the first build run',
    );
    assert.ok(events.every((event) => event.sessionId === '77aa88bb-0000-4000-8000-ccddeeff0011'));
  });
});

describe('MutationLog', () => {
  it('applies kinds 0-3 and refuses bad paths without changing the state', () => {
    const log = new MutationLog();
    assert.equal(log.apply({ kind: 0, v: { a: { list: [1, 2, 3] } } }), undefined);
    assert.equal(log.apply({ kind: 2, k: ['a', 'list'], v: [9], i: 1 }), undefined);
    assert.equal(log.apply({ kind: 1, k: ['a', 'title'], v: 'x' }), undefined);
    assert.equal(log.apply({ kind: 3, k: ['a', 'list', 0] }), undefined);
    assert.deepEqual(log.state, { a: { list: [9], title: 'x' } });
    assert.equal(log.apply({ kind: 1, k: 'a.title', v: 'y' }), 'bad-fields');
    assert.equal(log.apply({ kind: 2, k: ['a', 'title'], v: [1] }), 'bad-mutation');
    assert.equal(log.apply({ kind: 7 }), 'unknown-type');
    assert.deepEqual(log.state, { a: { list: [9], title: 'x' } });
  });
});
