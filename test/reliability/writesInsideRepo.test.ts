import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CandidateRepository } from '../../src/core/candidates/candidateRepository';
import type { Candidate } from '../../src/core/model/candidate';
import type { Redacted } from '../../src/core/redaction/gate';
import { redactCandidate } from '../../src/core/redaction/redactCandidate';
import { writeMcpJson } from '../../src/core/delivery/mcpJson';
import { updateAgentsMdFile } from '../../src/core/skills/agentsMd';
import { refreshSkillDelivery } from '../../src/core/delivery/skillDelivery';
import { memoryTrustStore } from '../../src/core/skills/trustStore';
import { openEventStore } from '../../src/core/store/openEventStore';
import { type CliRun, runCliIn } from '../support/cli/cliRunner';
import { createTempRepo, type TempRepo } from '../support/git/tempRepo';

/**
 * Issue 16, section 4: accept writes inside the repository. A skills folder that leaves it, by its
 * path or through a symlink, is refused unless --allow-outside-repo is given; mirrors outside are
 * never written. Hidden temp folders an interrupted accept left behind are cleaned up by the next
 * run, in the skills folder and in the mirrors, while another process's write in progress is not.
 */
const work = mkdtempSync(join(tmpdir(), 'skillwright-reliability-inside-'));
let repo: TempRepo;
let db = '';
const figures: string[] = [];

function candidate(name: string): Redacted<Candidate> {
  return redactCandidate({
    id: `inside-${name}`,
    name,
    description: `Use when testing where ${name} is written.`,
    kind: 'new',
    body: '# Steps\n\n1. Run the tests.\n',
    scope: [],
    confidence: 0.8,
    evidence: [{ kind: 'commit', ref: 'abc1234' }],
    source: 'test',
    status: 'pending',
    createdAt: 1,
  });
}

async function queue(...names: string[]): Promise<void> {
  const store = await openEventStore({ dbPath: db });
  new CandidateRepository(store.db).saveAll(names.map(candidate));
  await store.close();
}

const accept = (...args: string[]): Promise<CliRun> => runCliIn(repo.dir, ['accept', ...args, '--db', db]);

