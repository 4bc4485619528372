import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CandidateRepository } from '../../src/core/candidates/candidateRepository';
import { runCommitReplay } from '../../src/core/distill/llm/commitReplay';
import { runTrajectoryReflection } from '../../src/core/distill/llm/trajectoryReflection';
import { importGapInbox } from '../../src/core/gaps/gapInbox';
import { GapRepository } from '../../src/core/gaps/gapRepository';
import { runLearn } from '../../src/core/learn/learnPipeline';
import { guardChatModel } from '../../src/core/llm/guardedChatModel';
import { createOpenAiChatModel } from '../../src/core/llm/openaiChatModel';
import type { RecordedEvent } from '../../src/core/model/events';
import type { Trajectory } from '../../src/core/model/trajectory';
import { redactedText } from '../../src/core/redaction/gate';
import { redactText } from '../../src/core/redaction/redactText';
import { acceptCandidate } from '../../src/core/skills/accept';
import { readTranscriptSource } from '../../src/core/sources/readSource';
import { openEventStore } from '../../src/core/store/openEventStore';
import { defaultStorePath } from '../../src/core/store/storeLocation';
import { resolveWasmPath } from '../../src/core/store/sqlJsDatabase';
import { createTempRepo } from '../support/git/tempRepo';
import { type OpenAiTestServer, messagesOf, startOpenAiServer } from '../support/llm/openaiServer';
import { buildReplayRepo } from '../support/llm/replayRepo';
import { replayRules } from '../support/llm/replayScript';
import { bundleChild } from '../support/reliability/bundleChild';
import { SECRET_CORPUS, corpusText, leakedIn } from '../support/reliability/secretCorpus';
import { eventsCarrying, terminalEvent } from '../support/store/sampleEvents';

/**
 * Secrets: SECRET_CORPUS (96 generated secrets in 84 formats, among them every flag form of issue
 * 16 and keyword-less high-entropy values) is planted in terminal command lines and output, file
 * edits, commit messages and diffs, agent transcripts, and tasks reported over MCP. None may
 * reach the database file, the event log, an export, a candidate, a written SKILL.md (body or
 * metadata), the gap inbox, or any request the loopback model server receives.
 */
const work = mkdtempSync(join(tmpdir(), 'skillwright-reliability-secrets-'));
const wasmPath = resolveWasmPath();
const figures: string[] = [];

/** Every byte the store keeps in its folder, read as text (sql.js keeps strings as plain UTF-8). */
function storeBytes(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString('latin1') + readFileSync(join(dir, name)).toString('utf8'))
    .join('\n');
}

function claudeTranscript(sessionId: string, cwd: string): string {
  const line = (type: string, uuid: number, message: object): string =>
    JSON.stringify({
      type,
      uuid: `u${uuid}`,
      parentUuid: null,
      sessionId,
      cwd,
      timestamp: new Date(Date.UTC(2026, 0, 1, 9, 0, uuid)).toISOString(),
      message,
    });
  const lines: string[] = [];
  SECRET_CORPUS.forEach((item, index) => {
    const at = index * 4;
    lines.push(line('user', at, { role: 'user', content: `deploy with ${item.text} please` }));
    lines.push(
      line('assistant', at + 1, {
        id: `msg_${index}`,
        role: 'assistant',
        model: 'claude-x',
        content: [
          {
            type: 'tool_use',
            id: `toolu_${index}`,
            name: 'Bash',
            input: { command: `curl -H "${item.text}" https://api.example.com` },
          },
        ],
      }),
    );
    lines.push(
      line('user', at + 2, {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: `toolu_${index}`, content: `echo: ${item.text}\nexit 0` }],
      }),
    );
    lines.push(
      line('assistant', at + 3, {
        id: `msg_e${index}`,
        role: 'assistant',
        model: 'claude-x',
        content: [
          {
            type: 'tool_use',
            id: `toolu_e${index}`,
            name: 'Edit',
            input: { file_path: `${cwd}/src/config.ts`, old_string: 'a', new_string: `const k = '${item.text}';` },
          },
        ],
      }),
    );
  });
  return `${lines.join('\n')}\n`;
}

