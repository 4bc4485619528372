import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { type OpenAiTestServer, startOpenAiServer } from '../../support/llm/openaiServer';
import { buildReplayRepo, type ReplayRepo } from '../../support/llm/replayRepo';
import { commitOf, isDistill, replayRules } from '../../support/llm/replayScript';
import { type CliRun, type CliRunOptions, jsonOf, runCliIn } from '../../support/cli/cliRunner';

/** Tokens the scripted model charges per replayed commit (attempt + distill). */
const PER_COMMIT = 400 + 60 + 600 + 120;

interface ReplayJson {
  replay: { processed: number; skipped: number; tokens: number; stoppedBy: string };
  stats: { added: number; updated: number };
  candidates: Array<{
    id: string;
    name: string;
    source: string;
    kind: string;
    evidence: Array<{ kind: string; ref: string }>;
    scope: string[];
    body: string;
  }>;
}

describe('skillwright learn --replay against a loopback OpenAI server', () => {
  let server: OpenAiTestServer;
  let fixture: ReplayRepo;
  let dataDir: string;
  before(async () => {
    server = await startOpenAiServer();
    fixture = buildReplayRepo();
    dataDir = mkdtempSync(join(tmpdir(), 'skillwright-replay-cli-'));
  });
  after(async () => {
    await server.close();
    fixture.repo.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterEach(() => server.requests.splice(0));

  const env = (): NodeJS.ProcessEnv => ({
    SKILLWRIGHT_LLM_BASE_URL: server.baseUrl,
    SKILLWRIGHT_LLM_MODEL: 'replay-model',
  });
  const cli = (args: string[], options: CliRunOptions = {}): Promise<CliRun> =>
    runCliIn(fixture.repo.dir, args, { env: env(), ...options });
  const distilled = (): string[] => server.chatRequests().filter(isDistill).map(commitOf);
  const teachable = (): string[] =>
    fixture.all.filter((hash) => !fixture.skipped.has(hash)).map((hash) => hash.slice(0, 10));

  it('without a model configured, fails with exit 2 and says which variables to set', async () => {
    const db = join(dataDir, 'none.db');
    const missing = await runCliIn(fixture.repo.dir, ['learn', '--replay', '--db', db], { env: {} });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--replay needs a model: no model configured: set SKILLWRIGHT_LLM_MODEL/);
    assert.match(missing.stderr, /SKILLWRIGHT_LLM_API_VERSION/, 'the usage documents the environment');
    const keyless = await runCliIn(fixture.repo.dir, ['learn', '--replay', '--db', db], {
      env: { SKILLWRIGHT_LLM_MODEL: 'gpt-x' },
    });
    assert.equal(keyless.code, 2);
    assert.match(keyless.stderr, /no API key for https:\/\/api\.openai\.com\/v1: set SKILLWRIGHT_LLM_API_KEY/);
    assert.equal(server.requests.length, 0);
  });

  it('replays in resumable chunks, queues the lesson once, and accept writes it', async () => {
    const db = join(dataDir, 'chunks.db');
    server.script(replayRules());
    const first = await cli(['learn', '--replay', '--max-commits', '5', '--db', db, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const firstJson = jsonOf<ReplayJson>(first);
    assert.equal(firstJson.replay.stoppedBy, 'budget');
    assert.equal(firstJson.replay.processed, 5);
    assert.equal(firstJson.replay.tokens, 5 * PER_COMMIT);
    assert.match(first.stderr, /replaying [0-9a-f]{10} /, 'progress on stderr');
    assert.match(first.stderr, new RegExp(`Replayed 5 commits, skipped 0, ${5 * PER_COMMIT} tokens; budget`));
    const [lesson] = firstJson.candidates;
    assert.equal(lesson?.name, 'use-logevent-helper');
    assert.equal(lesson.source, 'commit-replay');
    const doneFirst = distilled();
    assert.deepEqual(doneFirst, teachable().slice(0, 5));

    server.requests.splice(0);
    const second = await cli(['learn', '--replay', '--db', db, '--json']);
    assert.equal(second.code, 0, second.stderr);
    const secondJson = jsonOf<ReplayJson>(second);
    assert.equal(secondJson.replay.stoppedBy, 'done');
    assert.equal(firstJson.replay.processed + secondJson.replay.processed, 27);
    assert.equal(secondJson.replay.skipped, 3);
    assert.deepEqual([...doneFirst, ...distilled()], teachable(), 'no commit is replayed twice, none is left out');
    assert.equal(secondJson.stats.updated, 1, 'the pending lesson is refreshed in place, not duplicated');

    const pending = jsonOf<{ candidates: ReplayJson['candidates'] }>(
      await cli(['candidates', '--db', db, '--json']),
    ).candidates;
    assert.equal(pending.length, 1);
    assert.equal(pending[0]?.id, lesson.id);
    assert.deepEqual(
      pending[0]?.evidence.map((item) => item.ref),
      fixture.logEventCommits,
    );
    assert.deepEqual(pending[0]?.scope, ['src/services/**']);

    server.requests.splice(0);
    const nothingLeft = await cli(['learn', '--replay', '--db', db]);
    assert.equal(nothingLeft.code, 0, nothingLeft.stderr);
    assert.equal(server.requests.length, 0, 'a finished range costs nothing');
    assert.match(nothingLeft.stderr, /Replayed 0 commits/);

    const accepted = await cli(['accept', lesson.id, '--db', db]);
    assert.equal(accepted.code, 0, accepted.stderr);
    const text = readFileSync(join(fixture.repo.dir, '.agents/skills/use-logevent-helper/SKILL.md'), 'utf8');
    assert.match(text, /^---\nname: use-logevent-helper\n/);
    assert.match(text, /Call `logEvent\('<service>.<action>', data\)`/);
  });

  it('stops at --max-tokens and resumes where it stopped; a lesson already in the library is not queued', async () => {
    const db = join(dataDir, 'tokens.db');
    server.script(replayRules());
    const first = jsonOf<ReplayJson>(
      await cli(['learn', '--replay', '--max-tokens', String(3 * PER_COMMIT), '--db', db, '--json']),
    );
    assert.equal(first.replay.stoppedBy, 'budget');
    assert.equal(first.replay.processed, 3);
    // The previous test accepted use-logevent-helper into this repository's library.
    assert.deepEqual(first.candidates, []);
    assert.deepEqual(first.stats, { added: 0, updated: 0, dropped: { 'in-library': 1 } });
    const second = jsonOf<ReplayJson>(await cli(['learn', '--replay', '--max-commits', '2', '--db', db, '--json']));
    assert.equal(second.replay.processed, 2);
    assert.deepEqual(distilled(), teachable().slice(0, 5));
  });

  it('Ctrl+C cancels cleanly with exit 130, keeps the cursor, and the next run resumes', async () => {
    const db = join(dataDir, 'cancel.db');
    rmSync(join(fixture.repo.dir, '.agents'), { recursive: true, force: true });
    const controller = new AbortController();
    let distills = 0;
    server.script(
      replayRules([
        {
          match: (request) => isDistill(request) && ++distills === 4,
          reply: () => {
            controller.abort();
            return '{"edits": []}';
          },
        },
      ]),
    );
    const cancelled = await cli(['learn', '--replay', '--db', db], { signal: controller.signal });
    assert.equal(cancelled.code, 130, cancelled.stderr);
    assert.match(cancelled.stderr, /cancelled; run again to continue where it stopped/);
    const doneFirst = distilled();
    assert.ok(doneFirst.length >= 3 && doneFirst.length <= 4, String(doneFirst.length));

    server.requests.splice(0);
    server.script(replayRules());
    const resumed = jsonOf<ReplayJson>(await cli(['learn', '--replay', '--db', db, '--json']));
    assert.equal(resumed.replay.stoppedBy, 'done');
    const doneSecond = distilled();
    // The commit in flight when Ctrl+C came is the only one that may be asked again.
    assert.deepEqual([...new Set([...doneFirst, ...doneSecond])], teachable());
    assert.ok(doneSecond.filter((hash) => doneFirst.includes(hash)).length <= 1);
    assert.equal(resumed.candidates[0]?.name, 'use-logevent-helper');
  });
});
