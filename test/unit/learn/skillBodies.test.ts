import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StoredCandidate } from '../../../src/core/candidates/candidateRepository';
import { redactCandidate } from '../../../src/core/redaction/redactCandidate';
import { runLearn } from '../../../src/core/learn/learnPipeline';
import { renderCandidate } from '../../../src/core/skills/render';
import { readSkillDocument } from '../../../src/core/skills/skillFile';
import { buildFastRepo, type FastRepo, type PlannedCommit } from '../../support/git/fastHistory';
import { statisticsInBody } from '../../support/skills/bodyStatistics';
import { buildPlantedRepo, type PlantedRepo, seeded } from './plantedRepo';
import { goReturns, jsModules, pythonErrors, pythonTests } from './plantedCode';

/*
 * 320 Conventional Commits over a tree with Python tests and errors, Go code that wraps errors and
 * ES modules; each round changes a module with its test, and lib/part*.js with docs/parts.md.
 */
function plannedHistory(): PlannedCommit[] {
  const random = seeded(5);
  const commits: PlannedCommit[] = [
    {
      message: 'chore: start',
      files: {
        'package.json':
          '{\n  "name": "bodies",\n  "type": "module",\n  "scripts": { "test": "node --test", "lint": "eslint ' +
          'lib" }\n}\n',
        'docs/parts.md': '# Parts\n',
        ...pythonTests('pytest', 6),
        ...pythonErrors('project', 5),
        ...goReturns('wrap', 5),
        ...jsModules('esm', 6),
      },
    },
  ];
  for (let index = 1; index < 320; index++) {
    const module = index % 6;
    const files: Record<string, string> = { [`notes/n${Math.floor(random() * 30)}.txt`]: `${index}\n` };
    if (index % 3 === 0)
      Object.assign(files, {
        [`src/pkg/mod${module}.py`]: `def run${module}(value):\n    return value * ${index}\n`,
        [`tests/test_mod${module}.py`]: `${pythonTests('pytest', 1, module)[`tests/test_mod${module}.py`]}# ${index}\n`,
      });
    if (index % 4 === 0)
      Object.assign(files, {
        [`lib/part${module}.js`]: `${jsModules('esm', 1, module)[`lib/part${module}.js`]}// ${index}\n`,
        'docs/parts.md': `# Parts\n\n${index}\n`,
      });
    commits.push({
      message: `${['feat', 'fix', 'docs'][index % 3]}(${['pkg', 'lib'][index % 2]}): step ${index} (#${1000 + index})`,
      files,
    });
  }
  return commits;
}

describe('skill bodies are instructions; their figures live in statistics', () => {
  let history: FastRepo;
  let planted: PlantedRepo;
  let learned: StoredCandidate[] = [];
  before(async () => {
    history = buildFastRepo(plannedHistory(), 'skillwright-bodies-');
    planted = buildPlantedRepo();
    const options = { now: Date.UTC(2025, 0, 1), reconcile: { maxPending: 50 } };
    learned = [
      ...(await runLearn({ repo: history.dir, options })).distilled,
      ...(await runLearn({ repo: planted.repo.dir, events: planted.events, options })).distilled,
    ];
  });
  after(() => {
    history.cleanup();
    planted.repo.cleanup();
  });

  it('learns from every heuristic distiller, so the check covers them all', () => {
    const sources = new Set(learned.map((candidate) => candidate.source));
    for (const source of [
      'cochange',
      'layout-conventions',
      'commit-conventions',
      'working-commands',
      'fail-fix-pass',
      'human-corrections',
      'code-conventions',
    ]) {
      assert.ok(sources.has(source), `nothing from ${source}`);
    }
    const conventions = new Set(learned.map((candidate) => candidate.statistics?.convention).filter(Boolean));
    assert.deepEqual([...conventions].sort(), ['error-classes', 'error-wrapping', 'module-format', 'test-style']);
  });

  it(
    'writes no support, confidence, lift, counts or shares into any body, nor into the SKILL.md accepting ' +
      'it would write',
    () => {
      for (const candidate of learned) {
        assert.deepEqual(statisticsInBody(candidate.body), [], `${candidate.source} ${candidate.name}`);
        const { doc } = readSkillDocument(renderCandidate(redactCandidate(candidate)));
        assert.deepEqual(statisticsInBody(doc.body), [], `${candidate.name} as SKILL.md`);
        for (const [key, value] of Object.entries(candidate.statistics ?? {}))
          assert.equal(doc.metadata[`skillwright.stat.${key}`], value);
      }
    },
  );

  it('keeps the figures in statistics, says when to use the skill, and stays short', () => {
    for (const candidate of learned) {
      assert.ok(Object.keys(candidate.statistics ?? {}).length > 0, `${candidate.name} has no statistics`);
      assert.match(candidate.description, /\bUse (when|before)\b/, candidate.name);
      assert.ok(candidate.body.split('\n').length < 500, candidate.name);
      assert.match(candidate.body, /^## (Steps|Rules)\n\n(1\.|-) /m, `${candidate.name} gives instructions`);
    }
  });

  it('gives a worked example wherever the evidence has one', () => {
    const withoutExample = learned
      .filter((candidate) => !/^## Example$/m.test(candidate.body))
      .map((candidate) => candidate.name);
    assert.deepEqual(withoutExample, []);
  });
});
