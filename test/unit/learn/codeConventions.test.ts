import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { StoredCandidate } from '../../../src/core/candidates/candidateRepository';
import { runLearn } from '../../../src/core/learn/learnPipeline';
import { buildFastRepo, type FastRepo } from '../../support/git/fastHistory';
import { statisticsInBody } from '../../support/skills/bodyStatistics';
import { composePattern } from '../../../src/core/util/patterns';
import {
  CAMEL,
  goReturns,
  headedSources,
  jsFactoryErrors,
  jsModules,
  jsTests,
  KEBAB,
  namedFiles,
  pythonErrors,
  pythonTests,
  type Tree,
} from './plantedCode';

const repos: FastRepo[] = [];
after(() => repos.forEach((repo) => repo.cleanup()));

/** Learns a repository whose whole tree is `tree`, committed at once, and returns the candidates from the code. */
async function learnTree(tree: Tree): Promise<StoredCandidate[]> {
  const repo = buildFastRepo(
    [
      { message: 'chore: start', files: { 'README.md': '# planted\n' } },
      { message: 'feat: add the code', files: tree },
    ],
    'skillwright-code-',
  );
  repos.push(repo);
  const result = await runLearn({ repo: repo.dir, options: { reconcile: { maxPending: 50 } } });
  return result.distilled.filter(
    (candidate) => candidate.source === 'code-conventions' || candidate.source === 'layout-conventions',
  );
}

function named(candidates: readonly StoredCandidate[], name: string): StoredCandidate {
  const found = candidates.find((candidate) => candidate.name === name);
  assert.ok(found, `no ${name} in ${candidates.map((candidate) => candidate.name).join(', ') || 'nothing'}`);
  return found;
}

function files(candidate: StoredCandidate): string[] {
  return candidate.evidence.filter((item) => item.kind === 'file').map((item) => item.ref);
}

