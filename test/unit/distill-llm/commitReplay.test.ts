import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { runCommitReplay, type CommitReplayOptions } from '../../../src/core/distill/llm/commitReplay';
import { kvReplayCursorStore, memoryReplayCursorStore } from '../../../src/core/distill/llm/replayCursor';
import { RunBudget } from '../../../src/core/llm/budget';
import { guardChatModel } from '../../../src/core/llm/guardedChatModel';
import { createOpenAiChatModel } from '../../../src/core/llm/openaiChatModel';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { messagesOf, type OpenAiTestServer, startOpenAiServer } from '../../support/llm/openaiServer';
import { buildReplayRepo, type ReplayRepo } from '../../support/llm/replayRepo';
import { commitOf, isAttempt, isDistill, replayRules } from '../../support/llm/replayScript';
import { recordingLogger } from '../llm/helpers';

const PER_COMMIT = 400 + 60 + 600 + 120;

describe('contrastive commit replay over a 30-commit repository', () => {
  let server: OpenAiTestServer;
  let fixture: ReplayRepo;
  before(async () => {
    server = await startOpenAiServer();
    fixture = buildReplayRepo();
  });
  after(async () => {
    await server.close();
    fixture.repo.cleanup();
  });
  afterEach(() => server.requests.splice(0));

  const options = (extra: Partial<CommitReplayOptions> = {}, budget?: RunBudget): CommitReplayOptions => ({
    repo: fixture.repo.dir,
    model: guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'replay-model' }), {
      baseDelayMs: 5,
      budget,
    }),
    ...extra,
  });
  const distilled = (): string[] => server.chatRequests().filter(isDistill).map(commitOf);
  const teachable = (): string[] => fixture.all.filter((hash) => !fixture.skipped.has(hash));

  it('learns the helper lesson online, citing exactly the commits that taught it', async () => {
    server.script(replayRules());
    const logger = recordingLogger();
    const result = await runCommitReplay(options({ logger }));
    assert.equal(result.stoppedBy, 'done');
    assert.equal(result.processed, 27);
    assert.equal(result.skipped, 3);
    assert.equal(result.tokens, 27 * PER_COMMIT);
    // Strictly chronological, skipped commits never reach the model.
    assert.deepEqual(
      distilled(),
      teachable().map((hash) => hash.slice(0, 10)),
    );
    for (const [hash, reason] of fixture.skipped)
      assert.match(logger.text(), new RegExp(`commit-replay ${hash.slice(0, 10)}: skipped: ${reason}`));

    assert.equal(result.candidates.length, 1);
    const [candidate] = result.candidates;
    assert.ok(candidate);
    assert.equal(candidate.name, 'use-logevent-helper');
    assert.equal(candidate.kind, 'new');
    assert.equal(candidate.source, 'commit-replay');
    assert.deepEqual(candidate.scope, ['src/services/**']);
    assert.deepEqual(
      candidate.evidence.map((item) => item.ref),
      fixture.logEventCommits,
    );
    assert.ok(candidate.evidence.every((item) => item.kind === 'commit' && /add service/.test(item.detail ?? '')));
    assert.equal(candidate.tokens, fixture.logEventCommits.length * PER_COMMIT);
    for (const item of result.candidates)
      process.stdout.write(
        `# replay candidate ${item.name}: ${item.tokens} tokens over ${item.evidence.length} commits ` +
          `(${Math.round((item.tokens ?? 0) / item.evidence.length)} per commit); run ` +
          `total ${result.tokens} tokens for ${result.processed} commits\n`,
      );

    // Later commits see earlier lessons: the first helper commit is attempted without the skill, the second with it.
    const attempts = server.chatRequests().filter(isAttempt);
    const attemptFor = (hash: string): string =>
      messagesOf(attempts[teachable().indexOf(hash)] ?? attempts[0]!, 'user');
    assert.doesNotMatch(attemptFor(fixture.logEventCommits[0]!), /use-logevent-helper/);
    assert.match(attemptFor(fixture.logEventCommits[1]!), /### use-logevent-helper/);
  });

  it('starts from the recipes learned without a model, and returns only the seeds it refined', async () => {
    const recipe = {
      name: 'adding-a-service',
      description: 'How a new service is added.',
      body: '## Steps\n1. In `src/services/<name>.ts`, add `export const <name> = service()`.',
      scope: ['src/services/**'],
    };
    const idle = {
      name: 'reusing-helpers-in-src',
      description: 'Helpers.',
      body: '## Steps\n1. Use `logEvent`.',
      scope: ['src/**'],
    };
    const refine = {
      match: (request: Parameters<typeof isDistill>[0]) =>
        isDistill(request) && commitOf(request) === fixture.logEventCommits[0]!.slice(0, 10),
      reply: JSON.stringify({
        edits: [
          {
            action: 'revise',
            name: 'adding-a-service',
            description: 'How a new service is added, with its logging.',
            body: `${recipe.body}\n2. Log with \`logEvent('<name>.started')\`.`,
            scope: ['src/services/**'],
            rationale: 'the maintainer logged the new service',
          },
        ],
      }),
    };
    server.script(replayRules([refine]));
    const result = await runCommitReplay(options({ seeds: [recipe, idle], maxCommits: 12 }));
    const firstAttempt = messagesOf(server.chatRequests().find(isAttempt)!, 'user');
    assert.match(firstAttempt, /### adding-a-service/, 'the very first attempt already knows the recipe');
    const names = result.candidates.map((candidate) => candidate.name).sort();
    assert.ok(names.includes('adding-a-service'), `the refined recipe comes back: ${names.join(', ')}`);
    assert.ok(!names.includes('reusing-helpers-in-src'), 'a seed nothing changed is not proposed again');
    const refined = result.candidates.find((candidate) => candidate.name === 'adding-a-service');
    assert.equal(refined?.kind, 'new');
    assert.match(refined?.body ?? '', /logEvent\('<name>\.started'\)/);
  });

  it('resumes after cancellation from the stored cursor without redoing commits', async () => {
    const db = await openSqlJsDatabase();
    const cursorStore = kvReplayCursorStore(db);
    const controller = new AbortController();
    let distills = 0;
    server.script(
      replayRules([
        {
          match: (request) => isDistill(request) && ++distills === 6,
          reply: (request) => {
            controller.abort();
            return `{"edits": []} ${commitOf(request)}`;
          },
        },
      ]),
    );
    const first = await runCommitReplay(options({ cursorStore, signal: controller.signal }));
    assert.equal(first.stoppedBy, 'cancelled');
    assert.equal(first.processed, 5);
    const doneFirst = distilled().slice(0, 5);
    assert.ok(db.get<{ value: string }>("SELECT value FROM kv WHERE key = 'commit-replay:cursor:root'"));

    server.requests.splice(0);
    server.script(replayRules());
    const second = await runCommitReplay(options({ cursorStore }));
    assert.equal(second.stoppedBy, 'done');
    assert.equal(first.processed + second.processed, 27);
    const doneSecond = distilled();
    assert.equal(doneSecond.filter((hash) => doneFirst.includes(hash)).length, 0, 'no commit is distilled twice');
    assert.deepEqual(
      [...doneFirst, ...doneSecond],
      teachable().map((hash) => hash.slice(0, 10)),
    );
    // The lessons of the first run carried over: the candidate cites every helper commit.
    assert.deepEqual(
      second.candidates[0]?.evidence.map((item) => item.ref),
      fixture.logEventCommits,
    );
    db.close();
  });

  it('stops at the token budget, saves the cursor, and the next run continues', async () => {
    server.script(replayRules());
    const cursorStore = memoryReplayCursorStore();
    const logger = recordingLogger();
    const stopped = await runCommitReplay(options({ cursorStore, logger }, new RunBudget({ maxTokens: 5000 })));
    assert.equal(stopped.stoppedBy, 'budget');
    assert.equal(stopped.processed, 4);
    assert.equal(stopped.tokens, 4 * PER_COMMIT + 460, "the interrupted commit's attempt is counted too");
    assert.match(logger.text(), /commit-replay stopped \(budget\): token budget reached/);
    const rest = await runCommitReplay(options({ cursorStore }));
    assert.equal(rest.processed, 23);

    const perRun = await runCommitReplay(options({ maxTokens: 3000 }));
    assert.deepEqual([perRun.stoppedBy, perRun.processed], ['budget', 3]);
    const perCount = await runCommitReplay(options({ maxCommits: 4 }));
    assert.deepEqual([perCount.stoppedBy, perCount.processed], ['budget', 4]);
  });

  it('drops an invalid answer, logging why, and stops on a failing endpoint without losing the commit', async () => {
    const bad = fixture.logEventCommits[2]!.slice(0, 10);
    server.script(
      replayRules([
        {
          match: (request) => isDistill(request) && commitOf(request) === bad,
          reply: '{"edits": [{"action": "create", "name": "x"}]}',
        },
      ]),
    );
    const logger = recordingLogger();
    const result = await runCommitReplay(options({ logger }));
    assert.equal(result.stoppedBy, 'done');
    assert.match(
      logger.text(),
      new RegExp(
        `commit-replay ${bad}: answer dropped: invalid answer after repair: schema violation: edits.0.description`,
      ),
    );
    assert.deepEqual(
      result.candidates[0]?.evidence.map((item) => item.ref),
      fixture.logEventCommits.filter((hash) => !hash.startsWith(bad)),
    );

    const failing = fixture.logEventCommits[3]!.slice(0, 10);
    const cursorStore = memoryReplayCursorStore();
    server.script(
      replayRules([
        {
          match: (request) => isDistill(request) && commitOf(request) === failing,
          fault: { kind: 'status', status: 500 },
        },
      ]),
    );
    const broken = await runCommitReplay(options({ cursorStore, logger }));
    assert.equal(broken.stoppedBy, 'error');
    assert.match(broken.error ?? '', new RegExp(`model failed on ${failing}: model call failed: server: HTTP 500`));
    assert.equal(broken.candidates[0]?.evidence.length, 3, 'candidates learned before the failure are kept whole');
    server.requests.splice(0);
    server.script(replayRules());
    const resumed = await runCommitReplay(options({ cursorStore }));
    assert.equal(distilled()[0], failing, 'the failed commit is retried first');
    assert.equal(resumed.stoppedBy, 'done');
  });
});
