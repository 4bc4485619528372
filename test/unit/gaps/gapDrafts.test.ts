import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  gapContextSnippets,
  skillNameFor,
  synthesizeGapCandidates,
  TEMPLATE_CONFIDENCE,
  templateCandidate,
} from '../../../src/core/gaps/gapDrafts';
import { gapTask } from '../../../src/core/gaps/gapTask';
import type { Gap } from '../../../src/core/gaps/gapTypes';
import { guardChatModel } from '../../../src/core/llm/guardedChatModel';
import { createOpenAiChatModel } from '../../../src/core/llm/openaiChatModel';
import { messagesOf, type OpenAiTestServer, startOpenAiServer } from '../../support/llm/openaiServer';
import { recordingLogger } from '../llm/helpers';

function gap(overrides: Partial<Gap> = {}): Gap {
  return {
    id: 'gap-1234abcd',
    kind: 'low-match',
    need: 'add a database migration',
    question: 'add a database migration to the schema',
    query: { text: 'Add a\n  database   migration', files: ['src/db/schema.ts'] },
    samples: [],
    scope: ['src/db/**'],
    evidence: [
      { kind: 'session', ref: 'sess-1', detail: 'asked\nfor a migration', sessionId: 'sess-1', ts: 1 },
      { kind: 'file', ref: 'src/db/schema.ts', sessionId: 'sess-1', ts: 2 },
      { kind: 'file', ref: '../outside.txt', ts: 3 },
    ],
    signature: 'sig',
    status: 'open',
    prompt: 'I need a skill that can add a database migration.',
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

const repo = mkdtempSync(join(tmpdir(), 'skillwright-gap-drafts-'));
mkdirSync(join(repo, 'src/db'), { recursive: true });
writeFileSync(join(repo, 'src/db/schema.ts'), 'export const tables = ["users"];\n');
writeFileSync(join(repo, 'binary.bin'), 'a\u0000b');
after(() => rmSync(repo, { recursive: true, force: true }));

describe('gap drafts', () => {
  it('states the task on one line: the query for a low-match gap, the need otherwise', () => {
    assert.equal(gapTask(gap()), 'Add a database migration');
    assert.equal(gapTask(gap({ kind: 'failing-command' })), 'add a database migration');
    assert.equal(gapTask(gap({ kind: 'failing-area', need: '' })), 'add a database migration to the schema');
  });

  it('reads only repository files the gap points at, never outside the repository nor binary ones', async () => {
    const snippets = await gapContextSnippets(gap({ query: { text: 't', files: ['binary.bin', 'missing.ts'] } }), repo);
    assert.deepEqual(snippets, [{ path: 'src/db/schema.ts', text: 'export const tables = ["users"];\n' }]);
  });

  it('makes a template that names its evidence and takes a free name', () => {
    const taken = new Set([skillNameFor(gap())]);
    const candidate = templateCandidate(gap(), taken, 42);
    assert.equal(candidate.name, 'add-database-migration-schema-2');
    assert.equal(candidate.confidence, TEMPLATE_CONFIDENCE);
    assert.equal(candidate.createdAt, 42);
    assert.equal(candidate.status, 'pending');
    assert.deepEqual(candidate.scope, ['src/db/**']);
    assert.match(candidate.body, /^# Add a database migration\n/);
    assert.match(candidate.body, /- session: sess-1 — asked for a migration/);
    assert.match(candidate.body, /- file: src\/db\/schema\.ts \(session sess-1\)/);
    assert.equal(candidate.description, 'Use when asked to add a database migration to the schema in this repository.');
    assert.deepEqual(
      candidate.evidence.map((item) => `${item.kind}:${item.ref}`),
      ['gap:gap-1234abcd', 'session:sess-1', 'file:src/db/schema.ts', 'file:../outside.txt'],
    );
    assert.equal(templateCandidate(gap(), new Set(), 1).id, candidate.id.replace('-2-', '-'));
  });

  it('falls back to a name from the gap id when the question has no content words', () => {
    assert.equal(skillNameFor(gap({ question: 'how do we do it' })), 'gap-gap1234a');
  });

  describe('with a model', () => {
    let server: OpenAiTestServer;
    before(async () => (server = await startOpenAiServer()));
    after(() => server.close());

    it('sends the task, evidence and file context, and returns the pending draft', async () => {
      server.script([
        {
          reply:
            '{"name": "Add a Migration", "description": "Add a migration. Use when changing the schema.", "body": ' +
            '"## Steps\\n- Edit src/db/schema.ts"}',
        },
      ]);
      const model = guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'm' }), { baseDelayMs: 5 });
      const result = await synthesizeGapCandidates({
        gap: gap(),
        model,
        repoRoot: repo,
        library: [],
        logger: recordingLogger(),
      });
      assert.deepEqual(
        result.candidates.map((candidate) => candidate.name),
        ['add-a-migration'],
      );
      assert.ok(result.tokens > 0);
      const user = messagesOf(server.chatRequests()[0]!, 'user');
      assert.match(user, /Add a database migration/);
      assert.match(user, /session: sess-1 — asked for a migration/);
      assert.match(user, /export const tables/);
    });
  });
});
