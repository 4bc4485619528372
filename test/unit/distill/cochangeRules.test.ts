import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mineCoChangeRules } from '../../../src/core/distill/heuristic/cochangeRules';

const commit = (hash: string, ...statFiles: string[]): { hash: string; statFiles: string[] } => ({ hash, statFiles });

describe('mineCoChangeRules', () => {
  const commits = [
    ...[1, 2, 3, 4, 5].map((n) => commit(`r${n}`, 'src/router/index.ts', 'docs/routing.md')),
    commit('r6', 'src/router/index.ts'),
    ...[1, 2, 3, 4, 5, 6].map((n) => commit(`n${n}`, `misc/${n}.txt`)),
    commit('big', ...Array.from({ length: 30 }, (_, n) => `gen/${n}.ts`)),
    { hash: 'x', statFiles: ['src/router/index.ts', 'README.md'], exclusion: 'formatting' },
  ];

  it('finds file and directory rules with support, confidence, lift and the commits behind them', () => {
    const model = mineCoChangeRules(commits);
    const rule = model.rules.find((item) => item.level === 'file' && item.antecedent === 'src/router/index.ts');
    assert.ok(rule);
    assert.equal(rule.consequent, 'docs/routing.md');
    assert.equal(rule.support, 5);
    assert.equal(rule.antecedentCount, 6);
    assert.ok(Math.abs(rule.confidence - 5 / 6) < 1e-9);
    assert.ok(rule.lift > 1.5);
    assert.deepEqual(rule.commits, ['r1', 'r2', 'r3', 'r4', 'r5']);
    assert.ok(
      model.rules.some(
        (item) => item.level === 'directory' && item.antecedent === 'src/router' && item.consequent === 'docs',
      ),
    );
    assert.equal(model.commitCount, 12, 'excluded and oversized commits are left out');
  });

  it('weighs each commit by its recency, so confidence is the recent rate', () => {
    const aged = [
      ...[1, 2, 3, 4, 5].map((n) => ({ ...commit(`old${n}`, 'src/a.ts', 'src/b.ts'), weight: 0.1, age: 10 + n })),
      ...[1, 2].map((n) => ({ ...commit(`new${n}`, 'src/a.ts'), weight: 1, age: n })),
      ...[1, 2, 3, 4, 5, 6].map((n) => ({ ...commit(`n${n}`, `misc/${n}.txt`), weight: 0.5, age: 20 + n })),
    ];
    const rule = mineCoChangeRules(aged, { minConfidence: 0, minLift: 0 }).rules.find(
      (item) => item.antecedent === 'src/a.ts' && item.level === 'file',
    );
    assert.ok(rule);
    assert.ok(
      Math.abs(rule.confidence - 0.5 / 2.5) < 1e-9,
      'five old co-changes weigh less than two recent solo changes',
    );
    assert.equal(mineCoChangeRules(aged).rules.filter((item) => item.antecedent === 'src/a.ts').length, 0);
  });

  it('keeps only rules with commits among the newest ones when asked', () => {
    const aged = commits.map((item, index) => ({ ...item, age: index + 10 }));
    assert.equal(mineCoChangeRules(aged, { recentWindow: 10, minRecentCommits: 2 }).rules.length, 0);
    assert.ok(
      mineCoChangeRules(aged, { recentWindow: 14, minRecentCommits: 2 }).rules.some(
        (rule) => rule.antecedent === 'src/router/index.ts',
      ),
    );
  });

  it('respects the thresholds', () => {
    assert.equal(mineCoChangeRules(commits, { minSupport: 6 }).rules.length, 0);
    assert.ok(
      !mineCoChangeRules(commits, { minConfidence: 0.9 }).rules.some(
        (rule) => rule.antecedent === 'src/router/index.ts',
      ),
    );
  });
});