function assertFollowsTheRules(candidate: StoredCandidate): void {
  assert.deepEqual(statisticsInBody(candidate.body), [], 'figures belong in statistics');
  assert.ok(candidate.statistics?.convention, 'the figures are kept in statistics');
  assert.match(candidate.description, /Use when/);
  assert.match(candidate.body, /## Steps\n\n1\. /);
}

describe('conventions read from the code', () => {
  it('learns pytest with plain assert from the tests, citing them with lines and quoting one', async () => {
    const skill = named(await learnTree(pythonTests('pytest', 8)), 'writing-python-tests');
    assertFollowsTheRules(skill);
    assert.match(skill.body, /plain pytest functions/);
    // Either the test's name or its assertion is quoted as the example.
    const plainAssert = 'plain `assert` statements, such as `assert ';
    assert.match(
      skill.body,
      composePattern([plainAssert, String.raw`run\d_doubles?|`, plainAssert, String.raw`run\d\(2\) == 4`, '`']),
    );
    assert.match(skill.body, /`with pytest\.raises\(…\):`/);
    assert.match(skill.body, /```python\ndef test_run\d_doubles\(\):\n    assert run\d\(2\) == 4\n```/);
    for (const item of skill.evidence) {
      assert.match(item.ref, /^tests\/test_mod\d\.py$/);
      assert.equal(item.line, 6, 'the first test of each file');
    }
    assert.deepEqual(skill.scope, ['tests/**']);
    assert.equal(skill.statistics?.framework, 'pytest');
  });

  it('proposes no test style when half the tests use unittest', async () => {
    const candidates = await learnTree({ ...pythonTests('pytest', 4), ...pythonTests('unittest', 4, 4) });
    assert.deepEqual(
      candidates.filter((candidate) => candidate.statistics?.convention === 'test-style'),
      [],
    );
  });

  it('gives a test folder that keeps its own style a skill of its own', async () => {
    const candidates = await learnTree({ ...jsTests('unit', 5), ...jsTests('browser', 5) });
    const unit = named(candidates, 'writing-tests-in-test-unit');
    const browser = named(candidates, 'writing-tests-in-test-browser');
    assert.match(unit.body, /`const \{ test \} = require\('node:test'\)`/);
    assert.match(unit.body, /Node's `assert` module, such as `assert\.strictEqual\(run\(2\), 4\)`/);
    assert.match(browser.body, /`expect\(…\)` matchers, such as `expect\(run\(2\)\)\.toBe\(4\);`/);
    assert.ok(files(unit).every((file) => file.startsWith('test/unit/')));
    assert.ok(files(browser).every((file) => file.startsWith('test/browser/')));
    assert.equal(
      candidates.some((candidate) => candidate.name === 'writing-javascript-tests'),
      false,
      'no suite-wide rule that one folder breaks',
    );
  });

  it('learns ES modules with .js relative imports from package.json and the files', async () => {
    const skill = named(
      await learnTree({ 'package.json': '{\n  "name": "m",\n  "type": "module"\n}\n', ...jsModules('esm', 8) }),
      'javascript-module-format',
    );
    assertFollowsTheRules(skill);
    assert.match(skill.body, /Write ES modules/);
    assert.match(skill.body, /End relative imports with `\.js`, as in `import \{ helper \} from '\.\/helper\.js';`/);
    assert.match(
      skill.body,
      /```js\nimport \{ helper \} from '\.\/helper\.js';\nimport \{ other \} from '\.\/other\.js';\n```/,
    );
    assert.ok(skill.evidence.some((item) => item.ref === 'package.json' && item.line === 3));
    assert.ok(
      files(skill)
        .filter((file) => file !== 'package.json')
        .every((file) => /^lib\/part\d\.js$/.test(file)),
    );
  });

  it('proposes no module format for a tree half CommonJS, half ES modules', async () => {
    const candidates = await learnTree({ ...jsModules('esm', 4), ...jsModules('commonjs', 4, 4) });
    assert.deepEqual(
      candidates.filter((candidate) => candidate.statistics?.convention === 'module-format'),
      [],
    );
  });

  it('learns kebab-case file names, and nothing from a mix of kebab-case and camelCase', async () => {
    const skill = named(await learnTree(namedFiles(KEBAB)), 'naming-typescript-files');
    assertFollowsTheRules(skill);
    assert.match(skill.body, /Name new files in kebab-case, like `[a-z]+-[a-z]+\.ts` and `[a-z]+-[a-z]+\.ts`/);
    assert.ok(files(skill).every((file) => KEBAB.some((name) => file === `src/${name}.ts`)));
    const mixed = await learnTree(namedFiles([...KEBAB.slice(0, 5), ...CAMEL]));
    assert.deepEqual(
      mixed.filter((candidate) => candidate.statistics?.convention === 'file-naming'),
      [],
    );
  });

  it("learns that Python code raises the package's own exceptions, naming where they live and their base", async () => {
    const skill = named(await learnTree(pythonErrors('project', 5)), 'raising-python-errors');
    assertFollowsTheRules(skill);
    assert.match(skill.body, /defined in `src\/pkg\/exceptions\.py` \(`Invalid` and `NotFound`\)/);
    assert.match(skill.body, /derives from `PkgError`/);
    assert.match(skill.body, /```python\nif value is None:\n    raise Invalid\("value is required"\)\n```/);
    assert.match(skill.body, /`except PkgError:`/);
    assert.ok(
      skill.evidence.some((item) => item.ref === 'src/pkg/exceptions.py' && item.line === 9),
      'the class the example raises',
    );
    assert.ok(files(skill).every((file) => /^src\/pkg\/(step\d|exceptions)\.py$/.test(file)));
  });

  it('learns errors made by a factory and taken in by a destructuring require, quoting the factory call', async () => {
    const skill = named(await learnTree(jsFactoryErrors(5)), 'raising-javascript-errors');
    assertFollowsTheRules(skill);
    assert.match(skill.body, /defined in `lib\/errors\.js` \(`ERR_BAD_INPUT` and `ERR_NOT_FOUND`\)/);
    assert.match(skill.body, /add an error to `lib\/errors\.js` with `createError\(…\)`/);
    assert.match(
      skill.body,
      /```js\nERR_BAD_INPUT: createError\(\n  'ERR_BAD_INPUT',\n  'err_bad_input happened',\n  500\n\),\n```/,
    );
  });

  it('proposes no error convention when most raises are built-ins', async () => {
    const candidates = await learnTree({ ...pythonErrors('project', 2), ...pythonErrors('builtin', 4, 2) });
    assert.deepEqual(
      candidates.filter((candidate) => candidate.statistics?.convention === 'error-classes'),
      [],
    );
  });

  it('learns Go error wrapping with %w, and nothing from bare returns', async () => {
    const skill = named(await learnTree(goReturns('wrap', 5)), 'returning-go-errors');
    assertFollowsTheRules(skill);
    assert.match(skill.body, /wrap it with context and `%w`/);
    assert.match(skill.body, /```go\nif err != nil \{\n\treturn fmt\.Errorf\("read \d: %w", err\)\n\}\n```/);
    assert.ok(files(skill).every((file) => /^store\/load\d\.go$/.test(file)));
    const bare = await learnTree({ ...goReturns('wrap', 1), ...goReturns('bare', 5, 1) });
    assert.deepEqual(
      bare.filter((candidate) => candidate.statistics?.convention === 'error-wrapping'),
      [],
    );
  });

  it('learns the license header once, in the layout skill, and not from a tree where few files carry it', async () => {
    const layout = named(await learnTree(headedSources(10, 9)), 'test-and-file-layout');
    const header = composePattern([
      String.raw`Start every new source file with the repository's header:\n\n${'```'}\n`,
      String.raw`\/\/ Copyright YYYY Example Corp\n\/\/ SPDX-License-Identifier: Apache-2\.0\n${'```'}`,
    ]);
    assert.match(layout.body, header);
    assert.equal(layout.statistics?.['with-header'], '9');
    assert.deepEqual(statisticsInBody(layout.body), []);
    const few = await learnTree(headedSources(10, 4));
    assert.equal(
      few.some((candidate) => /Start every new source file/.test(candidate.body)),
      false,
    );
  });

  it('redacts a secret in the code an example quotes', async () => {
    const token = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`;
    const tree = pythonTests('pytest', 6);
    tree['tests/test_mod0.py'] = `def test_token():\n    assert login("${token}") == 200\n`;
    const skill = named(await learnTree(tree), 'writing-python-tests');
    assert.match(skill.body, /def test_token\(\):\n    assert login\("\[REDACTED:github\]"\) == 200/);
    assert.equal(JSON.stringify(skill).includes(token), false);
  });
});
