import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCommitReplay, type CommitReplayResult } from '../../src/core/distill/llm/commitReplay';
import { memoryReplayCursorStore, type ReplayCursorStore } from '../../src/core/distill/llm/replayCursor';
import { runTrajectoryReflection } from '../../src/core/distill/llm/trajectoryReflection';
import { guardChatModel } from '../../src/core/llm/guardedChatModel';
import { createOpenAiChatModel } from '../../src/core/llm/openaiChatModel';
import type { Candidate } from '../../src/core/model/candidate';
import { redactCandidate } from '../../src/core/redaction/redactCandidate';
import type { Trajectory } from '../../src/core/model/trajectory';
import { acceptCandidate } from '../../src/core/skills/accept';
import { validateSkillText } from '../../src/core/skills/validate';
import {
  type Fault,
  type OpenAiTestServer,
  type RecordedRequest,
  messagesOf,
  startOpenAiServer,
} from '../support/llm/openaiServer';
import { buildReplayRepo, type ReplayRepo } from '../support/llm/replayRepo';
import { commitOf, isDistill, replayRules } from '../support/llm/replayScript';
import { recordingLogger } from '../support/reliability/recordingLogger';

/**
 * LLM faults during a learn run: every fault the loopback server injects (HTTP 429 with
 * retry-after, 500, 503, 401, 400, a hung connection, a body that is not JSON) plus bad answers,
 * on one commit of a commit replay and on one session of a trajectory reflection. The run must
 * say what failed, keep every candidate whole (accepting them writes valid SKILL.md files and
 * nothing half-written), and lose nothing: resuming from the cursor ends where a clean run ends.
 */
const FAULTS: [string, Fault, boolean][] = [
  ['429 with retry-after', { kind: 'status', status: 429, retryAfter: '0' }, true],
  ['500', { kind: 'status', status: 500 }, true],
  ['503', { kind: 'status', status: 503 }, true],
  ['401', { kind: 'status', status: 401 }, false],
  ['400', { kind: 'status', status: 400 }, false],
  ['a hung connection', { kind: 'hang' }, true],
  ['a body that is not JSON', { kind: 'malformed-body' }, true],
];

const lines: string[] = [];
const work = mkdtempSync(join(tmpdir(), 'skillwright-reliability-llm-'));

function summary(candidates: readonly Candidate[]): string[] {
  return candidates
    .map((candidate) => `${candidate.name}: ${candidate.evidence.map((item) => item.ref.slice(0, 10)).join(',')}`)
    .sort();
}

/** Accepts every candidate into a fresh folder; every file there must be a complete, valid skill. */
async function assertWholeSkills(candidates: readonly Candidate[], label: string): Promise<number> {
  const folder = mkdtempSync(join(work, 'skills-'));
  for (const candidate of candidates) {
    assert.ok(
      candidate.name && candidate.description.trim() && candidate.body.trim(),
      `${label}: a partial candidate ${JSON.stringify(candidate).slice(0, 200)}`,
    );
    // As the queue would store it: accepting takes only candidates that went through the gate.
    const result = await acceptCandidate(redactCandidate(candidate), { skillsFolder: folder, now: 1 });
    assert.equal(result.status, 'written', `${label}: ${JSON.stringify(result).slice(0, 200)}`);
  }
  const entries = readdirSync(folder);
  assert.deepEqual(
    entries.filter((name) => name.startsWith('.')),
    [],
    `${label}: temporary folders left behind`,
  );
  for (const name of entries) {
    const text = readFileSync(join(folder, name, 'SKILL.md'), 'utf8');
    assert.deepEqual(
      validateSkillText(text, { file: name, folderName: name }).filter((issue) => issue.severity === 'error'),
      [],
      `${label}: ${name}/SKILL.md is invalid`,
    );
  }
  return entries.length;
}

