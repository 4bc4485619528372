import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CandidateRepository } from '../../../src/core/candidates/candidateRepository';
import { runLearn, type LearnResult } from '../../../src/core/learn/learnPipeline';
import type { Candidate } from '../../../src/core/model/candidate';
import { redactedText } from '../../../src/core/redaction/gate';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';
import { buildPlantedRepo, type PlantedRepo, seeded } from './plantedRepo';

function bySource(result: LearnResult, source: string): Candidate[] {
  return result.candidates.filter((candidate) => candidate.source === source);
}

function commitRefs(candidate: Candidate): string[] {
  return candidate.evidence.filter((item) => item.kind === 'commit').map((item) => item.ref);
}

describe('learn on a repository with planted regularities', () => {
  let planted: PlantedRepo;
  let result: LearnResult;
  before(async () => {
    planted = buildPlantedRepo();
    const db = await openSqlJsDatabase();
    result = await runLearn({
      repo: planted.repo.dir,
      db,
      events: planted.events,
      options: { now: Date.UTC(2025, 0, 1) },
    });
  });
  after(() => planted.repo.cleanup());

  it('finds that the parser module changes with its tests, citing the planted commits', () => {
    const skill = bySource(result, 'cochange').find((candidate) =>
      candidate.scope.some((glob) => glob.startsWith('src/parser')),
    );
    assert.ok(skill, `no parser co-change skill in ${result.candidates.map((c) => c.name).join(', ')}`);
    assert.match(skill.body, /test\/parser\/(lexer|parser|ast)\.test\.ts|test\/parser\/\*/);
    assert.ok(commitRefs(skill).length > 0);
    for (const hash of commitRefs(skill))
      assert.ok(planted.parserCommits.includes(hash), `${hash} is not a parser commit`);
  });

  it('finds that docs/api.md changes with the api folder', () => {
    const skill = bySource(result, 'cochange').find((candidate) =>
      candidate.scope.some((glob) => glob.startsWith('src/api')),
    );
    assert.ok(skill, `no api co-change skill in ${result.candidates.map((c) => c.name).join(', ')}`);
    assert.match(skill.body, /docs\/api\.md/);
    for (const hash of commitRefs(skill)) assert.ok(planted.apiCommits.includes(hash), `${hash} is not an api commit`);
  });

  it('recovers the Conventional Commit types and scopes', () => {
    const [skill] = bySource(result, 'commit-conventions');
    assert.ok(skill);
    assert.match(skill.body, /Conventional Commits/);
    assert.match(skill.body, /`feat`/);
    assert.match(skill.body, /`parser`/);
    assert.ok(commitRefs(skill).length > 0);
  });

  it('learns the test layout from the tree', () => {
    const [skill] = bySource(result, 'layout-conventions');
    assert.ok(skill);
    assert.match(skill.body, /`test\/parser\/\w+\.test\.ts`|under `test\/`/);
    assert.match(skill.body, /<name>\.test\.ts/);
  });

  it('turns the human replacing console.log with logger.debug into a lesson', () => {
    const [skill] = bySource(result, 'human-corrections');
    assert.ok(skill, 'no correction lesson');
    assert.equal(skill.name, 'use-logger-debug-not-console-log');
    assert.match(skill.body, /`logger\.debug\(`/);
    assert.equal(skill.evidence.filter((item) => item.kind === 'session').length, 3);
  });

  it('turns the failing test command fixed in app.config.json into a lesson', () => {
    const [skill] = bySource(result, 'fail-fix-pass');
    assert.ok(skill, 'no fail-fix-pass lesson');
    assert.deepEqual(skill.scope, ['app.config.json']);
    assert.match(skill.body, /Missing config key "timeout"/);
    assert.match(skill.body, /\+\{ "retries": 3, "timeout": 5000 \}/);
    assert.ok(skill.evidence.some((item) => item.kind === 'session' && item.ref === 'session-config'));
  });

  it('reports the package scripts as working commands', () => {
    const [skill] = bySource(result, 'working-commands');
    assert.ok(skill);
    assert.match(skill.body, /`npm test`/);
    assert.match(skill.body, /`npm run lint`/);
  });

  it('gives every candidate a valid name, the body sections and evidence', () => {
    for (const candidate of result.candidates) {
      assert.match(candidate.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(candidate.name.length <= 64);
      assert.ok(candidate.evidence.length > 0, candidate.name);
      assert.match(candidate.body, /## When to use/);
      assert.match(candidate.body, /## (Steps|Rules)/);
      assert.match(candidate.body, /## Evidence/);
    }
  });
});

describe('learn on noise', () => {
  let repo: TempRepo;
  before(() => {
    repo = createTempRepo('skillwright-noise-');
    const random = seeded(42);
    const words = ['tweak', 'stuff', 'update', 'misc', 'wip', 'more', 'things', 'again', 'ok', 'hmm'];
    for (let index = 0; index < 60; index++) {
      const files: Record<string, string> = {};
      const count = 1 + Math.floor(random() * 3);
      for (let file = 0; file < count; file++) {
        files[`${['a', 'b', 'c'][Math.floor(random() * 3)]}/f${Math.floor(random() * 30)}.txt`] = `${random()}\n`;
      }
      const message = Array.from(
        { length: 2 + Math.floor(random() * 3) },
        () => words[Math.floor(random() * words.length)],
      ).join(' ');
      repo.commit(message, { files });
    }
  });
  after(() => repo.cleanup());

  it('proposes nothing', async () => {
    const db = await openSqlJsDatabase();
    const result = await runLearn({ repo: repo.dir, db, events: [] });
    assert.equal(result.stats.history.total, 60);
    assert.deepEqual(
      result.candidates.map((candidate) => `${candidate.source}:${candidate.name}`),
      [],
    );
    assert.equal(new CandidateRepository(db).listPending().length, 0);
  });
});

describe('learn and the review queue', () => {
  let planted: PlantedRepo;
  before(() => {
    planted = buildPlantedRepo();
  });
  after(() => planted.repo.cleanup());

  it('does not propose a rejected idea again, and refreshes pending ones in place', async () => {
    const db = await openSqlJsDatabase();
    const first = await runLearn({ repo: planted.repo.dir, db, events: planted.events, options: { now: 1 } });
    const store = new CandidateRepository(db);
    const rejected = first.candidates.find((candidate) => candidate.source === 'commit-conventions');
    assert.ok(rejected);
    store.markRejected(rejected.id, redactedText('we do not care'));
    const second = await runLearn({ repo: planted.repo.dir, db, events: planted.events, options: { now: 2 } });
    assert.equal(second.stats.added, 0);
    assert.equal(second.stats.dropped['rejected-before'], 1);
    assert.ok(!second.candidates.some((candidate) => candidate.source === 'commit-conventions'));
    assert.deepEqual(
      new Set(store.listPending().map((candidate) => candidate.id)),
      new Set(first.candidates.filter((c) => c.id !== rejected.id).map((c) => c.id)),
    );
  });

  it('reports progress and stops when cancelled', async () => {
    const messages: string[] = [];
    const done = await runLearn({
      repo: planted.repo.dir,
      progress: { report: (message) => void messages.push(message) },
    });
    assert.ok(done.distilled.length > 0);
    assert.ok(messages.includes('Reading git history') && messages.includes('Distilling'));
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runLearn({ repo: planted.repo.dir, signal: controller.signal }), { name: 'AbortError' });
  });

  it('learns nothing from after the split', async () => {
    const split = planted.parserCommits[1] as string;
    const result = await runLearn({ repo: planted.repo.dir, until: split, events: planted.events });
    assert.equal(result.stats.split.rev, split);
    assert.equal(result.stats.history.total, 6);
    assert.equal(result.candidates.filter((candidate) => candidate.source === 'cochange').length, 0);
    // The recorded events happen months after the split, so no session lesson may use them.
    assert.equal(result.stats.eventsUsed, 0);
  });
});
