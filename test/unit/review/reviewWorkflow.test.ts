import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { OwnWrites } from '../../../src/core/capture/ownWrites';
import { CandidateRepository } from '../../../src/core/candidates/candidateRepository';
import { leftAloneReason } from '../../../src/core/review/leftAloneReason';
import { readRepoConfig, type RepoConfig } from '../../../src/core/review/repoConfig';
import { ReviewError } from '../../../src/core/review/reviewActions';
import { ReviewWorkflow, type ReviewWorkflowOptions } from '../../../src/core/review/reviewWorkflow';
import { kvTrustStore } from '../../../src/core/skills/trustStore';
import type { EventStore } from '../../../src/core/store/eventStore';
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';
import { openQuietStore, tempStoreDir } from '../../support/store/tempStore';
import { candidate } from '../candidates/fixtures';
import { buildPlantedRepo, type PlantedRepo } from '../learn/plantedRepo';

const HOSTILE_SKILL = join(__dirname, '../../fixtures/skills/hostile/ssh-key-upload');
const MIRROR = '.claude/skills';

interface Opened {
  store: EventStore;
  workflow: ReviewWorkflow;
  candidates: CandidateRepository;
}

/** Runs a test against a real store in a temp folder and a workflow over it, as the CLI builds one. */
async function withWorkflow(
  config: RepoConfig,
  options: Partial<ReviewWorkflowOptions>,
  test: (opened: Opened) => Promise<void>,
): Promise<void> {
  const storeDir = tempStoreDir();
  const store = await openQuietStore(storeDir.dbPath);
  try {
    const workflow = new ReviewWorkflow({
      store: () => store,
      config: () => config,
      mirrorsOnAccept: true,
      ...options,
    });
    await test({ store, workflow, candidates: new CandidateRepository(store.db) });
  } finally {
    await store.close();
    storeDir.cleanup();
  }
}

describe('ReviewWorkflow: learning', () => {
  let planted: PlantedRepo;
  before(() => {
    planted = buildPlantedRepo();
  });
  after(() => planted.repo.cleanup());

  it('queues no more than the configured pending cap, from learn and from candidates distilled elsewhere', async () => {
    await withWorkflow(readRepoConfig(planted.repo.dir, { maxPending: 2 }), {}, async ({ workflow, candidates }) => {
      const learned = await workflow.learn();
      assert.equal(learned.stats.added, 2);
      assert.ok((learned.stats.dropped['over-cap'] ?? 0) > 0, 'the rest is dropped over the cap');
      assert.equal(candidates.listPending().length, 2);

      const queued = await workflow.queue(
        [candidate({ id: 'model-1', name: 'model-idea', description: 'A different idea entirely.' })],
        [],
      );
      assert.deepEqual([queued.added, queued.dropped['over-cap']], [0, 1], 'the queue is full');
    });
  });

  it('weights history with the configured half-life', async () => {
    await withWorkflow(readRepoConfig(planted.repo.dir, { halfLifeCommits: 40 }), {}, async ({ workflow }) => {
      assert.equal((await workflow.learn()).stats.halfLife, 40);
    });
  });
});