describe('reliability: LLM faults during a learn run', () => {
  let server: OpenAiTestServer;
  let fixture: ReplayRepo;
  let until = '';
  let target = '';
  let baseline: string[] = [];
  before(async () => {
    server = await startOpenAiServer();
    fixture = buildReplayRepo();
    until = fixture.all[9] as string;
    target = (fixture.logEventCommits[2] as string).slice(0, 10);
  });
  after(async () => {
    await server.close();
    fixture.repo.cleanup();
    rmSync(work, { recursive: true, force: true });
    process.stdout.write(
      `# RELIABILITY llm faults: ${lines.length} fault runs, every one reported, 0 partial skills, 0 lost ` +
        `lessons: ${lines.join('; ')}\n`,
    );
  });

  const model = (logger = recordingLogger()): ReturnType<typeof guardChatModel> =>
    guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'm' }), {
      baseDelayMs: 2,
      maxDelayMs: 20,
      timeoutMs: 250,
      maxAttempts: 3,
      logger,
    });
  const replay = (cursorStore: ReplayCursorStore, logger = recordingLogger()): Promise<CommitReplayResult> =>
    runCommitReplay({ repo: fixture.repo.dir, until, model: model(logger), cursorStore, logger });

  it('a clean replay over the first ten commits (the baseline)', { timeout: 60_000 }, async () => {
    server.script(replayRules());
    const clean = await replay(memoryReplayCursorStore());
    assert.equal(clean.stoppedBy, 'done');
    baseline = summary(clean.candidates);
    assert.equal(baseline.length, 1);
  });

  for (const [name, fault, retryable] of FAULTS) {
    it(
      `commit replay, ${name} on every call for one commit: stops naming it, keeps what it learned, resumes to ` +
        `the clean result`,
      { timeout: 60_000 },
      async () => {
        const cursor = memoryReplayCursorStore();
        const logger = recordingLogger();
        server.script(replayRules([{ match: (request) => isDistill(request) && commitOf(request) === target, fault }]));
        const failed = await replay(cursor, logger);
        assert.equal(failed.stoppedBy, 'error');
        assert.match(failed.error ?? '', new RegExp(`model failed on ${target}`));
        const written = await assertWholeSkills(failed.candidates, name);
        server.script(replayRules());
        const resumed = await replay(cursor);
        assert.equal(resumed.stoppedBy, 'done');
        assert.deepEqual(summary(resumed.candidates), baseline, 'resuming loses no lesson');
        lines.push(
          `replay/${name}: stopped ("${(failed.error ?? '').slice(0, 70)}"), ${written} whole skills, resumed = clean`,
        );
      },
    );
    if (retryable) {
      it(`commit replay, ${name} once: retried, the run completes as a clean one`, { timeout: 60_000 }, async () => {
        const logger = recordingLogger();
        server.script(
          replayRules([{ match: (request) => isDistill(request) && commitOf(request) === target, fault, times: 1 }]),
        );
        const result = await replay(memoryReplayCursorStore(), logger);
        assert.equal(result.stoppedBy, 'done');
        assert.deepEqual(summary(result.candidates), baseline);
        assert.match(logger.text(), /retry|HTTP|timeout|unreadable/i, 'the retry is logged');
        lines.push(`replay/${name} once: retried, result = clean`);
      });
    }
  }

  for (const [name, reply] of [
    ['invalid JSON', '{"edits": ['],
    ['schema-violating JSON', '{"edits": [{"action": "create", "name": "x"}]}'],
    [
      'a 2 MB answer',
      `{"edits": [{"action": "create", "name": "x", "description": "d", "body": "${'y'.repeat(2 * 1024 * 1024)}"}]}`,
    ],
  ] as const) {
    it(
      `commit replay, ${name} for one commit: that answer is dropped with a reason, the rest is kept whole`,
      { timeout: 60_000 },
      async () => {
        const logger = recordingLogger();
        server.script(replayRules([{ match: (request) => isDistill(request) && commitOf(request) === target, reply }]));
        const result = await replay(memoryReplayCursorStore(), logger);
        assert.equal(result.stoppedBy, 'done');
        assert.ok(
          result.notes.some((note) => note.commit.startsWith(target) && /dropped/.test(note.note)),
          JSON.stringify(result.notes),
        );
        const written = await assertWholeSkills(result.candidates, name);
        lines.push(`replay/${name}: dropped for ${target}, ${written} whole skills`);
      },
    );
  }

  const isReflect = (request: RecordedRequest): boolean =>
    messagesOf(request, 'system').includes('# Reflect on one agent session');
  const isConsolidate = (request: RecordedRequest): boolean =>
    messagesOf(request, 'system').includes('# Consolidate lessons');
  const sessionOf = (request: RecordedRequest): string =>
    /<data kind="trajectory" session="([^"]+)"/.exec(messagesOf(request, 'user'))?.[1] ?? '';
  const trajectories = (): Trajectory[] =>
    ['s1', 's2', 's3'].map((id) => ({
      session: {
        id,
        actor: 'claude-code',
        startedAt: 0,
        endedAt: 1,
        outcome: 'success',
        eventIds: [`${id}-e1`, `${id}-e2`],
        task: 'fix the build',
      },
      steps: [
        { eventId: `${id}-e1`, ts: 0, action: 'npm test', observation: 'failed', outcome: 'failure', files: [] },
        {
          eventId: `${id}-e2`,
          ts: 1,
          action: 'npm run build:types && npm test',
          observation: 'passed',
          outcome: 'success',
          files: [],
        },
      ],
    }));
  const lessons = (request: RecordedRequest): string =>
    JSON.stringify({
      lessons: [
        {
          title: 'Build types first',
          rule: 'run build:types before tests',
          kind: 'failure-fix',
          skill: 'build-types-first',
          scope: [],
          eventIds: [`${sessionOf(request)}-e1`, `${sessionOf(request)}-e2`],
        },
      ],
    });
  const consolidation = JSON.stringify({
    edits: [
      {
        action: 'create',
        name: 'build-types-first',
        description: 'Build types before tests. Use when tests fail on missing types.',
        body: '## Steps\n- npm run build:types',
        scope: [],
        sources: ['L1', 'L2', 'L3'],
      },
    ],
  });

  for (const [name, fault] of FAULTS) {
    it(`trajectory reflection, ${name} for one session: reported, no partial skill`, { timeout: 60_000 }, async () => {
      const logger = recordingLogger();
      server.script([
        { match: (request) => isReflect(request) && sessionOf(request) === 's2', fault },
        { match: isReflect, reply: lessons },
        { match: isConsolidate, reply: consolidation },
      ]);
      const result = await runTrajectoryReflection({
        model: model(logger),
        trajectories: trajectories(),
        logger,
        concurrency: 2,
      });
      const reported =
        result.stoppedBy === 'error' || result.dropped.some((line) => /s2/.test(line)) || /s2/.test(logger.text());
      assert.ok(reported, `the failure is reported: ${result.stoppedBy} ${JSON.stringify(result.dropped)}`);
      const written = await assertWholeSkills(result.candidates, name);
      const dropped = result.dropped.length ? ` (${result.dropped.length} dropped)` : '';
      lines.push(`reflection/${name}: ${result.stoppedBy}${dropped}, ${written} whole skills`);
    });
  }
});