describe(`reliability: ${SECRET_CORPUS.length} planted secrets never reach disk, a skill, or a model`, () => {
  let server: OpenAiTestServer;
  before(async () => (server = await startOpenAiServer()));
  after(async () => {
    await server.close();
    process.stdout.write(
      `# RELIABILITY secrets: ${SECRET_CORPUS.length} secrets ` +
        `(${new Set(SECRET_CORPUS.map((item) => item.kind.split(' ')[0])).size} formats): ${figures.join('; ')}\n`,
    );
    rmSync(work, { recursive: true, force: true });
  });

  it('terminal output, edits, commits and transcripts: not in the database, the event log, or an export', async () => {
    const live = join(work, 'store-live');
    const crashed = join(work, 'store-crashed');
    mkdirSync(live);
    mkdirSync(crashed);
    const events: RecordedEvent[] = SECRET_CORPUS.flatMap((item, index) => [
      ...eventsCarrying(item.text, `s${index}`, 1_700_000_000_000 + index * 10),
      commandEvent(item.text, `s${index}-cmd`, 1_700_000_000_000 + index * 10 + 5),
    ]);
    assert.equal(leakedIn(JSON.stringify(events)).length, SECRET_CORPUS.length, 'the events really carry every secret');

    // Transcripts through the real parser: what an import or a tail hands the store.
    const transcriptPath = join(work, 'claude-session.jsonl');
    writeFileSync(transcriptPath, claudeTranscript('sess-secret', '/work/repo'));
    const parsed = await readTranscriptSource({ agent: 'claude-code', path: transcriptPath, kind: 'file' }, undefined, {
      includePartialTail: true,
    });
    assert.ok(parsed.events.length >= SECRET_CORPUS.length * 3, `parsed ${parsed.events.length} transcript events`);
    const parsedLeaks = leakedIn(JSON.stringify(parsed.events)).length;

    const store = await openEventStore({
      dbPath: join(live, 'skillwright.db'),
      wasmPath,
      flushIntervalMs: 60_000,
      checkpointIdleMs: 60_000,
    });
    const half = Math.floor(events.length / 2);
    store.append(events.slice(0, half));
    await store.checkpoint();
    store.append([...events.slice(half), ...parsed.events]);
    await store.flush();
    // A crash here leaves the second half only in the event log: copy the files as they are.
    for (const name of readdirSync(live).filter((file) => !file.endsWith('.lock')))
      copyFileSync(join(live, name), join(crashed, name));
    const exportPath = join(work, 'export.jsonl');
    const exported = await store.exportJsonl(exportPath);
    await store.close();

    assert.equal(exported, events.length + parsed.events.length);
    assert.deepEqual(leakedIn(storeBytes(crashed)), [], 'database + event log as a crash leaves them');
    assert.deepEqual(leakedIn(storeBytes(live)), [], 'database after close');
    assert.deepEqual(leakedIn(readFileSync(exportPath, 'utf8')), [], 'export');
    assert.ok(readFileSync(exportPath, 'utf8').includes('[REDACTED:'), 'the export shows where secrets were');
    figures.push(
      `store: ${events.length} recorded + ${parsed.events.length} transcript events (parser output ` +
        `held ${parsedLeaks} of them before redaction) -> secrets leaked into db, event log, export = 0`,
    );
  });

  // Found by this suite: the heuristic distillers quote commit subjects in candidate bodies
  // (commit-conventions' "## Evidence" list) and evidence details (cochange, layout-conventions).
  // queueCandidates redacts every candidate once on its way into the store, and the Redacted
  // brand carries that to renderCandidate, which accepts nothing else.
  it(
    'commit messages and diffs through the heuristic learn pipeline: not in a candidate or an accepted SKILL.md',
    { timeout: 120_000 },
    async () => {
      const repo = createTempRepo('sw-secret-learn-');
      try {
        repo.commit('chore: initial layout', {
          files: {
            'package.json': JSON.stringify({ name: 'demo', scripts: { test: 'node --test', lint: 'eslint src' } }),
            'docs/api.md': '# API\n',
          },
        });
        SECRET_CORPUS.forEach((item, index) => {
          const module = ['lexer', 'parser', 'ast'][index % 3] as string;
          repo.commit(
            `feat(parser): extend ${module} with ${item.text}\n\nRotated credentials: ${item.text}\nSee ${item.text}`,
            {
              files: {
                [`src/parser/${module}.ts`]: `export const key${index} = '${item.text}';\n`,
                [`test/parser/${module}.test.ts`]: `// ${item.text}\n`,
              },
            },
          );
          if (index % 2 === 0)
            repo.commit(`fix(api): handler ${index} ${item.text}`, {
              files: {
                'src/api/routes.ts': `export const v = ${index}; // ${item.text}\n`,
                'docs/api.md': `# API\n${item.text}\n`,
              },
            });
        });
        const dir = join(work, 'learn-store');
        mkdirSync(dir);
        const store = await openEventStore({ dbPath: join(dir, 'skillwright.db'), wasmPath });
        // Each secret also as a command line that succeeds again and again: the working-commands
        // distiller cites such runs, and its evidence goes into SKILL.md's metadata.
        const events = SECRET_CORPUS.flatMap((item, index) => [
          ...eventsCarrying(item.text, `l${index}`, Date.UTC(2024, 0, 2) + index * 1000),
          ...[0, 1, 2].map((run) =>
            commandEvent(item.text, `l${index}-cmd${run}`, Date.UTC(2024, 0, 2) + index * 1000 + 100 + run),
          ),
        ]);
        const result = await runLearn({ repo: repo.dir, db: store.db, events, options: { now: Date.UTC(2026, 0, 1) } });
        assert.ok(result.candidates.length > 0, 'the pipeline produced candidates to accept');
        // Both the store's copies (what the review queue shows) and the learn result (what the CLI prints).
        const candidateLeaks = leakedIn(JSON.stringify(new CandidateRepository(store.db).list()));
        const inMemoryLeaks = leakedIn(JSON.stringify(result.candidates));
        const skills = join(repo.dir, '.agents', 'skills');
        let written = 0;
        // Accepting the (redacted) learn result exercises the path to SKILL.md end to end.
        for (const candidate of result.candidates) {
          const accepted = await acceptCandidate(candidate, { skillsFolder: skills, now: Date.UTC(2026, 0, 1) });
          if (accepted.status === 'written') written++;
        }
        assert.ok(written > 0, 'at least one SKILL.md was written');
        const texts = readdirSync(skills, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
        const skillLeaks = leakedIn(texts.join('\n'));
        const metadata = texts.map((text) => text.split('\n---\n')[0] ?? '').join('\n');
        const metadataLeaks = leakedIn(metadata);
        await store.close();
        const storeLeaks = leakedIn(storeBytes(dir));
        const mentions = texts.filter((text) => /feat\(parser\)|src\/parser/.test(text)).length;
        figures.push(
          `learn: ${result.stats.history.total} commits with secrets ` +
            `-> ${result.candidates.length} candidates, ${written} SKILL.md written (${mentions} citing the ` +
            `secret-bearing commits) -> ` +
            (`secrets leaked into stored candidates ${candidateLeaks.length} (in-memory learn ` +
              `result ${inMemoryLeaks.length}), ` +
              `SKILL.md ${skillLeaks.length} (metadata ${metadataLeaks.length}), candidate ` +
              `store ${storeLeaks.length}`),
        );
        assert.deepEqual(candidateLeaks, [], 'candidates');
        assert.deepEqual(inMemoryLeaks, [], 'the learn result');
        assert.deepEqual(skillLeaks, [], 'accepted SKILL.md files');
        assert.deepEqual(metadataLeaks, [], 'SKILL.md metadata');
        assert.deepEqual(storeLeaks, [], 'the candidate store');
      } finally {
        repo.cleanup();
      }
    },
  );

  it(
    'LLM distillation (commit replay and trajectory reflection): no request to the model carries a secret',
    { timeout: 120_000 },
    async () => {
      const fixture = buildReplayRepo({
        secretFile: `${corpusText()}\nexport const config = {};\n`,
        hostileMessage: `feat: add service 9\n\n${corpusText()}`,
      });
      try {
        server.requests.splice(0);
        server.script(replayRules());
        const model = guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'm' }), {
          baseDelayMs: 5,
        });
        const replay = await runCommitReplay({ repo: fixture.repo.dir, model });
        assert.equal(replay.stoppedBy, 'done');
        const lastCommitSeen = server
          .chatRequests()
          .some((request) => messagesOf(request, 'user').includes('src/config.ts'));
        assert.ok(lastCommitSeen, 'the secret-bearing commit was sent (redacted)');
        const replayRequests = server.chatRequests().length;

        server.script([
          {
            match: (request) => messagesOf(request, 'system').includes('# Reflect on one agent session'),
            reply: JSON.stringify({
              lessons: [
                {
                  title: 'Build first',
                  rule: 'build first',
                  kind: 'failure-fix',
                  skill: 'build-first',
                  scope: [],
                  eventIds: ['e1', 'e2'],
                },
              ],
            }),
          },
          {
            match: (request) => messagesOf(request, 'system').includes('# Consolidate lessons'),
            reply: JSON.stringify({
              edits: [
                {
                  action: 'create',
                  name: 'build-first',
                  description: 'Build first. Use when testing.',
                  body: '## Steps\n- build',
                  scope: [],
                  sources: ['L1'],
                },
              ],
            }),
          },
        ]);
        const trajectories: Trajectory[] = SECRET_CORPUS.slice(0, 20).map((item, index) => ({
          session: {
            id: `t${index}`,
            actor: 'claude-code',
            startedAt: 0,
            endedAt: 1,
            outcome: 'success',
            eventIds: ['e1', 'e2'],
            task: `use ${item.text}`,
          },
          steps: [
            {
              eventId: 'e1',
              ts: 0,
              action: `npm test -- ${item.text}`,
              observation: `failed: ${item.text}`,
              outcome: 'failure',
              files: [],
            },
            {
              eventId: 'e2',
              ts: 1,
              action: `npm run build -- --key ${item.text}`,
              observation: `ok ${item.text}`,
              outcome: 'success',
              files: [],
            },
          ],
        }));
        const reflection = await runTrajectoryReflection({ model, trajectories, concurrency: 2 });
        assert.equal(reflection.stoppedBy, 'done');
        const requests = server.chatRequests();
        const leaks = requests.flatMap((request) =>
          leakedIn(`${request.raw}\n${messagesOf(request, 'system')}\n${messagesOf(request, 'user')}`),
        );
        assert.deepEqual([...new Set(leaks)], [], 'requests captured by the loopback server');
        assert.deepEqual(leakedIn(JSON.stringify([...replay.candidates, ...reflection.candidates])), []);
        figures.push(
          `llm: ${replayRequests} commit-replay + ${requests.length - replayRequests} reflection requests ` +
            `captured -> secrets leaked to the model = 0`,
        );
      } finally {
        fixture.repo.cleanup();
      }
    },
  );

  // Issue 16: `report_gap` wrote the agent's task, secrets included, to gap-inbox.jsonl as it came.
  it(
    'MCP report_gap: neither the gap inbox nor the gaps imported from it hold a secret',
    { timeout: 60_000 },
    async () => {
      const repo = join(work, 'mcp-repo');
      const dataDir = join(work, 'mcp-data');
      mkdirSync(join(repo, '.agents', 'skills'), { recursive: true });
      const cli = await bundleChild(join(process.cwd(), 'src/cli/main.ts'), work);
      const env = { ...process.env, SKILLWRIGHT_DATA_DIR: dataDir } as Record<string, string>;
      const client = new Client({ name: 'secrets-test', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [cli, 'mcp', '--repo', repo],
          env,
          stderr: 'pipe',
        }),
      );
      try {
        for (const item of SECRET_CORPUS) {
          await client.callTool({
            name: 'report_gap',
            arguments: { task: `deploy to staging with ${item.text}`, details: `it failed until I ran ${item.text}` },
          });
        }
      } finally {
        await client.close();
      }
      const inbox = join(dirname(defaultStorePath(repo, { SKILLWRIGHT_DATA_DIR: dataDir })), 'gap-inbox.jsonl');
      const inboxText = readFileSync(inbox, 'utf8');
      assert.equal(inboxText.trim().split('\n').length, SECRET_CORPUS.length, 'every report reached the inbox');
      const inboxLeaks = leakedIn(inboxText);

      const dir = join(work, 'gap-store');
      mkdirSync(dir);
      const store = await openEventStore({ dbPath: join(dir, 'skillwright.db'), wasmPath });
      const gaps = new GapRepository(store.db);
      const imported = await importGapInbox(inbox, gaps);
      const listed = leakedIn(JSON.stringify(gaps.list()));
      await store.close();
      const storeLeaks = leakedIn(storeBytes(dir));
      figures.push(
        `mcp: ${SECRET_CORPUS.length} report_gap calls -> ${imported.imported} gaps imported -> secrets leaked ` +
          `into gap-inbox.jsonl ${inboxLeaks.length}, gaps ${listed.length}, store ${storeLeaks.length}`,
      );
      assert.deepEqual(inboxLeaks, [], 'gap-inbox.jsonl');
      assert.deepEqual(listed, [], 'gaps');
      assert.deepEqual(storeLeaks, [], 'the store after the import');
    },
  );

  // The gate is structural: `npm run typecheck` fails if a raw string can be bound to a row or
  // handed to a model adapter (each @ts-expect-error below must stay an error).
  it('the gate is a type: a raw string can be neither stored nor sent, only its redacted form', async () => {
    const dir = join(work, 'gate-store');
    mkdirSync(dir);
    const store = await openEventStore({ dbPath: join(dir, 'skillwright.db'), wasmPath });
    const secret =
      SECRET_CORPUS.find((item) => item.kind === 'flag--token') ?? (SECRET_CORPUS[0] as (typeof SECRET_CORPUS)[number]);
    const unsafe = (): void => {
      // @ts-expect-error a raw string is not a StoredValue
      store.db.run('INSERT INTO kv (key, value) VALUES (?, ?)', ['k', secret.text]);
      const model = createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'm' });
      const rawMessage = { role: 'user', content: secret.text } as const;
      // @ts-expect-error a model adapter takes only redacted messages
      void model.complete({ messages: [rawMessage] });
    };
    assert.equal(typeof unsafe, 'function');
    store.db.run('INSERT INTO kv (key, value) VALUES (?, ?)', [redactedText('gate-check'), redactedText(secret.text)]);
    const stored = store.db.get<{ value: string }>("SELECT value FROM kv WHERE key = 'gate-check'")?.value ?? '';
    await store.close();
    assert.deepEqual(leakedIn(stored), []);
    assert.match(stored, /\[REDACTED:cli-flag\]/);
  });

  // Found by this suite: env-secret matched first and consumed `-----BEGIN`, so the private-key
  // pattern no longer saw a header and the key body stayed. Private keys are now redacted first.
  it('a private key assigned to a variable (TOKEN=-----BEGIN …) is redacted whole', () => {
    const keys = SECRET_CORPUS.filter((item) => item.kind.startsWith('private-key'));
    const leaks = keys.flatMap((item) => leakedIn(redactText(`export TOKEN=${item.text}`)));
    figures.push(`private key after TOKEN=: ${leaks.length} of ${keys.length} leaked`);
    assert.deepEqual(leaks, []);
  });
});

/** The secret as a command line an agent ran successfully (flags are where most of them live). */
function commandEvent(text: string, id: string, ts: number): RecordedEvent {
  return { ...terminalEvent(id, ts, 'ok', `cmd-${id}`), commandLine: text.includes('\n') ? `echo '${text}'` : text };
}
