import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AssociationRulesBaseline,
  ChangeFrequencies,
  MostFrequentBaseline,
  SameDirectoryBaseline,
} from '../../../src/core/eval/cochangePredictors';
import { AdherenceAccumulator, learnedConventions } from '../../../src/core/eval/conventionAdherence';
import { buildEvalLibrary, randomRetrieval } from '../../../src/core/eval/libraryRetrieval';
import { CoChangeAccumulator, ratios } from '../../../src/core/eval/rankingMetrics';
import type { Candidate } from '../../../src/core/model/candidate';

function skill(name: string, scope: string[], body = '', source = 'cochange'): Candidate {
  return {
    id: name,
    name,
    description: name,
    kind: 'new',
    body,
    scope,
    confidence: 0.8,
    evidence: [{ kind: 'file', ref: 'x' }],
    source,
    status: 'pending',
    createdAt: 0,
  };
}

describe('co-change metrics', () => {
  it('lets a silent predictor keep its precision but lose recall', () => {
    const metrics = new CoChangeAccumulator([1, 3]);
    metrics.add(['b', 'x', 'y'], new Set(['b', 'c']));
    metrics.add([], new Set(['d']));
    const result = metrics.result();
    assert.equal(result.precision_at_1, 1); // one answered query, right
    assert.equal(result.precision_at_3, 1 / 3);
    assert.equal(result.recall_at_1, 0.25); // (½ + 0) / 2
    assert.equal(result.coverage, 0.5);
    assert.equal(result.hit_at_1, 0.5, 'a right file in the top 1 for one query of two');
    assert.deepEqual(ratios({ a: 0.5, b: 1 }, { a: 0.25, b: 0 }), { a: 2, b: null });
  });

  it('ranks baseline files by training frequency, then path, never the query file itself', () => {
    const frequencies = new ChangeFrequencies(['src/never.ts']);
    frequencies.observe(['src/a.ts', 'src/b.ts']);
    frequencies.observe(['src/b.ts', 'lib/c.ts']);
    assert.deepEqual(new SameDirectoryBaseline(frequencies).predict(['src/b.ts'], 5), ['src/a.ts', 'src/never.ts']);
    assert.deepEqual(new MostFrequentBaseline(frequencies, 3).predict(['src/b.ts'], 2), ['lib/c.ts', 'src/a.ts']);
    frequencies.observe(['src/never.ts']);
    frequencies.observe(['src/never.ts']);
    assert.deepEqual(new SameDirectoryBaseline(frequencies).predict(['src/b.ts'], 1), ['src/never.ts']);
  });
});

describe('the ROSE-style baseline', () => {
  const commit = (hash: string, ...statFiles: string[]) => ({
    hash,
    parents: [],
    author: 'a',
    authorDate: 0,
    commitDate: 0,
    subject: hash,
    body: '',
    files: statFiles.map((path) => ({ path, added: 1, deleted: 0, binary: false })),
    statFiles,
  });

  it('ranks plain association rules by confidence, with support 1 enough and no renames', () => {
    const rose = new AssociationRulesBaseline([
      commit('1', 'a.ts', 'b.ts'),
      commit('2', 'a.ts', 'b.ts'),
      commit('3', 'a.ts', 'c.ts'),
      commit('4', 'old/x.ts', 'a.ts'),
    ]);
    assert.deepEqual(rose.predict(['a.ts'], 5), ['b.ts', 'c.ts', 'old/x.ts']);
    assert.deepEqual(rose.predict(['c.ts'], 5), ['a.ts']);
    assert.deepEqual(rose.predict(['new/x.ts'], 5), [], 'a renamed file has no history under its new name');
  });

  it('answers a set of files with the union of their rules, each at its best confidence', () => {
    const rose = new AssociationRulesBaseline([
      commit('1', 'a.ts', 'b.ts'),
      commit('2', 'c.ts', 'd.ts'),
      commit('3', 'c.ts', 'e.ts'),
    ]);
    assert.deepEqual(rose.predict(['a.ts', 'c.ts'], 5), ['b.ts', 'd.ts', 'e.ts']);
  });

  it('learns only in online mode', () => {
    const rose = new AssociationRulesBaseline([commit('1', 'a.ts', 'b.ts')]);
    rose.observe(commit('2', 'a.ts', 'z.ts'), false);
    assert.deepEqual(rose.predict(['z.ts'], 5), []);
    rose.observe(commit('3', 'a.ts', 'z.ts'), true);
    assert.deepEqual(rose.predict(['z.ts'], 5), ['a.ts']);
  });
});

