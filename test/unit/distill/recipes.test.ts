import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StoredCandidate } from '../../../src/core/candidates/candidateRepository';
import { runLearn } from '../../../src/core/learn/learnPipeline';
import { buildFastRepo, type FastRepo, type PlannedCommit } from '../../support/git/fastHistory';
import { seeded } from '../learn/plantedRepo';
import { composePattern } from '../../../src/core/util/patterns';

/** A Markdown code span around regex source (backticks cannot be written inside `String.raw`). */
const code = (source: string): string => '`' + source + '`';

const WORDS = (
  'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec ' +
  'romeo sierra tango'
).split(' ');

/** Unrelated edits: words that never link two files, each commit touching one or two of 30 files. */
function noise(random: () => number, index: number): PlannedCommit {
  const files: Record<string, string> = {};
  for (let count = 1 + Math.floor(random() * 2); count > 0; count--) {
    const word = `${WORDS[Math.floor(random() * WORDS.length)]}${index}x${count}`;
    files[`src/misc/part${Math.floor(random() * 30)}.ts`] = `export const ${word} = ${index};\n`;
  }
  return { message: `chore: tidy ${index}`, files };
}

/*
 * Six times in 240 commits an error code is added the same way: defined in src/codes.ts, tested
 * in test/codes.test.ts, documented in docs/codes.md. The newest one is E_QUOTA_EXCEEDED. Code in
 * src/api/ keeps calling the shared withRetry helper.
 */
function recipeHistory(): PlannedCommit[] {
  const random = seeded(5);
  const codes = ['E_TIMEOUT', 'E_NOT_FOUND', 'E_CONFLICT', 'E_RATE_LIMITED', 'E_BAD_INPUT', 'E_QUOTA_EXCEEDED'];
  const codesTs: string[] = [];
  const codesTest: string[] = [];
  const codesMd: string[] = ['# Error codes'];
  const commits: PlannedCommit[] = [
    {
      message: 'chore: start',
      files: {
        'src/codes.ts': "import { defineCode } from './define';\n",
        'src/define.ts': 'export const defineCode = (name: string, message: string) => ({ name, message });\n',
        'test/codes.test.ts': "import * as codes from '../src/codes';\n",
        'docs/codes.md': '# Error codes\n',
        'src/shared/retry.ts':
          '/** Runs an async call again on failure, with exponential backoff. */\nexport async function ' +
          'withRetry<T>(call: () => Promise<T>): Promise<T> {\n  return call();\n}\n',
      },
    },
  ];
  let added = 0;
  let apiUses = 0;
  for (let index = 1; index < 240; index++) {
    if (index % 35 === 0 && added < codes.length) {
      const name = codes[added++] as string;
      codesTs.push(`export const ${name} = defineCode('${name}', 'message ${index}');`);
      codesTest.push(`it('defines ${name}', () => expect(codes.${name}.name).toBe('${name}'));`);
      codesMd.push(`## ${name}`, '', `Raised when ${index}.`);
      commits.push({
        message: `feat: add the ${name.toLowerCase().replace(/_/g, ' ')} error code`,
        files: {
          'src/codes.ts': `import { defineCode } from './define';\n${codesTs.join('\n')}\n`,
          'test/codes.test.ts': `import * as codes from '../src/codes';\n${codesTest.join('\n')}\n`,
          'docs/codes.md': `${codesMd.join('\n')}\n`,
        },
      });
    } else if (index % 17 === 0 && apiUses < 6) {
      apiUses++;
      const file = `src/api/endpoint${apiUses % 3}.ts`;
      commits.push({
        message: `feat: call the backend from endpoint ${apiUses}`,
        files: {
          [file]:
            `import { withRetry } from '../shared/retry';\n\nexport async function load${apiUses}() {\n  ` +
            `return withRetry(() => fetch('/v${apiUses}'));\n}\n`,
          [`src/api/routes${apiUses}.ts`]: `export const route${apiUses} = '/v${apiUses}';\n`,
        },
      });
    } else commits.push(noise(random, index));
  }
  return commits;
}

