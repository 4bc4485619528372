import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/ports';
import { LABELLED_SKILLS } from '../../support/matching/labelledSkills';
import { tempRepoWithSkills } from '../../support/matching/skillFolder';

const repo = tempRepoWithSkills(LABELLED_SKILLS, 'skillwright-matchcli-');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    interactive: false,
    cwd: repo,
    logger: silentLogger,
    signal: new AbortController().signal,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

test('skillwright match --json ranks skills with scores and explanations and says whether it is a gap', async () => {
  const { code, out } = await run([
    'match',
    'add a column to the orders table',
    '--files',
    'packages/api/migrations/a.ts',
    '--json',
    '--k',
    '2',
  ]);
  assert.equal(code, 0);
  const json = JSON.parse(out) as {
    task: string;
    gap: boolean;
    results: { name: string; score: number; explanation: { scopeGlobs: string[] } }[];
  };
  assert.equal(json.task, 'add a column to the orders table');
  assert.equal(json.gap, false);
  assert.equal(json.results.length, 2);
  assert.equal(json.results[0]?.name, 'db-migrations');
  assert.deepEqual(json.results[0]?.explanation.scopeGlobs, ['packages/api/migrations/**']);
});

test('an uncovered task is reported as a gap, in text and JSON', async () => {
  const text = await run(['match', 'tune the JVM garbage collector', '--repo', repo]);
  assert.match(text.out, /Gap: no skill reaches 0.3/);
  const json = JSON.parse((await run(['match', 'tune the JVM garbage collector', '--json'])).out) as { gap: boolean };
  assert.equal(json.gap, true);
});

test('bad arguments are usage errors (exit 2)', async () => {
  assert.equal((await run(['match'])).code, 2);
  assert.equal((await run(['match', 'x', '--k', '0'])).code, 2);
  assert.equal((await run(['match', 'x', '--threshold', '2'])).code, 2);
});