describe('random retrieval baseline', () => {
  it('is reproducible and averages to the share of covering skills at k=1', () => {
    const library = buildEvalLibrary([
      skill('one', ['src/a/**']),
      skill('two', ['src/b/**']),
      skill('three', ['docs/**']),
      skill('four', ['**']),
    ]);
    const first = randomRetrieval(library, ['src/a/x.ts'], [1, 4], 3, 400);
    assert.deepEqual(first, randomRetrieval(library, ['src/a/x.ts'], [1, 4], 3, 400));
    assert.ok(Math.abs((first.hit_at_1 ?? 0) - 0.5) < 0.08, `hit_at_1 ${first.hit_at_1}`);
    assert.ok(Math.abs((first.specific_hit_at_1 ?? 0) - 0.25) < 0.08);
    assert.equal(first.hit_at_4, 1);
  });
});

describe('convention adherence', () => {
  it('reads the rules back from the learned skills and checks commits against them', () => {
    const commitSkill = skill(
      'commit-message-conventions',
      ['**'],
      [
        '- End the subject with the pull request number, as squash merges here do: `fix: x (#1)`.',
        '- Keep the subject under 50 characters.',
      ].join('\n'),
      'commit-conventions',
    );
    const layoutSkill = skill(
      'test-and-file-layout',
      ['test/**'],
      [
        '- Put tests under `test/unit/`, mirroring `src/`: the test for `src/a.ts` is `test/unit/a.test.ts`.',
        '- Name test files `<name>.test.ts`.',
        '- When you add a source file, add its test file in the same commit; when you change behaviour, change ' +
          'its test alongside.',
      ].join('\n'),
      'layout-conventions',
    );
    const rules = learnedConventions([commitSkill, layoutSkill]);
    assert.deepEqual(
      rules.map((rule) => rule.key),
      ['ticket_reference', 'subject_length', 'test_location', 'tests_with_code'],
    );
    const adherence = new AdherenceAccumulator(rules);
    adherence.add({ subject: 'fix: parse dates (#12)', body: '', files: ['src/date.ts', 'test/unit/date.test.ts'] });
    adherence.add({
      subject: 'add a very long subject line that goes on and on past the limit',
      body: '',
      files: ['src/x.ts', 'src/x.spec.ts'],
    });
    adherence.add({ subject: 'docs', body: '', files: ['README.md'] });
    assert.deepEqual(adherence.shares(), {
      ticket_reference: 1 / 3,
      subject_length: 2 / 3,
      test_location: 0.5,
      tests_with_code: 1,
      adherence: (1 / 3 + 2 / 3 + 0.5 + 1) / 4,
    });
    assert.deepEqual(adherence.counts('test_location'), { applicable: 2, adhered: 1 });
  });

  it('still reads the rules of skills written before the figures left the bodies', () => {
    const commitSkill = skill(
      'commit-message-conventions',
      ['**'],
      [
        '- Write the subject as Conventional Commits: `type(scope): summary` (77% of commits do).',
        '- Types in use, most common first: `fix` (94), `docs` (57). Do not invent new types.',
        '- Keep the subject under 79 characters (90% of subjects here are).',
      ].join('\n'),
      'commit-conventions',
    );
    const layoutSkill = skill(
      'test-and-file-layout',
      ['test/**'],
      '- Tests live under `test/unit/`, mirroring `src/`: `src/a.ts` is tested by `test/unit/a.test.ts`.',
      'layout-conventions',
    );
    const rules = learnedConventions([commitSkill, layoutSkill]);
    assert.deepEqual(
      rules.map((rule) => rule.key),
      ['conventional_commits', 'subject_length', 'test_location'],
    );
    assert.equal(rules[0]?.statement, 'Conventional Commits subject with a known type (fix, docs)');
  });
});