describe('ReviewWorkflow: accept and reject', () => {
  let repo: TempRepo;
  let config: RepoConfig;
  beforeEach(() => {
    repo = createTempRepo();
    repo.commit('chore: start', { files: { 'README.md': '# repo\n' } });
    config = readRepoConfig(repo.dir, { mirrors: [MIRROR] });
    // A teammate's hostile skill, arrived as a git pull brings it: never accepted, so not trusted.
    cpSync(HOSTILE_SKILL, join(config.skillsFolder, 'ssh-key-upload'), { recursive: true });
  });
  afterEach(() => repo.cleanup());

  it('writes the skill, records its trust and syncs the mirrors itself, without the quarantined skill', async () => {
    const ownWrites = new OwnWrites();
    await withWorkflow(config, { ownWrites }, async ({ store, workflow, candidates }) => {
      candidates.save(candidate({ id: 'c1' }), 1);
      const outcome = await workflow.accept('c1');
      assert.equal(outcome.status, 'written');
      assert.ok(existsSync(join(config.skillsFolder, 'changing-src-api', 'SKILL.md')));
      assert.equal(candidates.get('c1')?.status, 'accepted');
      assert.deepEqual(outcome.status === 'written' ? outcome.mirrors?.written : undefined, [
        join(repo.dir, MIRROR, 'changing-src-api'),
      ]);
      assert.ok(existsSync(join(repo.dir, MIRROR, 'changing-src-api', 'SKILL.md')));
      assert.equal(
        existsSync(join(repo.dir, MIRROR, 'ssh-key-upload')),
        false,
        'a quarantined skill is never mirrored',
      );
      assert.equal(
        kvTrustStore(store.db).history('changing-src-api')[0]?.by,
        'accept',
        'the accept vouches for what it wrote',
      );
      assert.ok(
        ownWrites.covers(join(config.skillsFolder, 'changing-src-api', 'SKILL.md')),
        "capture is told the write is Skillwright's",
      );
      assert.ok(ownWrites.covers(join(repo.dir, MIRROR, 'changing-src-api', 'SKILL.md')));
    });
  });

  it('leaves the mirrors alone where the library delivers them after the accept (the editor)', async () => {
    await withWorkflow(config, { mirrorsOnAccept: false }, async ({ workflow, candidates }) => {
      candidates.save(candidate({ id: 'c1' }), 1);
      const outcome = await workflow.accept('c1');
      assert.equal(outcome.status, 'written');
      assert.equal(outcome.status === 'written' ? outcome.mirrors : 'other', undefined);
      assert.equal(existsSync(join(repo.dir, MIRROR)), false);
    });
  });

  it('turns an accept over a hand-edited skill into a new candidate, and says why in the shared words', async () => {
    await withWorkflow(config, {}, async ({ workflow, candidates }) => {
      candidates.save(candidate({ id: 'c1' }), 1);
      await workflow.accept('c1');
      const file = join(config.skillsFolder, 'changing-src-api', 'SKILL.md');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\nA line a person added.\n`);
      candidates.save(
        candidate({ id: 'c2', body: '# Changing src/api\n\n## When to use\n\nEditing src/api or its docs.\n' }),
        2,
      );
      const outcome = await workflow.accept('c2');
      assert.equal(outcome.status, 'became-candidate');
      if (outcome.status !== 'became-candidate') return;
      assert.equal(leftAloneReason(outcome.reason), 'was edited by hand');
      assert.match(readFileSync(file, 'utf8'), /A line a person added\./, "the person's text stays");
      assert.equal(candidates.get('c2')?.status, 'superseded');
      assert.equal(candidates.get(outcome.proposal.id)?.status, 'pending');
    });
  });

  it('runs accepts one after another', async () => {
    await withWorkflow(config, {}, async ({ workflow, candidates }) => {
      candidates.save(candidate({ id: 'a', name: 'first-skill' }), 1);
      candidates.save(candidate({ id: 'b', name: 'second-skill', description: 'Another one.' }), 1);
      const outcomes = await Promise.all([workflow.accept('a'), workflow.accept('b')]);
      assert.deepEqual(
        outcomes.map((outcome) => outcome.status),
        ['written', 'written'],
      );
    });
  });

  it('rejects a pending candidate, and refuses unknown or decided ones with a ReviewError', async () => {
    await withWorkflow(config, {}, async ({ workflow, candidates }) => {
      candidates.save(candidate({ id: 'c1' }), 1);
      assert.equal(workflow.reject('c1', 'too vague').status, 'rejected');
      assert.equal(candidates.get('c1')?.rejectReason, 'too vague');
      assert.throws(() => workflow.reject('c1', undefined), ReviewError);
      await assert.rejects(workflow.accept('nope'), ReviewError);
    });
  });

  it('says what is missing when there is no store or no repository', async () => {
    const noStore = new ReviewWorkflow({ store: () => undefined, config: () => config, mirrorsOnAccept: true });
    await assert.rejects(noStore.accept('c1'), /store is not open/);
    const noRepo = new ReviewWorkflow({ store: () => undefined, config: () => undefined, mirrorsOnAccept: true });
    assert.throws(() => noRepo.reject('c1', undefined), /no repository/);
  });
});
