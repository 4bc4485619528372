import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runEvaluation } from '../../../src/core/eval/evaluation';
import type { EvalReport } from '../../../src/core/eval/evalTypes';
import { buildPlantedRepo, type PlantedRepo } from './plantedRepo';

/*
 * Worked out by hand (k = 1 and 3). Offline, 15 co-change queries: T1 gives 2, T2 gives 3, the five
 * billing commits 10.
 * - rose (plain rules) answers lexer.ts ↔ lexer.test.ts and html.ts ↔ render.md, all right, nothing
 *   else: recall = (1 + 1 + ½ + ½) / 15 = 0.2, coverage 4/15.
 * - ours answers every query. Beyond rose's four it gets css.ts → html.ts from the folder (css.ts
 *   is new, so no rule knows it): recall (1 + 1 + ½ + ½ + ½) / 15 = 0.2333, five of 15 top picks
 *   right. In its top 3, html.ts also finds its new neighbour css.ts: recall@3 (3.5 + ½) / 15. The
 *   billing pair is in different folders, so only its history could tell.
 * - most_frequent ranks the four training files (6 changes each) by path: render.md, lexer.ts,
 *   html.ts, lexer.test.ts.
 * - same_directory knows the files commits add after the split, with no changes: css.ts → html.ts
 *   (½), docs/invoices.md → docs/render.md (wrong, five times): recall 0.5 / 15, coverage 6/15.
 */
describe('runEvaluation on a repository with planted regularities', () => {
  let planted: PlantedRepo;
  let offline: EvalReport;
  let online: EvalReport;

  before(async () => {
    planted = buildPlantedRepo();
    offline = await runEvaluation({ repo: planted.repo.dir, split: planted.split, ks: [1, 3] });
    online = await runEvaluation({ repo: planted.repo.dir, split: planted.split, ks: [1, 3], online: true, window: 5 });
  });
  after(() => planted.repo.cleanup());

  it('learns only before the split and counts the trivial commits it leaves out', () => {
    assert.equal(offline.train_commits, 12);
    assert.equal(offline.test_commits, 7);
    assert.deepEqual(offline.excluded.test, { 'lockfile-only': 1, bulk: 1 });
    assert.equal(offline.split.rev, planted.split);
  });

  it('reproduces the exact co-change metrics for ours and every baseline', () => {
    assert.equal(offline.cochange.queries, 15);
    assert.deepEqual(offline.cochange.ours, {
      precision_at_1: 0.3333,
      recall_at_1: 0.2333,
      precision_at_3: 0.3333,
      recall_at_3: 0.2667,
      hit_at_1: 0.3333,
      hit_at_3: 0.3333,
      coverage: 1,
    });
    assert.deepEqual(offline.cochange.baselines.rose, {
      precision_at_1: 1,
      recall_at_1: 0.2,
      precision_at_3: 1,
      recall_at_3: 0.2,
      hit_at_1: 0.2667,
      hit_at_3: 0.2667,
      coverage: 0.2667,
    });
    assert.deepEqual(offline.cochange.baselines.most_frequent, {
      precision_at_1: 0.1333,
      recall_at_1: 0.0667,
      precision_at_3: 0.1333,
      recall_at_3: 0.2667,
      hit_at_1: 0.1333,
      hit_at_3: 0.3333,
      coverage: 1,
    });
    assert.deepEqual(offline.cochange.baselines.same_directory, {
      precision_at_1: 0.1667,
      recall_at_1: 0.0333,
      precision_at_3: 0.1667,
      recall_at_3: 0.0333,
      hit_at_1: 0.0667,
      hit_at_3: 0.0667,
      coverage: 0.4,
    });
    assert.equal(offline.cochange.ratios.rose?.recall_at_1, 1.1667);
  });

  it('scores the files changed so far: half of the one three-file commit predicts the rest', () => {
    assert.equal(offline.cochange_sets.queries, 1);
    assert.equal(offline.cochange_sets.ours.coverage, 1);
    assert.deepEqual(Object.keys(offline.cochange_sets.baselines), ['same_directory', 'most_frequent', 'rose']);
  });

  it('does not predict a regularity that starts after the split in offline mode', () => {
    // The billing pair appears five times after the split; had it leaked, recall would exceed 0.2333.
    assert.equal(offline.cochange.ours.recall_at_1, 0.2333);
    assert.ok(offline.library.every((skill) => skill.scope.every((glob) => !glob.includes('billing'))));
  });

  it('predicts it in online mode once it has been seen', () => {
    // Each billing commit after the first is predicted both ways: (3.5 + 8) / 15.
    assert.equal(online.cochange.ours.recall_at_1, 0.7667);
    const windows = online.online?.windows ?? [];
    assert.deepEqual(
      windows.map((window) => [window.from, window.to]),
      [
        [1, 5],
        [6, 7],
      ],
    );
    assert.equal(windows[1]?.cochange.ours.recall_at_1, 1);
    assert.ok((windows[1]?.library_size ?? 0) > offline.library.length - 1);
  });

  it('retrieves the subsystem skill from the commit message, beating a random ranking', () => {
    // T1 (parser) and T2 (render) find their subsystem's skill first; billing has none.
    assert.equal(offline.retrieval.ours.specific_hit_at_1, 0.2857);
    assert.ok((offline.retrieval.ratios.random?.specific_hit_at_1 ?? 0) > 1);
    assert.equal(offline.gaps.commits, 7);
  });

  it('measures adherence to the learned commit convention on the future commits', () => {
    // Training used only feat and docs; "fix(parser): …" is a type the convention has never seen.
    assert.equal(offline.conventions.ours.conventional_commits, 0.8571);
    assert.equal(offline.conventions.baselines.before_split?.conventional_commits, 1);
    assert.deepEqual(
      offline.conventions.rules.find((rule) => rule.key === 'conventional_commits'),
      {
        key: 'conventional_commits',
        statement: 'Conventional Commits subject with a known type (docs, feat)',
        applicable: 7,
        adhered: 6,
      },
    );
    assert.ok(offline.conventions.not_learned.includes('test_location'));
  });
});
