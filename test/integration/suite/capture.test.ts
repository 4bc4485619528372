// Issue 3 in the real host: terminal commands, an editor edit and save, a write by another
// process and a git commit all end up in the store as steps of a session, and a secret echoed in
// the terminal is redacted everywhere, including the bytes on disk. The file sorts first so it runs
// before the suites that start fake agents: while an agent is active, writes by other processes
// are rightly attributed to that agent, and these steps would not share one session.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { CommitEvent, EditEvent, FileEvent, RecordedEvent, TerminalEvent } from '../../../src/core/model/events';
import type { SkillwrightApi } from '../../../src/vscode/api';
import {
  describeStore,
  eventually,
  filesBelow,
  git,
  readIfFile,
  runInTerminal,
  skillwrightApi,
  workspaceRoot,
} from './support/host';

const execFileAsync = promisify(execFile);

/** Random, so the literal never sits in the repository (and never matches an allow-listed example). */
function randomToken(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const GITHUB_TOKEN = `ghp_${randomToken(ALNUM, 36)}`;
const AWS_KEY_ID = `AKIA${randomToken(UPPER_ALNUM, 16)}`;
const SECRETS = [GITHUB_TOKEN, AWS_KEY_ID];
// Output is read from the start event on, as for a command someone types. A command another
// extension starts with executeCommand can print before that event arrives (an instant `echo`),
// so the command waits a moment first; README's Limits say so.
const OK_COMMAND = 'sleep 0.5; echo ok';
const FAILING_COMMAND = "bash -c 'exit 4'";

suite('Recorder in the real host (issue 3)', () => {
  let api: SkillwrightApi;
  let root: string;
  let terminal: vscode.Terminal | undefined;
  const commitMessage = 'feat: record an integration commit';
  let commitHash = '';
  const editedFile = 'src/index.js';
  const editedLine = 'export const recordedByIntegrationTest = true;';
  const externalFile = 'notes/written-by-another-process.txt';

  suiteSetup(async function () {
    this.timeout(180_000);
    api = await skillwrightApi();
    root = workspaceRoot();

    terminal = vscode.window.createTerminal({ name: 'skillwright recorder test', shellPath: 'bash', cwd: root });
    terminal.show(true);
    assert.equal(await runInTerminal(terminal, OK_COMMAND), 0, `\`${OK_COMMAND}\` should exit 0`);
    // A real process that fails; VS Code's bash integration reports no exit code for a bare `( … )` sub-shell.
    assert.equal(await runInTerminal(terminal, FAILING_COMMAND), 4, `\`${FAILING_COMMAND}\` should exit 4`);
    await runInTerminal(terminal, `echo token ${GITHUB_TOKEN} key ${AWS_KEY_ID}`);

    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(root, editedFile)));
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(document.lineCount, 0), `${editedLine}\n`);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the workspace edit was not applied');
    assert.ok(await document.save(), 'the document did not save');

    await execFileAsync(process.execPath, [
      '-e',
      `require('fs').mkdirSync(${JSON.stringify(join(root, 'notes'))}, { recursive: true }); ` +
        `require('fs').writeFileSync(${JSON.stringify(join(root, externalFile))}, 'hello from another ` +
        `process\\n')`,
    ]);
    // Let the file watcher see the write before the commit makes it part of HEAD.
    await new Promise((wake) => setTimeout(wake, 1500));

    await git(root, ['add', '-A']);
    await git(root, ['commit', '-q', '-m', commitMessage]);
    commitHash = await git(root, ['rev-parse', 'HEAD']);
  });

  suiteTeardown(() => {
    terminal?.dispose();
  });

  async function waitForEvent<T extends RecordedEvent>(
    what: string,
    pick: (events: RecordedEvent[]) => T | undefined,
    timeoutMs = 30_000,
  ): Promise<T> {
    return eventually(
      async () => {
        await api.flush();
        return pick(await api.events());
      },
      timeoutMs,
      async () => `no ${what}; store holds ${await describeStore(api)}`,
      500,
    );
  }

  const terminalEvent = (events: RecordedEvent[], command: string): TerminalEvent | undefined =>
    events.find((event): event is TerminalEvent => event.type === 'terminal' && event.commandLine.trim() === command);

  test('records terminal commands with their exit codes', async function () {
    this.timeout(60_000);
    const ok = await waitForEvent(`terminal event for \`${OK_COMMAND}\``, (events) =>
      terminalEvent(events, OK_COMMAND),
    );
    assert.equal(ok.exitCode, 0);
    assert.match(
      ok.output,
      /\bok\b/,
      `the output excerpt of \`${OK_COMMAND}\` should hold "ok"; it ` +
        `is ${JSON.stringify(ok.output)} (truncated: ${String(ok.outputTruncated)})`,
    );
    assert.ok(ok.durationMs >= 0);
    const failing = await waitForEvent(`terminal event for \`${FAILING_COMMAND}\``, (events) =>
      terminalEvent(events, FAILING_COMMAND),
    );
    assert.equal(failing.exitCode, 4);
  });

  test('records the editor edit as a diff of the file', async function () {
    this.timeout(60_000);
    const edit = await waitForEvent('edit event for src/index.js', (events) =>
      events.find(
        (event): event is EditEvent =>
          event.type === 'edit' && event.path === editedFile && event.diff.includes(editedLine),
      ),
    );
    assert.match(
      edit.diff,
      new RegExp(`^\\+${editedLine.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
      'the diff should add the inserted line',
    );
    assert.ok(edit.linesAdded >= 1);
  });

  test('records the write made by another process', async function () {
    this.timeout(60_000);
    const written = await waitForEvent(`file event for ${externalFile}`, (events) =>
      events.find((event): event is FileEvent => event.type === 'file' && event.path === externalFile),
    );
    assert.ok(['external-write', 'create'].includes(written.op), `unexpected op ${written.op}`);
  });

  test('records the git commit with its hash and message', async function () {
    this.timeout(60_000);
    const commit = await waitForEvent('commit event', (events) =>
      events.find((event): event is CommitEvent => event.type === 'commit' && event.hash === commitHash),
    );
    assert.equal(commit.message.trim(), commitMessage);
    assert.ok(
      commit.files.includes(editedFile),
      `the commit's files should include ${editedFile}: ${commit.files.join(', ')}`,
    );
  });

  test('groups those steps into one session', async function () {
    this.timeout(60_000);
    await api.flush();
    const events = await api.events();
    const wanted = [
      terminalEvent(events, OK_COMMAND),
      terminalEvent(events, FAILING_COMMAND),
      events.find((event) => event.type === 'edit' && event.path === editedFile),
      events.find((event) => event.type === 'file' && event.path === externalFile),
      events.find((event) => event.type === 'commit' && event.hash === commitHash),
    ];
    assert.ok(wanted.every(Boolean), `some steps are missing: ${await describeStore(api)}`);
    const ids = wanted.map((event) => event?.id ?? '');
    const session = await eventually(
      async () => (await api.sessions()).find((candidate) => ids.every((id) => candidate.eventIds.includes(id))),
      20_000,
      async () => {
        const sessions = await api.sessions();
        const where = wanted.map((event) => {
          const holders = sessions
            .filter((candidate) => candidate.eventIds.includes(event?.id ?? ''))
            .map((candidate) => `${candidate.id}/${candidate.actor}`);
          const folder = event?.workspaceFolder ? '' : ' (no workspace folder)';
          return `${event?.type ?? '?'} ${event?.id ?? '?'}${folder} -> [${holders.join(', ')}]`;
        });
        return `no session holds all of these steps: ${where.join('; ')}`;
      },
      500,
    );
    assert.ok(session.startedAt <= session.endedAt);
  });

  test('a secret echoed in the terminal is stored nowhere', async function () {
    this.timeout(60_000);
    await waitForEvent('terminal event for the secret echo', (events) =>
      events.find((event) => event.type === 'terminal' && event.commandLine.startsWith('echo token ')),
    );
    await api.flush();
    const stored = JSON.stringify([await api.events(), await api.sessions()]);
    for (const secret of SECRETS) {
      assert.ok(!stored.includes(secret), `${secret.slice(0, 6)}… is in the stored events`);
    }

    const storePath = api.storePath;
    assert.ok(storePath, 'api.storePath is undefined');
    const storeFiles = filesBelow(dirname(storePath));
    assert.ok(storeFiles.length > 0, `no files next to ${storePath}`);
    for (const file of storeFiles) {
      const bytes = readIfFile(file);
      if (!bytes) continue;
      for (const secret of SECRETS) {
        assert.equal(bytes.includes(secret), false, `${secret.slice(0, 6)}… is in ${file}`);
        assert.equal(
          bytes.includes(Buffer.from(secret, 'utf16le')),
          false,
          `${secret.slice(0, 6)}… (UTF-16) is in ${file}`,
        );
      }
    }
  });
});
