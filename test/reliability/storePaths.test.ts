import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { appendGapInbox } from '../../src/core/gaps/gapInbox';
import type { GapDraft } from '../../src/core/gaps/gapTypes';
import { openEventStore } from '../../src/core/store/openEventStore';
import { bundleCli, type ChildCliRun, runCliChild } from '../support/cli/cliChild';
import { createTempRepo, type TempRepo } from '../support/git/tempRepo';
import { runCliIn } from '../support/cli/cliRunner';
import { fixtureText, CLAUDE_SESSION } from '../support/sources/transcriptHome';
import { terminalEvent } from '../support/store/sampleEvents';

/**
 * Issue 16, section 1: the path given as the store (and every other file Skillwright writes) is
 * never clobbered. The real CLI runs in this process, except where it must be another process: a
 * FIFO (the old failure hung for ever, which would wedge this process's thread pool), a lock held
 * by this process, and a different environment. Refusals are one line naming the path, exit
 * non-zero at once, and leave the target and its folder exactly as they were.
 */
const work = mkdtempSync(join(tmpdir(), 'skillwright-reliability-paths-'));
let cli = '';
let repo: TempRepo;
let transcript = '';
const figures: string[] = [];

const child = (args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildCliRun> =>
  runCliChild(cli, repo.dir, args, { env, deadlineMs: 20_000 });
const run = async (args: string[]): Promise<ChildCliRun> => {
  const started = Date.now();
  return { ...(await runCliIn(repo.dir, args)), hung: false, elapsedMs: Date.now() - started };
};

function assertRefused(result: ChildCliRun, path: string, what: RegExp, label: string): void {
  assert.equal(result.hung, false, `${label}: hung (killed after ${result.elapsedMs} ms)`);
  assert.equal(result.code, 1, `${label}: exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${label}: one line on stderr, got:\n${result.stderr}`);
  assert.ok(lines[0]?.includes(path), `${label}: the message names ${path}: ${result.stderr}`);
  assert.match(result.stderr, what, label);
  assert.doesNotMatch(result.stderr, /\n\s+at /, `${label}: no stack trace`);
}

/** Whatever Skillwright would have made beside `name` in its folder. */
function leftovers(dir: string, name: string): string[] {
  return readdirSync(dir).filter((entry) => entry.startsWith(`${name}.`));
}

describe('reliability: the store path never clobbers what it points at', () => {
  before(async () => {
    cli = await bundleCli(work);
    repo = createTempRepo('skillwright-paths-repo-');
    repo.commit('feat: add a', { files: { 'src/a.ts': 'export const a = 1;\n', 'test/a.test.ts': 'a\n' } });
    repo.commit('feat: add b', { files: { 'src/b.ts': 'export const b = 1;\n', 'test/b.test.ts': 'b\n' } });
    transcript = join(work, `${CLAUDE_SESSION}.jsonl`);
    writeFileSync(transcript, fixtureText(`claude/${CLAUDE_SESSION}.jsonl`, repo.dir));
  });
  after(() => {
    process.stdout.write(`# RELIABILITY store paths: ${figures.join('; ')}\n`);
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'refuses a character device, a FIFO, a directory and a read-only file at once, for learn and import, and ' +
      'leaves each as it was',
    { timeout: 120_000 },
    async () => {
      const dir = join(work, 'targets');
      mkdirSync(dir);
      const device = join(dir, 'null-device');
      // A private device node (the same one as /dev/null), so a regression cannot break the machine's own.
      execFileSync('mknod', [device, 'c', '1', '3']);
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      const folder = join(dir, 'folder');
      mkdirSync(folder);
      const readOnly = join(dir, 'read-only.db');
      writeFileSync(readOnly, 'keep me');
      chmodSync(readOnly, 0o444);
      const cases = [
        { path: device, what: /is a character device/, still: () => lstatSync(device).isCharacterDevice() },
        { path: fifo, what: /is a FIFO/, still: () => lstatSync(fifo).isFIFO(), apart: true },
        {
          path: folder,
          what: /is a directory/,
          still: () => lstatSync(folder).isDirectory() && readdirSync(folder).length === 0,
        },
        {
          path: readOnly,
          what: /is read-only \(mode 0444\)/,
          still: () => (statSync(readOnly).mode & 0o777) === 0o444 && readFileSync(readOnly, 'utf8') === 'keep me',
        },
      ];
      let slowest = 0;
      for (const target of cases) {
        for (const args of [
          ['learn', '--db', target.path],
          ['import', transcript, '--repo', repo.dir, '--db', target.path],
        ]) {
          const label = `${args[0]} --db ${target.path}`;
          const result = await ('apart' in target ? child(args) : run(args));
          assertRefused(result, target.path, target.what, label);
          slowest = Math.max(slowest, result.elapsedMs);
          assert.ok(target.still(), `${label}: the target was changed`);
          assert.deepEqual(
            leftovers(dir, target.path.slice(dir.length + 1)),
            [],
            `${label}: files were created beside it`,
          );
        }
      }
      figures.push(`8 refusals (device, FIFO, directory, read-only × learn, import), slowest ${slowest} ms`);
    },
  );

  it(
    'follows a symlinked store and keeps the link: the real store, with its lock and log beside it, keeps updating',
    { timeout: 60_000 },
    async () => {
      const realDir = join(work, 'moved-store');
      const linkDir = join(work, 'linked');
      mkdirSync(realDir);
      mkdirSync(linkDir);
      const real = join(realDir, 'skillwright.db');
      const link = join(linkDir, 'store.db');
      symlinkSync(real, link);
      const first = await run(['learn', '--db', link]);
      assert.equal(first.code, 0, first.stderr);
      assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
      const seeded = await openEventStore({ dbPath: link });
      seeded.append([terminalEvent('through-the-link', Date.UTC(2024, 5, 1), 'ok')]);
      await seeded.close();
      // A learn run that changed nothing has nothing to checkpoint; the recorded event does.
      assert.ok(lstatSync(real).isFile(), 'the store was written through the link');
      const second = await run(['learn', '--db', link]);
      assert.equal(second.code, 0, second.stderr);
      assert.ok(lstatSync(link).isSymbolicLink(), 'still a link after a second run');
      assert.deepEqual(readdirSync(linkDir), ['store.db'], 'no companion files beside the link');
      const reopened = await openEventStore({ dbPath: real });
      try {
        assert.equal(reopened.countEvents(), 1, 'the event written through the link is in the real store');
      } finally {
        await reopened.close();
      }
      figures.push('symlinked store followed and kept');
    },
  );

  it(
    'a lock whose PID was reused or whose content is garbage does not block; a live owner is named with its lock ' +
      'file and leaves no guest journal',
    { timeout: 60_000 },
    async () => {
      const dir = join(work, 'locks');
      mkdirSync(dir);
      const sleeper: ChildProcess = spawn('sleep', ['60'], { stdio: 'ignore' });
      try {
        const sleeperPid = sleeper.pid ?? 0;
        const staleLocks: Record<string, string> = {
          // An older version's lock (no start token), written before the process now holding that PID started.
          'reused-old-format': JSON.stringify({ pid: sleeperPid, host: hostname(), since: Date.now() - 60_000 }),
          // A lock that says which run wrote it, now held by a different run of PID 1.
          'reused-token': JSON.stringify({ pid: 1, host: hostname(), since: Date.now(), started: 'another-boot:1' }),
          'negative-pid': JSON.stringify({ pid: -1, host: hostname(), since: Date.now() }),
          'pid-zero': JSON.stringify({ pid: 0, host: hostname(), since: Date.now() }),
          'garbage-from-the-future': 'garbage\u0000\u00ff',
        };
        for (const [name, content] of Object.entries(staleLocks)) {
          const db = join(dir, `${name}.db`);
          writeFileSync(`${db}.lock`, content);
          if (name === 'garbage-from-the-future')
            utimesSync(`${db}.lock`, new Date(Date.now() + 3_600_000), new Date(Date.now() + 3_600_000));
          const result = await run(['learn', '--db', db]);
          assert.equal(result.code, 0, `${name}: ${result.stderr}`);
          assert.equal(existsSync(`${db}.lock`), false, `${name}: the stale lock was taken over and released`);
        }
      } finally {
        sleeper.kill('SIGKILL');
      }

      const held = join(dir, 'held.db');
      const owner = await openEventStore({ dbPath: held });
      try {
        for (let attempt = 0; attempt < 2; attempt++) {
          const refused = await child(['learn', '--db', held]);
          assert.equal(refused.code, 1, refused.stderr);
          assert.match(
            refused.stderr,
            new RegExp(`in use by process ${process.pid} .*lock file ${held.replace(/[.]/g, '\\.')}\\.lock`),
          );
        }
        assert.deepEqual(
          readdirSync(dir).filter((name) => name.includes('.journal.guest-')),
          [],
          'refused runs leave no guest journal',
        );
      } finally {
        await owner.close();
      }
      figures.push('5 stale locks taken over, a live one named and refused without leftovers');
    },
  );

  it(
    'creates private files 0600 in 0700 folders: store, event log, lock, gap inbox and exports',
    { timeout: 60_000 },
    async () => {
      const data = join(work, 'data-home');
      const result = await child(['learn'], { ...process.env, SKILLWRIGHT_DATA_DIR: data });
      assert.equal(result.code, 0, result.stderr);
      const [key] = readdirSync(join(data, 'skillwright'));
      assert.ok(key);
      const folder = join(data, 'skillwright', key);
      const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);
      for (const path of [data, join(data, 'skillwright'), folder])
        assert.equal(mode(path), '700', `${path} is private`);
      for (const name of readdirSync(folder)) assert.equal(mode(join(folder, name)), '600', `${name} is private`);

      const store = await openEventStore({ dbPath: join(folder, 'skillwright.db') });
      try {
        assert.equal(mode(`${join(folder, 'skillwright.db')}.lock`), '600', 'the lock is private');
        store.append([terminalEvent('exported', Date.UTC(2024, 5, 1), 'ok')]);
        const existing = join(work, 'export-existing.jsonl');
        writeFileSync(existing, 'old', { mode: 0o644 });
        chmodSync(existing, 0o644);
        assert.equal(await store.exportJsonl(existing), 1);
        assert.equal(mode(existing), '600', 'an export over an existing file is narrowed to 0600');
        const exportDevice = join(work, 'export-device');
        execFileSync('mknod', [exportDevice, 'c', '1', '3']);
        await assert.rejects(store.exportJsonl(exportDevice), /the export .* is a character device/);
        await assert.rejects(store.exportJsonl(work), /the export .* is a directory/);
      } finally {
        await store.close();
      }

      const inbox = join(work, 'gaps', 'nested', 'gap-inbox.jsonl');
      const draft: GapDraft = {
        kind: 'reported',
        need: 'deploy',
        question: 'deploy the app',
        query: { text: 'deploy the app', files: [] },
        samples: [['deploy']],
        scope: [],
        evidence: [],
      };
      await appendGapInbox(inbox, draft);
      assert.equal(mode(inbox), '600', 'the gap inbox is private');
      assert.equal(mode(join(work, 'gaps', 'nested')), '700', 'in a private folder');
      const readOnlyInbox = join(work, 'read-only-inbox.jsonl');
      writeFileSync(readOnlyInbox, '');
      chmodSync(readOnlyInbox, 0o444);
      await assert.rejects(appendGapInbox(readOnlyInbox, draft), /the gap inbox .* is read-only/);
      assert.equal(readFileSync(readOnlyInbox, 'utf8'), '', 'nothing was appended to the read-only inbox');
      figures.push('store files, lock, export and gap inbox 0600 in 0700 folders');
    },
  );
});