describe('change recipes and helper reuse from the diffs', () => {
  let repo: FastRepo;
  let noisy: FastRepo;
  let learned: StoredCandidate[];
  let fromNoise: StoredCandidate[];

  before(async () => {
    repo = buildFastRepo(recipeHistory(), 'skillwright-recipe-');
    learned = (await runLearn({ repo: repo.dir })).distilled;
    const random = seeded(9);
    noisy = buildFastRepo(
      Array.from({ length: 240 }, (_, index) => noise(random, index)),
      'skillwright-recipe-noise-',
    );
    fromNoise = (await runLearn({ repo: noisy.dir })).distilled;
  });
  after(() => {
    repo.cleanup();
    noisy.cleanup();
  });

  it('recovers the planted recipe with its files, templates and the newest example', () => {
    const recipe = learned.find((candidate) => candidate.source === 'change-recipe');
    assert.ok(recipe, `no recipe in ${learned.map((candidate) => candidate.name).join(', ')}`);
    assert.equal(recipe.name, 'adding-an-error-code');
    assert.deepEqual([...recipe.scope].sort(), ['docs/codes.md', 'src/codes.ts', 'test/codes.test.ts']);
    const steps = recipe.body.slice(recipe.body.indexOf('## Steps'), recipe.body.indexOf('## Example'));
    assert.match(steps, /1\. In `src\/codes\.ts`, add:\n {3}`export const <NAME> = defineCode\('<NAME>', '…'\);`/);
    const secondStep = composePattern([
      String.raw`2\. In ${code(String.raw`test\/codes\.test\.ts`)}, add:\n {3}`,
      code(String.raw`it\('defines <NAME>', \(\) => expect\(codes\.<NAME>\.name\)\.toBe\('<NAME>'\)\);`),
    ]);
    assert.match(steps, secondStep);
    assert.match(steps, /3\. In `docs\/codes\.md`, add:\n {3}`## <NAME>`/);
    const example = composePattern([
      String.raw`## Example\n\n`,
      `${code('[0-9a-f]{8}')} "feat: add the e quota exceeded error code" added ${code('E_QUOTA_EXCEEDED')}:`,
      String.raw`\n\n${'```'}diff\n\+\+\+ src\/codes\.ts\n\+export const E_QUOTA_EXCEEDED`,
    ]);
    assert.match(recipe.body, example);
    assert.equal(recipe.support, 6);
    assert.doesNotMatch(recipe.body, /\d+ of \d+|support|confidence/i);
  });

  it('tells code in src/api/ to use the shared helper, citing where it is defined and what it does', () => {
    const reuse = learned.find((candidate) => candidate.source === 'internal-api');
    assert.ok(reuse, `no helper-reuse skill in ${learned.map((candidate) => candidate.name).join(', ')}`);
    assert.equal(reuse.name, 'reusing-helpers-in-src-api');
    const reuseStep = composePattern([
      String.raw`1\. Use ${code('withRetry')} from ${code(String.raw`src\/shared\/retry\.ts`)} `,
      String.raw`\(runs an async call again on failure, with exponential backoff\); `,
      String.raw`${code('withRetry')} is defined at ${code(String.raw`src\/shared\/retry\.ts:2`)}\. `,
      String.raw`Do not write your own version\.`,
    ]);
    assert.match(reuse.body, reuseStep);
    assert.match(reuse.body, /```\n {2}return withRetry\(\(\) => fetch\('\/v6'\)\);\n```/);
  });

  it('finds no recipe and no helper in a history of noise', () => {
    assert.deepEqual(
      fromNoise
        .filter((candidate) => candidate.source === 'change-recipe' || candidate.source === 'internal-api')
        .map((candidate) => candidate.name),
      [],
    );
  });
});
