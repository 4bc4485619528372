import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runEvaluation } from '../../../src/core/eval/evaluation';
import type { EvalReport } from '../../../src/core/eval/evalTypes';
import { buildPlantedRepo, type PlantedRepo } from './plantedRepo';

/*
 * Worked out by hand (k = 1 and 3). Offline, 15 co-change queries: T1 gives 2, T2 gives 3, the five
 * billing commits 10. The learned rules answer lexer.ts ↔ lexer.test.ts and html.ts ↔ render.md
 * (all right), nothing else: recall = (1 + 1 + ½ + ½) / 15 = 0.2, coverage 4/15.
 * most_frequent ranks the four training files (6 changes each) by path: render.md, lexer.ts,
 * html.ts, lexer.test.ts. same_directory only answers css.ts → html.ts.
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

  it('reproduces the exact co-change metrics for ours and both baselines', () => {
    assert.equal(offline.cochange.queries, 15);
    assert.deepEqual(offline.cochange.ours, { precision_at_1: 1, recall_at_1: 0.2, precision_at_3: 1, recall_at_3: 0.2, coverage: 0.2667 });
    assert.deepEqual(offline.cochange.baselines.most_frequent, {
      precision_at_1: 0.1333,
      recall_at_1: 0.0667,
      precision_at_3: 0.1333,
      recall_at_3: 0.2667,
      coverage: 1,
    });
    assert.deepEqual(offline.cochange.baselines.same_directory, { precision_at_1: 1, recall_at_1: 0.0333, precision_at_3: 1, recall_at_3: 0.0333, coverage: 0.0667 });
    assert.equal(offline.cochange.ratios.most_frequent?.recall_at_1, 3);
  });

  it('does not predict a regularity that starts after the split in offline mode', () => {
    // The billing pair appears five times after the split; had it leaked, recall would exceed 0.2.
    assert.equal(offline.cochange.ours.recall_at_1, 0.2);
    assert.ok(offline.library.every((skill) => skill.scope.every((glob) => !glob.includes('billing'))));
  });

  it('predicts it in online mode once it has been seen often enough (the fifth commit)', () => {
    // Rules need support 4: the 5th billing commit is predicted both ways: (1+1+½+½+1+1)/15.
    assert.equal(online.cochange.ours.recall_at_1, 0.3333);
    const windows = online.online?.windows ?? [];
    assert.deepEqual(windows.map((window) => [window.from, window.to]), [[1, 5], [6, 7]]);
    assert.equal(windows[1]?.cochange.ours.recall_at_1, 0.5);
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
    assert.deepEqual(offline.conventions.rules.find((rule) => rule.key === 'conventional_commits'), {
      key: 'conventional_commits',
      statement: 'Conventional Commits subject with a known type (docs, feat)',
      applicable: 7,
      adhered: 6,
    });
    assert.ok(offline.conventions.not_learned.includes('test_location'));
  });
});
