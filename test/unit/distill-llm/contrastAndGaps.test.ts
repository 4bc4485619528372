import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runAgentVsCommit } from '../../../src/core/distill/llm/agentVsCommit';
import { GAP_DRAFT_CONFIDENCE, synthesizeGapSkill } from '../../../src/core/distill/llm/gapSynthesis';
import { RunBudget } from '../../../src/core/llm/budget';
import { guardChatModel } from '../../../src/core/llm/guardedChatModel';
import { createOpenAiChatModel } from '../../../src/core/llm/openaiChatModel';
import { unifiedDiff } from '../../../src/core/diff/unifiedDiff';
import { type Fault, messagesOf, type OpenAiTestServer, startOpenAiServer } from '../../support/llm/openaiServer';
import { recordingLogger } from '../llm/helpers';

const before1 = 'export function load(id: string) {\n  return db.find(id);\n}\n';
const agent = unifiedDiff(
  'src/repo.ts',
  before1,
  "export function load(id: string) {\n  console.log('loading', id);\n  return db.find(id);\n}\n",
);
const human = unifiedDiff(
  'src/repo.ts',
  before1,
  "export function load(id: string) {\n  logEvent('repo.load', { id });\n  return db.find(id);\n}\n",
);

describe('agent-vs-commit contrast and gap synthesis', () => {
  let server: OpenAiTestServer;
  before(async () => (server = await startOpenAiServer()));
  after(() => server.close());
  beforeEach(() => server.requests.splice(0));
  const model = (budget?: RunBudget): ReturnType<typeof guardChatModel> =>
    guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'm' }), { baseDelayMs: 5, budget });

  it("explains the human's correction as a rule citing the session and the commit", async () => {
    server.script([
      {
        reply: JSON.stringify({
          edits: [
            {
              action: 'create',
              name: 'No console.log in src',
              description: 'Log with logEvent; use when adding diagnostics.',
              body: '## Steps\n- Call logEvent.',
              scope: ['src/**'],
            },
          ],
        }),
      },
    ]);
    const result = await runAgentVsCommit({
      model: model(),
      sessionId: 'sess-1',
      agentDiff: agent,
      commit: { hash: 'a'.repeat(40), subject: 'log loads', diff: human },
    });
    assert.equal(result.candidates.length, 1);
    const [candidate] = result.candidates;
    assert.equal(candidate?.name, 'no-console-log-in-src');
    assert.deepEqual(
      candidate?.evidence.map((item) => `${item.kind}:${item.ref}`),
      ['session:sess-1', `commit:${'a'.repeat(40)}`],
    );
    const user = messagesOf(server.chatRequests()[0]!, 'user');
    assert.match(user, /identifiers in the real change absent from the attempt: logEvent/);
  });

  it('makes no call when the commit kept the agent edits as they were', async () => {
    const result = await runAgentVsCommit({
      model: model(),
      sessionId: 's',
      agentDiff: human,
      commit: { hash: 'b', subject: 'same', diff: human },
    });
    assert.deepEqual(result.candidates, []);
    assert.equal(server.chatRequests().length, 0);
  });

  it('drafts a low-confidence skill for a gap, normalising its name', async () => {
    server.script([
      {
        reply:
          '```json\n{"name": "Add a CLI Command", "description": "How to add a CLI command. Use when adding ' +
          'one.", "body": "## Steps\\n- Add src/cli/commands/x.ts", "scope": ["src/cli/**"]}\n```',
      },
    ]);
    const result = await synthesizeGapSkill({
      model: model(),
      gap: {
        id: 'gap-7',
        task: 'add a cli command',
        evidence: ['asked 3 times'],
        context: [{ path: 'src/cli/main.ts', text: 'const COMMANDS = {}' }],
      },
    });
    const [candidate] = result.candidates;
    assert.equal(candidate?.name, 'add-a-cli-command');
    assert.equal(candidate?.confidence, GAP_DRAFT_CONFIDENCE);
    assert.deepEqual(
      candidate?.evidence.map((item) => item.kind),
      ['gap', 'file'],
    );
    assert.ok((candidate?.tokens ?? 0) > 0);
  });

  it('drops a draft whose name has no valid characters, and stops cleanly on budget', async () => {
    server.script([{ reply: '{"name": "!!!", "description": "d", "body": "b"}' }]);
    const gap = { id: 'g', task: 't', evidence: [], context: [] };
    const dropped = await synthesizeGapSkill({ model: model(), gap });
    assert.deepEqual(dropped.candidates, []);
    assert.match(dropped.dropped[0] ?? '', /no valid characters/);
    const spent = new RunBudget({ maxTokens: 1 });
    spent.record({ input: 1, output: 0 });
    const stopped = await synthesizeGapSkill({ model: model(spent), gap });
    assert.equal(stopped.stoppedBy, 'budget');
  });

  const draft =
    '{"name": "run-db-tests", "description": "Run the db tests. Use when touching src/db.", "body": "## Steps\\n- ' +
    'npm run test:db"}';
  const transient: [string, Fault, RegExp][] = [
    ['429 with retry-after', { kind: 'status', status: 429, retryAfter: '0' }, /rate-limited \(HTTP 429/],
    ['500', { kind: 'status', status: 500 }, /server \(HTTP 500/],
    ['a hung connection', { kind: 'hang' }, /timeout \(the model endpoint did not answer in time\)/],
    ['a body that is not JSON', { kind: 'malformed-body' }, /server \(unreadable response/],
  ];
  for (const [name, fault, line] of transient) {
    it(`recovers from ${name} with a log line and one whole candidate`, async () => {
      const logger = recordingLogger();
      server.script([{ fault, times: 1 }, { reply: draft }]);
      const model = guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'm' }), {
        baseDelayMs: 5,
        timeoutMs: 300,
        logger,
      });
      const result = await synthesizeGapSkill({
        model,
        gap: { id: 'g', task: 't', evidence: [], context: [] },
        logger,
      });
      assert.equal(result.candidates.length, 1);
      assert.equal(result.candidates[0]?.body, '## Steps\n- npm run test:db');
      assert.match(logger.text(), line);
    });
  }
  for (const [name, reply] of [
    ['invalid JSON', '{"name": "x", '],
    ['schema-violating JSON', '{"name": "x"}'],
    ['a 2 MB answer', `{"name": "x", "description": "d", "body": "${'y'.repeat(2 * 1024 * 1024)}"}`],
    ['an empty answer', ''],
  ] as const) {
    it(`drops ${name} with a logged reason and no candidate`, async () => {
      const logger = recordingLogger();
      server.script([{ reply }]);
      const model = guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'm' }), { baseDelayMs: 5 });
      const result = await synthesizeGapSkill({
        model,
        gap: { id: 'g1', task: 't', evidence: [], context: [] },
        logger,
      });
      assert.deepEqual(result.candidates, []);
      assert.equal(result.dropped.length, 1);
      assert.match(logger.text(), /llm gap-synthesis g1: dropped after one repair attempt: /);
    });
  }
});
