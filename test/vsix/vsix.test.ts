// Packages the extension the way a release would (`vsce package --no-dependencies` after a
// production build), checks what the VSIX holds, then installs it into a fresh code-server with
// `--install-extension`, as a user would, and checks that it activates there.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { extensionHostLogTail, installVsix, startVsCodeHost } from '../../scripts/vscode-host/codeServerHost.mjs';
import { createTestWorkspace } from '../../scripts/vscode-host/testWorkspace.mjs';
import { zipEntryNames } from './zipEntries';

const repoRoot = resolve(__dirname, '..', '..');
const EXTENSION_ID = 'skillwright.skillwright';
const work = mkdtempSync(join(tmpdir(), 'skillwright-vsix-'));
const vsixPath = join(work, 'skillwright.vsix');
let entries: string[] = [];

function run(command: string, args: readonly string[]): void {
  // stdin is closed so a vsce confirmation prompt fails fast instead of hanging CI.
  execFileSync(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

before(() => {
  run(process.execPath, ['esbuild.config.mjs', '--production']);
  run(join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '-o', vsixPath]);
  entries = zipEntryNames(vsixPath);
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('the VSIX holds the bundles, the wasm, media, bundled skills and the docs', () => {
  const files = [
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/dist/cli.js',
    'extension/dist/sql-wasm.wasm',
  ];
  assert.deepEqual(
    files.filter((file) => !entries.includes(file)),
    [],
    'missing files',
  );
  const folders = ['extension/media/', 'extension/skills/'];
  assert.deepEqual(
    folders.filter((folder) => !entries.some((entry) => entry.startsWith(folder))),
    [],
    'missing folders',
  );
  // vsce renames docs (LICENSE -> LICENSE.txt, CHANGELOG.md -> changelog.md), hence the patterns.
  const docs = {
    README: /^extension\/readme\.md$/i,
    CHANGELOG: /^extension\/changelog\.md$/i,
    LICENSE: /^extension\/license(\.md|\.txt)?$/i,
  };
  const missingDocs = Object.entries(docs).filter(([, pattern]) => !entries.some((entry) => pattern.test(entry)));
  assert.deepEqual(
    missingDocs.map(([name]) => name),
    [],
    'missing docs',
  );
});

test('the VSIX leaves out sources, tests, source maps and dependencies', () => {
  const forbidden = entries.filter(
    (entry) =>
      /^extension\/(src|test|out|bench|scripts|node_modules|\.tools|\.ci|\.test-output)\//.test(entry) ||
      /\.map$/.test(entry) ||
      /\.tsx?$/.test(entry) ||
      /(^|\/)node_modules\//.test(entry),
  );
  assert.deepEqual(forbidden, []);
});

test(
  'installed with --install-extension, the packaged extension activates in code-server',
  { timeout: 180_000 },
  async () => {
    const extensionsDir = join(work, 'extensions');
    const userDataDir = join(work, 'user-data');
    installVsix(vsixPath, extensionsDir, userDataDir);
    const installed = readdirSync(extensionsDir).filter((name) => name.startsWith(`${EXTENSION_ID}-`));
    assert.equal(installed.length, 1, `expected one installed ${EXTENSION_ID} in ${extensionsDir}`);
    assert.ok(existsSync(join(extensionsDir, installed[0] ?? '', 'dist', 'extension.js')));

    const workspace = createTestWorkspace();
    const host = await startVsCodeHost({ workspaceFolder: workspace, userDataDir, extensionsDir });
    try {
      // The extension host log is the signal: it logs `_doActivateExtension <id>` when activation
      // starts and `Activating extension '<id>' failed` if activate() throws or the bundle fails to load.
      const started = await waitFor(
        () => /_doActivateExtension skillwright\.skillwright\b/.test(extensionHostLogTail(userDataDir, 1e6)),
        90_000,
      );
      assert.ok(
        started,
        `the extension never started activating\n${extensionHostLogTail(userDataDir)}\n${host.logs().slice(-3000)}`,
      );
      await new Promise((wake) => setTimeout(wake, 3000));
      const log = extensionHostLogTail(userDataDir, 1e6);
      assert.doesNotMatch(log, /Activating extension '?skillwright\.skillwright'? failed/);
      // The user-visible half: the Skillwright container is in the activity bar.
      await host.page
        .getByRole('tab', { name: /Skillwright/ })
        .first()
        .waitFor({ state: 'visible', timeout: 30_000 });
    } finally {
      await host.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  },
);

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((wake) => setTimeout(wake, 500));
  }
  return check();
}
