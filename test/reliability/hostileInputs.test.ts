import assert from 'node:assert/strict';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { streamCommits } from '../../src/core/history/historyMiner';
import { listFilesAt } from '../../src/core/history/repoTree';
import type { ImportSummary } from '../../src/core/sources/importTranscripts';
import { bundleCli, runCliChild } from '../support/cli/cliChild';
import { jsonOf, runCliIn } from '../support/cli/cliRunner';
import { createTempRepo, type TempRepo } from '../support/git/tempRepo';

/**
 * Issue 16, section 6: smaller defects an adversarial probe found, each with the input that showed
 * it. Cases that hung or that need another PATH run the real CLI as a child with a deadline.
 */
const work = mkdtempSync(join(tmpdir(), 'skillwright-reliability-hostile-'));
let cli = '';
let repo: TempRepo;
const figures: string[] = [];

function claudeLine(uuid: string, content: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'user',
    sessionId: 'hostile-session',
    uuid,
    cwd: repo.dir,
    timestamp: '2026-11-02T09:10:07.000Z',
    message: { role: 'user', content },
    ...extra,
  });
}

/** A JSON value nested `depth` levels deep, spliced in where the marker string stands. */
function nest(line: string, open: string, close: string, depth: number): string {
  return line.replace('"@@"', `${open.repeat(depth)}${close.repeat(depth)}`);
}

