import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { readAll, stepsOf } from '../../support/sources/readAll';
import {
  CLAUDE_SESSION,
  installFixture,
  makeTranscriptHome,
  type TranscriptHome,
} from '../../support/sources/transcriptHome';

describe('Claude Code transcripts', () => {
  let home: TranscriptHome;
  let main: string;
  let sub: string;
  before(() => {
    home = makeTranscriptHome();
    main = installFixture(
      `claude/${CLAUDE_SESSION}.jsonl`,
      join(home.root, 'p', `${CLAUDE_SESSION}.jsonl`),
      home.workspace,
    );
    sub = installFixture(
      `claude/${CLAUDE_SESSION}/subagents/agent-a1b2c3d4.jsonl`,
      join(home.root, 'p', CLAUDE_SESSION, 'subagents', 'agent-a1b2c3d4.jsonl'),
      home.workspace,
    );
  });
  after(() => home.cleanup());

  it('turns the session into prompt, tool calls with results, notes and meta', async () => {
    const { events, skipped } = await readAll('claude-code', main);
    assert.deepEqual(skipped, {});
    assert.ok(events.every((event) => event.sessionId === CLAUDE_SESSION && event.agent === 'claude-code'));
    const prompts = stepsOf(events, 'prompt').map((step) => step.text);
    assert.equal(
      prompts[0],
      'The date parser tests fail since the ISO week change. Fix src/date.ts so `npm test` passes.',
    );
    assert.deepEqual(prompts.slice(1), ['Also add a test for week 53.']);
    const calls = stepsOf(events, 'tool-call');
    assert.deepEqual(
      calls.map((call) => `${call.tool}:${call.rawName}`),
      [
        'run-command:Bash',
        'read:Read',
        'search:Grep',
        'edit:Edit',
        'run-command:Bash',
        'write:Write',
        'edit:MultiEdit',
        'run-command:Bash',
        'other:Task',
        'run-command:Bash',
        'run-command:Bash',
        'edit:Edit',
        'run-command:Bash',
      ],
    );
    assert.equal(calls[0]?.summary, 'npm test');
    const edit = calls[3];
    assert.equal(edit?.path, `${home.workspace}/src/date.ts`);
    assert.match(edit?.diff ?? '', /^   return new Date\(s\);$/m);
    assert.match(edit?.diff ?? '', /^\+  if \(week\) return fromIsoWeek/m);
    assert.match(calls[5]?.diff ?? '', /^\+export function fromIsoWeek/m);
  });

  it('marks failed commands with their exit code and passing ones with 0', async () => {
    const { events } = await readAll('claude-code', main);
    const results = stepsOf(events, 'tool-result');
    const byId = new Map(results.map((result) => [result.callId, result]));
    assert.deepEqual([byId.get('toolu_01')?.isError, byId.get('toolu_01')?.exitCode], [true, 1]);
    assert.deepEqual([byId.get('toolu_05')?.isError, byId.get('toolu_05')?.exitCode], [true, 1]);
    assert.deepEqual([byId.get('toolu_08')?.isError, byId.get('toolu_08')?.exitCode], [false, 0]);
    assert.equal(byId.get('toolu_02')?.exitCode, undefined, 'a Read has no exit code');
    assert.equal(results.filter((result) => result.isError).length, 3);
  });

  it('emits meta once per message id even when the message is split over lines', async () => {
    const { events } = await readAll('claude-code', main);
    const metas = stepsOf(events, 'meta');
    const split = events.filter(
      (event) => event.step.kind === 'meta' && event.step.model && event.ts === Date.parse('2026-11-02T09:10:21.000Z'),
    );
    assert.equal(split.length, 1);
    assert.ok(metas.some((meta) => meta.cwd === home.workspace && meta.branch === 'fix/date-parse'));
    assert.ok(
      metas.some(
        (meta) =>
          meta.model === 'claude-sonnet-4-5-20250929' && meta.inputTokens === 15812 && meta.outputTokens === 120,
      ),
    );
    assert.ok(stepsOf(events, 'note').some((note) => note.text.startsWith('[Request interrupted')));
  });

  it('links a sub-agent file to its parent session', async () => {
    const { events } = await readAll('claude-code', sub);
    assert.ok(events.length > 0);
    for (const event of events) {
      assert.equal(event.parentSessionId, CLAUDE_SESSION);
      assert.equal(event.sessionId, `${CLAUDE_SESSION}:agent-a1b2c3d4`);
    }
    assert.equal(stepsOf(events, 'tool-call')[0]?.rawName, 'Grep');
  });

  it('gives the same ids on every read', async () => {
    const first = await readAll('claude-code', main);
    const second = await readAll('claude-code', main);
    assert.deepEqual(
      first.events.map((event) => event.id),
      second.events.map((event) => event.id),
    );
    assert.equal(new Set(first.events.map((event) => event.id)).size, first.events.length, 'ids are unique');
  });
});
