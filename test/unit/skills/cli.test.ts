import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { silentLogger } from '../../../src/core/ports';
import { acceptCandidate } from '../../../src/core/skills/accept';
import { candidate, skillMd, tempDir, type TempDir } from '../../support/skills/skillFixtures';

const FIXTURES = join(__dirname, '../../fixtures/skills');

function io(cwd: string): CliIo & { out: string; err: string } {
  const buffers = { out: '', err: '' };
  return Object.assign(buffers, {
    stdout: (text: string) => void (buffers.out += text),
    stderr: (text: string) => void (buffers.err += text),
    interactive: false,
    cwd,
    logger: silentLogger,
    signal: new AbortController().signal,
  });
}

describe('skillwright lint and list', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: tmp.dir });
    await acceptCandidate(candidate(), { skillsFolder: join(tmp.dir, '.agents/skills'), now: 1 });
  });
  afterEach(() => tmp.cleanup());

  it('lint passes a clean library found from a subfolder of the repo', async () => {
    mkdirSync(join(tmp.dir, 'src/deep'), { recursive: true });
    const cli = io(join(tmp.dir, 'src/deep'));
    assert.equal(await runCli(['lint'], cli), 0);
    assert.equal(cli.out, '');
    assert.match(cli.err, /0 error\(s\), 0 warning\(s\)/);
  });

  it('lint prints file:line:col severity rule message and exits 1 on errors', async () => {
    tmp.write('.agents/skills/Bad/SKILL.md', skillMd('Bad', 'd', 'body\n', 'tags: [a]\n'));
    const cli = io(tmp.dir);
    assert.equal(await runCli(['lint'], cli), 1);
    const lines = cli.out.trim().split('\n');
    assert.ok(
      lines.includes(
        ".agents/skills/Bad/SKILL.md:2:1 error name-charset name 'Bad' may contain only lowercase letters a-z, " +
          'digits and hyphens',
      ),
      cli.out,
    );
    assert.ok(
      lines.some((line) => line.startsWith('.agents/skills/Bad/SKILL.md:4:1 warning unknown-field')),
      cli.out,
    );
  });

  it('lint --json on an explicit folder includes security findings, and fails on them', async () => {
    cpSync(join(FIXTURES, 'hostile/env-pipe-curl'), join(tmp.dir, 'other/env-pipe-curl'), { recursive: true });
    const cli = io(tmp.dir);
    assert.equal(await runCli(['lint', 'other', '--json'], cli), 1);
    const report = JSON.parse(cli.out) as { issues: { rule: string; line: number }[] };
    assert.deepEqual(
      report.issues.map((issue) => [issue.rule, issue.line]),
      [['security/exfiltration', 10]],
    );
  });

  it('lint rejects extra arguments as a usage error', async () => {
    assert.equal(await runCli(['lint', 'a', 'b'], io(tmp.dir)), 2);
  });

  it('list shows source and quarantine state', async () => {
    cpSync(join(FIXTURES, 'hostile/reverse-shell'), join(tmp.dir, '.agents/skills/reverse-shell'), { recursive: true });
    const cli = io(tmp.dir);
    assert.equal(await runCli(['list', '--json', '--db', join(tmp.dir, 'none.db')], cli), 0);
    const listed = JSON.parse(cli.out) as {
      skills: { name: string; source: string; quarantined: boolean; reasons: string[] }[];
    };
    assert.deepEqual(
      listed.skills.map((skill) => [skill.name, skill.source, skill.quarantined]),
      [
        ['reverse-shell', 'hand-written', true],
        ['run-tests', 'build-commands', false],
      ],
    );
    assert.match(listed.skills[0]?.reasons[0] ?? '', /reverse-shell at SKILL.md:10/);
    const text = io(tmp.dir);
    await runCli(['list', '--repo', tmp.dir, '--db', join(tmp.dir, 'none.db')], text);
    assert.match(text.out, /reverse-shell {2}\[hand-written\] {2}\(QUARANTINED\)/);
  });
});