/** A PID no process has now: one that just exited. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

describe('reliability: accept writes stay inside the repository', () => {
  before(() => {
    repo = createTempRepo('skillwright-inside-repo-');
    repo.commit('feat: start', { files: { 'README.md': 'hi\n' } });
    db = join(work, 'store.db');
  });
  after(() => {
    process.stdout.write(`# RELIABILITY writes inside the repository: ${figures.join('; ')}\n`);
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'refuses a skills folder symlinked out of the repository or given outside it, unless --allow-outside-repo',
    { timeout: 60_000 },
    async () => {
      const elsewhere = join(work, 'elsewhere');
      mkdirSync(elsewhere);
      mkdirSync(join(repo.dir, '.agents'));
      symlinkSync(elsewhere, join(repo.dir, '.agents', 'skills'));
      await queue('through-link', 'by-path', 'by-relative-path', 'allowed-link');

      const refusals: Array<[string, string[]]> = [
        ['through-link', []],
        ['by-path', ['--skills-folder', join(work, 'absolute-outside')]],
        ['by-relative-path', ['--skills-folder', '../escaped-skills']],
      ];
      for (const [name, extra] of refusals) {
        const run = await accept(`inside-${name}`, ...extra);
        assert.equal(run.code, 1, `${name}: ${run.stdout}${run.stderr}`);
        assert.match(run.stderr, /is outside the repository .*nothing was written\. Pass --allow-outside-repo/, name);
        assert.equal(run.stderr.trim().split('\n').length, 1, `${name}: one line`);
      }
      assert.deepEqual(readdirSync(elsewhere), [], 'nothing was written through the symlink');
      assert.equal(existsSync(join(work, 'absolute-outside')), false);
      assert.equal(existsSync(join(repo.dir, '..', 'escaped-skills')), false);

      const allowed = await accept('inside-allowed-link', '--allow-outside-repo');
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.ok(existsSync(join(elsewhere, 'allowed-link', 'SKILL.md')), 'the flag lets the write through the link');
      figures.push('3 outside writes refused (symlink, absolute, ../), 1 allowed by the flag');
    },
  );

  it(
    'removes the temp folders a killed accept left, in the skills folder and in the mirrors, and keeps a live ' +
      "process's",
    { timeout: 60_000 },
    async () => {
      rmSync(join(repo.dir, '.agents'), { recursive: true, force: true });
      const skills = join(repo.dir, '.agents', 'skills');
      const mirror = join(repo.dir, '.claude', 'skills');
      const dead = deadPid();
      const sleeper: ChildProcess = spawn('sleep', ['60'], { stdio: 'ignore' });
      try {
        for (const folder of [skills, mirror]) {
          mkdirSync(join(folder, `.killed.skillwright-tmp-${dead}-0badf00d`), { recursive: true });
          writeFileSync(join(folder, `.killed.skillwright-tmp-${dead}-0badf00d`, 'SKILL.md'), 'half');
          mkdirSync(join(folder, `.busy.skillwright-tmp-${sleeper.pid}-1234abcd`));
        }
        await queue('after-the-kill');
        const run = await accept('inside-after-the-kill');
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(
          readdirSync(skills).sort(),
          [`.busy.skillwright-tmp-${sleeper.pid}-1234abcd`, 'after-the-kill'],
          "the killed accept's temp is gone, the live one stays",
        );

        await refreshSkillDelivery({
          root: repo.dir,
          skillsFolder: '.agents/skills',
          mirrors: ['.claude/skills'],
          agentsMd: false,
          trust: memoryTrustStore(),
          deliver: true,
        });
        assert.deepEqual(
          readdirSync(mirror).sort(),
          [`.busy.skillwright-tmp-${sleeper.pid}-1234abcd`, 'after-the-kill'],
          'the mirror is cleaned the same way',
        );
      } finally {
        sleeper.kill('SIGKILL');
      }

      const outsideMirror = join(work, 'outside-mirror');
      const state = await refreshSkillDelivery({
        root: repo.dir,
        skillsFolder: '.agents/skills',
        mirrors: [outsideMirror],
        agentsMd: false,
        trust: memoryTrustStore(),
        deliver: true,
      });
      assert.deepEqual(state.mirrors?.conflicts, [{ path: outsideMirror, reason: 'outside-workspace' }]);
      assert.equal(existsSync(outsideMirror), false, 'a mirror outside the workspace is never written');
      figures.push('killed-accept temps removed from skills folder and mirror, live one kept; outside mirror refused');
    },
  );

  it(
    'AGENTS.md and .vscode/mcp.json: a link inside the workspace is followed and kept, one leaving it or a ' +
      'read-only file is refused',
    { timeout: 60_000 },
    async () => {
      const workspace = join(work, 'delivery-workspace');
      mkdirSync(join(workspace, 'docs'), { recursive: true });
      mkdirSync(join(workspace, '.vscode'));
      writeFileSync(join(workspace, 'docs', 'AGENTS.md'), '# Agents\n');
      symlinkSync(join('docs', 'AGENTS.md'), join(workspace, 'AGENTS.md'));
      const skills = [{ name: 'run-tests', description: 'Use when running the tests.' }];
      await updateAgentsMdFile(join(workspace, 'AGENTS.md'), skills, { skillsFolder: '.agents/skills' });
      assert.ok(lstatSync(join(workspace, 'AGENTS.md')).isSymbolicLink(), 'the link is kept');
      assert.match(
        readFileSync(join(workspace, 'docs', 'AGENTS.md'), 'utf8'),
        /run-tests/,
        'the file it points at is updated',
      );

      const outside = join(work, 'outside-AGENTS.md');
      writeFileSync(outside, '# Not ours\n');
      rmSync(join(workspace, 'AGENTS.md'));
      symlinkSync(outside, join(workspace, 'AGENTS.md'));
      await assert.rejects(
        updateAgentsMdFile(join(workspace, 'AGENTS.md'), skills, { skillsFolder: '.agents/skills' }),
        /outside the repository/,
      );
      assert.equal(readFileSync(outside, 'utf8'), '# Not ours\n');

      writeFileSync(join(workspace, '.vscode', 'mcp.json'), '{ "servers": {} }\n');
      chmodSync(join(workspace, '.vscode', 'mcp.json'), 0o444);
      await assert.rejects(writeMcpJson(workspace, { command: 'node', args: ['cli.js', 'mcp'] }), /is read-only/);
      assert.equal(
        readFileSync(join(workspace, '.vscode', 'mcp.json'), 'utf8'),
        '{ "servers": {} }\n',
        'a read-only mcp.json is left as it is',
      );
      figures.push('AGENTS.md link followed inside, refused outside; read-only mcp.json refused');
    },
  );
});
