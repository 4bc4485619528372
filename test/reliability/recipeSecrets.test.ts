import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonOf, runCliIn } from '../support/cli/cliRunner';
import { buildFastRepo, type FastRepo, type PlannedCommit } from '../support/git/fastHistory';
import { SECRET_CORPUS } from '../support/reliability/secretCorpus';

/*
 * Recipes carry a worked example copied from a real commit's diff. Here every commit of a planted
 * recipe (a new setting defined in src/settings.ts and documented in docs/settings.md) writes a
 * different secret from the corpus into the lines that become that example: none may appear in
 * what learn prints or in anything its store keeps.
 */
const PLANTED = SECRET_CORPUS.filter((item) => !item.text.includes('\n')).slice(0, 12);

function history(): PlannedCommit[] {
  const settings: string[] = [];
  const docs: string[] = ['# Settings'];
  const commits: PlannedCommit[] = [
    {
      message: 'chore: start',
      files: { 'src/settings.ts': '', 'docs/settings.md': '# Settings\n', 'README.md': '# x\n' },
    },
  ];
  PLANTED.forEach((secret, index) => {
    const name = `SETTING_${String.fromCharCode(65 + index)}${String.fromCharCode(66 + index)}`;
    settings.push(`export const ${name} = setting('${name}', { fallback: ${JSON.stringify(secret.text)} });`);
    docs.push(`## ${name}`, '', `Default: \`${secret.text}\``);
    commits.push({
      message: `feat: add the ${name} setting`,
      files: { 'src/settings.ts': `${settings.join('\n')}\n`, 'docs/settings.md': `${docs.join('\n')}\n` },
    });
    commits.push({ message: `docs: note ${index}`, files: { [`notes/${index}.md`]: `${index}\n` } });
  });
  return commits;
}

describe('a secret in a recipe commit never reaches a candidate', () => {
  let repo: FastRepo;
  const store = mkdtempSync(join(tmpdir(), 'skillwright-recipe-secret-store-'));

  before(() => {
    repo = buildFastRepo(history(), 'skillwright-recipe-secret-');
  });
  after(() => {
    repo.cleanup();
    rmSync(store, { recursive: true, force: true });
  });

  it('learns the recipe, with its example redacted in the output and the store', async () => {
    const db = join(store, 'skillwright.db');
    const run = await runCliIn(repo.dir, ['learn', '--db', db, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = jsonOf<{ candidates: Array<{ source: string; body: string }> }>(run);
    const recipe = report.candidates.find((candidate) => candidate.source === 'change-recipe');
    assert.ok(recipe, `no recipe learned: ${run.stdout.slice(0, 400)}`);
    assert.match(
      recipe.body,
      /```diff\n\+\+\+ src\/settings\.ts\n\+export const SETTING_/,
      'the example is there, only its secret is not',
    );
    const stored = readdirSync(store)
      .map((name) => readFileSync(join(store, name)).toString('utf8'))
      .join('\n');
    assert.ok(existsSync(db));
    for (const secret of PLANTED) {
      assert.ok(!run.stdout.includes(secret.secret), `${secret.kind} leaked into learn --json`);
      assert.ok(!stored.includes(secret.secret), `${secret.kind} leaked into the store`);
    }
  });
});
