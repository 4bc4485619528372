// The views can be opened and refreshed, and nothing Skillwright did during the whole integration
// run (this file runs last) left an error in its own log or in the extension host's log. Whether
// each view has a data provider is visible only in the workbench DOM; the end-to-end run
// (scripts/vscode-host/run-e2e.mjs) checks that on the rendered views.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { extensionPath, filesBelow, skillwrightApi, sleep } from './support/host';

interface Manifest {
  readonly contributes?: { readonly views?: Readonly<Record<string, readonly { readonly id: string }[]>> };
}

function logsDir(): string {
  const userDataDir = process.env.SKILLWRIGHT_TEST_USER_DATA_DIR;
  assert.ok(userDataDir, 'the harness did not pass SKILLWRIGHT_TEST_USER_DATA_DIR');
  return join(userDataDir, 'logs');
}

/** `[error]` lines of a log file, or of the lines that mention Skillwright when `onlySkillwright`. */
function errorLines(file: string, onlySkillwright: boolean): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const errors: string[] = [];
  lines.forEach((line, index) => {
    if (!/\[error\]/i.test(line)) return;
    // An error's stack follows on the next lines; include them so the message says where.
    const block = [line, ...lines.slice(index + 1, index + 6).filter((next) => /^\s+at |^\s/.test(next))].join('\n');
    if (!onlySkillwright || /skillwright/i.test(block)) errors.push(block);
  });
  return errors;
}

suite('Views and logs in the real host', () => {
  test('every view opens and refreshes', async function () {
    this.timeout(60_000);
    await skillwrightApi();
    await vscode.commands.executeCommand('workbench.view.extension.skillwright');
    const manifest = JSON.parse(readFileSync(join(extensionPath(), 'package.json'), 'utf8')) as Manifest;
    const views = manifest.contributes?.views?.skillwright ?? [];
    assert.deepEqual(views.map((view) => view.id).sort(), [
      'skillwright.gaps',
      'skillwright.library',
      'skillwright.sessions',
      'skillwright.suggestions',
    ]);
    for (const view of views) {
      await vscode.commands.executeCommand(`${view.id}.focus`);
      await vscode.commands.executeCommand('skillwright.refresh');
    }
    // Give the tree providers time to be asked for their children and to log anything wrong.
    await sleep(2000);
  });

  test('Skillwright logged no errors during the run', async function () {
    this.timeout(30_000);
    const dir = logsDir();
    const files = filesBelow(dir, (name) => name.endsWith('.log'));
    const own = files.filter((file) => /skillwright/i.test(relative(dir, file)));
    assert.ok(
      own.length > 0,
      `no Skillwright log file under ${dir} (is the LogOutputChannel created?); log ` +
        `files: ${files.map((file) => relative(dir, file)).join(', ')}`,
    );
    const hosts = files.filter((file) => /(^|\/)(remote)?exthost\.log$/i.test(relative(dir, file)));
    assert.ok(hosts.length > 0, `no extension host log under ${dir}`);
    const problems = [
      ...own.flatMap((file) => errorLines(file, false).map((line) => `${relative(dir, file)}: ${line}`)),
      ...hosts.flatMap((file) => errorLines(file, true).map((line) => `${relative(dir, file)}: ${line}`)),
    ];
    assert.deepEqual(problems, [], `errors in the logs:\n${problems.join('\n')}`);
  });
});