describe('reliability: hostile inputs found by the probe (issue 16, section 6)', () => {
  before(async () => {
    cli = await bundleCli(work);
    repo = createTempRepo('skillwright-hostile-repo-');
    repo.commit('chore: start', { files: { 'README.md': 'hi\n' } });
  });
  after(() => {
    process.stdout.write(`# RELIABILITY hostile inputs: ${figures.join('; ')}\n`);
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'reads file names with newlines, quotes, tabs, arrows and non-UTF-8 bytes from git as they are, ' +
      'never git-quoted',
    async () => {
      const odd = ['new\nline.ts', 'quo"te.ts', 'back\\slash.ts', 'tab\there.ts', 'a => b.ts', 'dir/{x => y}.ts'];
      for (const name of odd) repo.write(name, `${name}\n`);
      writeFileSync(
        Buffer.concat([Buffer.from(`${repo.dir}/raw-`), Buffer.from([0xff, 0xfe]), Buffer.from('.ts')]),
        'raw\n',
      );
      repo.commit('feat: odd names');
      repo.git('mv', 'quo"te.ts', 'moved "quote".ts');
      repo.commit('refactor: move it');

      const commits = [];
      for await (const commit of streamCommits(repo.dir)) commits.push(commit);
      const [moved, added] = commits;
      assert.deepEqual(
        moved?.files.map((file) => [file.oldPath, file.path]),
        [['quo"te.ts', 'moved "quote".ts']],
      );
      const addedPaths = added?.files.map((file) => file.path) ?? [];
      for (const name of odd)
        assert.ok(
          addedPaths.includes(name),
          `history has ${JSON.stringify(name)} as it is: ${JSON.stringify(addedPaths)}`,
        );
      assert.ok(
        added?.files.every((file) => file.oldPath === undefined),
        'a name holding " => " is not a rename',
      );
      const tree = await listFilesAt(repo.dir, 'HEAD');
      for (const name of [...odd.filter((name) => name !== 'quo"te.ts'), 'moved "quote".ts'])
        assert.ok(tree.includes(name), `ls-tree has ${JSON.stringify(name)}: ${JSON.stringify(tree)}`);
      const invalid = [...addedPaths, ...tree].filter((path) => path.startsWith('raw-'));
      assert.deepEqual(
        invalid,
        ['raw-\uFFFD\uFFFD.ts', 'raw-\uFFFD\uFFFD.ts'],
        'bytes that are not UTF-8 read as U+FFFD, not as a quoted octal escape',
      );
      assert.ok(
        [...addedPaths, ...tree].every((path) => !path.startsWith('"')),
        'no path is git-quoted',
      );
      figures.push(`${odd.length + 1} odd names read verbatim from log and ls-tree`);
    },
  );

  it('recognises a transcript whose first line is 60 MB, with and without --agent', { timeout: 60_000 }, async () => {
    const file = join(work, 'huge-first-line.jsonl');
    const fd = openSync(file, 'w');
    writeSync(fd, `${JSON.stringify({ type: 'summary', summary: 'x'.repeat(60 * 1024 * 1024) })}\n`);
    writeSync(fd, `${claudeLine('after-the-blob', 'fix the parser')}\n`);
    closeSync(fd);
    for (const extra of [[], ['--agent', 'claude-code']]) {
      const run = await runCliIn(repo.dir, [
        'import',
        file,
        '--db',
        join(work, `huge-${extra.length}.db`),
        '--json',
        ...extra,
      ]);
      assert.equal(run.code, 0, `${extra.join(' ')}: ${run.stderr}`);
      const summary = jsonOf<ImportSummary>(run);
      assert.equal(summary.byAgent['claude-code']?.sessions, 1, extra.join(' '));
      assert.equal(summary.skippedLines['line-too-long'], 1, 'the blob is counted, not silently dropped');
    }
    figures.push('60 MB first line: recognised, blob counted as line-too-long');
  });

  it(
    'counts lines nested 100,000 deep as skipped and still imports the lines after them',
    { timeout: 60_000 },
    async () => {
      const file = join(work, 'deep.jsonl');
      const deep = 100_000;
      writeFileSync(
        file,
        [
          claudeLine('before', 'first prompt'),
          nest(claudeLine('deep-result', [{ type: 'tool_result', tool_use_id: 't1', content: '@@' }]), '[', ']', deep),
          nest(claudeLine('deep-content', '@@'), '[', ']', deep),
          nest(
            claudeLine('deep-extra', 'kept prompt', { toolUseResult: { stdout: '@@' } }),
            '{"a":',
            '}',
            deep,
          ).replace(`${'}'.repeat(deep)}`, `1${'}'.repeat(deep)}`),
          '['.repeat(deep) + ']'.repeat(deep),
          claudeLine('after', 'last prompt'),
        ].join('\n') + '\n',
      );
      const run = await runCliIn(repo.dir, ['import', file, '--db', join(work, 'deep.db'), '--json']);
      assert.equal(run.code, 0, run.stderr);
      const summary = jsonOf<ImportSummary>(run);
      assert.equal(summary.lines, 6);
      const skipped = Object.values(summary.skippedLines).reduce((total, count) => total + count, 0);
      assert.equal(
        skipped,
        3,
        `the three deep lines that carry nothing usable are counted: ${JSON.stringify(summary.skippedLines)}`,
      );
      assert.equal(summary.skippedLines['too-deeply-nested'], 1, JSON.stringify(summary.skippedLines));
      assert.equal(summary.skippedLines['read-error'], undefined, 'one bad line does not end the file');
      assert.ok(
        summary.steps >= 3,
        `the prompts before, beside and after the deep lines are imported: ${summary.steps} steps`,
      );
      figures.push(`deep lines: ${JSON.stringify(summary.skippedLines)}`);
    },
  );

  it('imports a transcript once from a folder with a symlink loop', async () => {
    const folder = join(work, 'loop', 'project');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'session.jsonl'), `${claudeLine('looped', 'once only')}\n`);
    symlinkSync('..', join(folder, 'up'));
    symlinkSync(folder, join(folder, 'self'));
    const run = await runCliIn(repo.dir, [
      'import',
      join(work, 'loop'),
      join(folder, 'session.jsonl'),
      '--db',
      join(work, 'loop.db'),
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(jsonOf<ImportSummary>(run).files, 1);
    figures.push('symlink loop: 1 file imported');
  });

  it(
    'says git is missing when it is not on PATH, and refuses --repo paths that do not exist (import, mcp, learn)',
    { timeout: 60_000 },
    async () => {
      const noGit = join(work, 'empty-bin');
      mkdirSync(noGit);
      const learned = await runCliChild(cli, repo.dir, ['learn', '--db', join(work, 'nogit.db')], {
        env: { ...process.env, PATH: noGit },
      });
      assert.equal(learned.code, 1, learned.stderr);
      assert.match(learned.stderr, /git was not found on PATH/);
      assert.doesNotMatch(learned.stderr, /not inside a git repository/);

      const missing = join(work, 'no-such-repo');
      for (const args of [
        ['import', '--repo', missing, '--db', join(work, 'missing.db')],
        ['mcp', '--repo', missing],
        ['learn', '--repo', missing, '--db', join(work, 'missing.db')],
      ]) {
        const run = await runCliChild(cli, work, args, { deadlineMs: 15_000 });
        assert.equal(run.hung, false, `${args[0]}: hung`);
        assert.equal(run.code, 1, `${args[0]}: exit ${run.code} ${run.stdout}${run.stderr}`);
        assert.match(run.stderr, new RegExp(`${missing.replace(/[.]/g, '\\.')} does not exist`), args[0]);
      }
      figures.push('no git: named; missing --repo refused by import, mcp and learn');
    },
  );

  it('lints a path under /proc in bounded time', { timeout: 60_000 }, async () => {
    for (const path of ['/proc/self', '/proc']) {
      const run = await runCliChild(cli, work, ['lint', path, '--json'], { deadlineMs: 30_000 });
      assert.equal(run.hung, false, `lint ${path} hung (killed after ${run.elapsedMs} ms)`);
      assert.ok(run.code === 0 || run.code === 1, `lint ${path}: exit ${run.code} ${run.stderr}`);
      figures.push(`lint ${path}: ${run.elapsedMs} ms`);
    }
  });

  it('reports YAML alias bombs, non-string metadata reached via aliases, and SKILL.md that is not UTF-8', async () => {
    const skills = join(work, 'lint-skills');
    const write = (name: string, text: string | Buffer): void => {
      mkdirSync(join(skills, name), { recursive: true });
      writeFileSync(join(skills, name, 'SKILL.md'), text);
    };
    const level = (name: string, of: string): string => `${name}: &${name} [${Array(9).fill(`*${of}`).join(', ')}]`;
    write(
      'alias-bomb',
      [
        '---',
        'name: alias-bomb',
        'description: Expands to millions of nodes.',
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        level('b', 'a'),
        level('c', 'b'),
        level('d', 'c'),
        'metadata:',
        '  boom: *d',
        '---',
        '# Body',
        '',
        'Text.',
        '',
      ].join('\n'),
    );
    write(
      'aliased-list',
      [
        '---',
        'name: aliased-list',
        'description: &text A harmless alias of a string.',
        'metadata:',
        '  same: *text',
        '  list: &l [a, b]',
        '  again: *l',
        '---',
        '# Body',
        '',
        'Text.',
        '',
      ].join('\n'),
    );
    write(
      'not-utf8',
      Buffer.concat([
        Buffer.from('---\nname: not-utf8\ndescription: Bytes that are not UTF-8.\n---\n# Body\n\nText '),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(' here.\n'),
      ]),
    );
    const run = await runCliIn(work, ['lint', skills, '--json']);
    assert.equal(run.code, 1, run.stdout);
    const issues = jsonOf<{ issues: Array<{ file: string; line: number; rule: string }> }>(run).issues;
    const rules = (name: string): string[] =>
      issues.filter((issue) => issue.file.includes(`/${name}/`)).map((issue) => issue.rule);
    assert.deepEqual(rules('alias-bomb'), ['yaml-alias-bomb']);
    assert.deepEqual(
      rules('aliased-list'),
      ['metadata-value-type', 'metadata-value-type'],
      'an alias to a list is not a string; an alias to a string is',
    );
    assert.deepEqual(rules('not-utf8'), ['encoding-invalid-utf8']);
    assert.equal(
      issues.find((issue) => issue.rule === 'encoding-invalid-utf8')?.line,
      7,
      'the line of the first bad byte',
    );
    figures.push('alias bomb, aliased list and invalid UTF-8 reported');
  });
});
