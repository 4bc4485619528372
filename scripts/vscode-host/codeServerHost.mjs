// Starts a real VS Code (code-server 4.100.3: VS Code 1.100.3 server + web workbench) and a
// headless Chromium page showing it. Integration tests use it to run Mocha suites inside the real
// extension host; end-to-end tests use the returned Playwright `page` to drive the UI like a person.
//
//   const host = await startVsCodeHost({ workspaceFolder: '/tmp/ws' });
//   await host.page.keyboard.press('Control+Shift+P');
//   await host.stop();
import { spawn, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureCodeServer } from './install-code-server.mjs';
import { findChromiumPath } from './system-packages.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Keep the first-run experience out of the way so tests and screenshots see the workbench itself.
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
};

/**
 * @typedef {object} VsCodeHostOptions
 * @property {string} workspaceFolder absolute path of the folder to open
 * @property {string} [extensionDevelopmentPath] load this folder as a development extension
 * @property {string} [extensionTestsPath] folder holding index.js that exports run(); runs inside the extension host
 * @property {Record<string, unknown>} [userSettings] merged into User/settings.json
 * @property {string} [colorTheme] e.g. 'Default Light Modern' / 'Default Dark Modern' (sets workbench.colorTheme)
 * @property {Record<string, string>} [env] extra environment for code-server and so for the extension host
 * @property {boolean} [trust] leave workspace trust on (the folder opens untrusted, i.e. Restricted Mode)
 * @property {string} [userDataDir] reuse this user-data dir instead of a fresh temporary one
 * @property {string} [extensionsDir] installed-extensions dir (defaults to <userDataDir>/extensions)
 * @property {{width: number, height: number}} [viewport] browser viewport, default 1400x900
 * @property {number} [startTimeoutMs] how long to wait for the server to listen, default 60 s
 * @property {boolean} [keepUserDataDir] do not delete a temporary user-data dir on stop()
 */

/**
 * @typedef {object} VsCodeHost
 * @property {import('playwright-core').Page} page
 * @property {import('playwright-core').Browser} browser
 * @property {string} url the workbench URL the page opened
 * @property {number} port
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {(timeoutMs: number) => Promise<number>} waitForTestsExit resolves with the exit code the workbench reports
 * once extensionTestsPath's run() settles (0 ok, 1 failed); rejects on timeout
 * @property {() => string} logs server output plus browser console, in arrival order
 * @property {(maxChars?: number) => string} extensionHostLog the tail of the extension host's own log files
 * @property {() => Promise<void>} stop closes the browser, ends code-server, removes a temporary user-data dir
 */

/** @returns {Promise<number>} a port that was free on 127.0.0.1 a moment ago */
export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** @returns {string} path of the Chromium to drive, or throws saying how to install one */
export function findChromium() {
  const path = findChromiumPath();
  if (path) return path;
  throw new Error(
    `no Chromium found (looked for SKILLWRIGHT_CHROMIUM, chromium, chromium-browser, google-chrome); on Debian ` +
      `run: sudo apt-get install -y --no-install-recommends chromium`,
  );
}

/** Builds the workbench URL; paths are turned into vscode-remote URIs on this server. */
export function workbenchUrl({ port, workspaceFolder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${resolve(path)}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams({ folder: resolve(workspaceFolder), payload: JSON.stringify(payload) });
  return `http://127.0.0.1:${port}/?${query.toString()}`;
}

/** Installs a VSIX into an extensions dir the way a user would (code-server --install-extension). */
export function installVsix(vsixPath, extensionsDir, userDataDir) {
  const entry = ensureCodeServer();
  mkdirSync(extensionsDir, { recursive: true });
  return execFileSync(
    process.execPath,
    [
      entry,
      '--extensions-dir',
      extensionsDir,
      ...(userDataDir ? ['--user-data-dir', userDataDir] : []),
      '--install-extension',
      resolve(vsixPath),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * @param {VsCodeHostOptions} options
 * @returns {Promise<VsCodeHost>}
 */
export async function startVsCodeHost(options) {
  const entry = ensureCodeServer();
  const chromiumPath = findChromium();
  const temporaryUserData = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'skillwright-vscode-'));
  const extensionsDir = options.extensionsDir ?? join(userDataDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(userSettingsFor(options), null, 2)}\n`);

  const port = await freePort();
  const output = [];
  const append = (source) => (chunk) => output.push(`[${source}] ${String(chunk)}`);
  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(options.trust ? [] : ['--disable-workspace-trust']),
  ];
  const server = spawn(process.execPath, args, {
    cwd: options.workspaceFolder,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server.stdout.on('data', append('server'));
  server.stderr.on('data', append('server'));
  let serverExit;
  const serverExited = new Promise((resolveExit) =>
    server.once('exit', (code, signal) => {
      serverExit = signal ?? code;
      resolveExit();
    }),
  );

  let browser;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    if (serverExit === undefined) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killTimer = setTimeout(() => {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await serverExited;
      clearTimeout(killTimer);
    }
    if (temporaryUserData && !options.keepUserDataDir) rmSync(userDataDir, { recursive: true, force: true });
  };

  try {
    await waitForServer(
      port,
      options.startTimeoutMs ?? 60_000,
      () => serverExit,
      () => output.join(''),
    );
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    page.on('console', (message) => output.push(`[browser:${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => output.push(`[browser:pageerror] ${error.message}\n`));

    let reportExit;
    const testsExited = new Promise((resolveCode) => (reportExit = resolveCode));
    // Must exist before the workbench loads: it calls this once extensionTestsPath's run() settles.
    await page.exposeFunction('codeAutomationExit', (code) => {
      reportExit(typeof code === 'number' ? code : Number(code));
    });
    const url = workbenchUrl({
      port,
      ...options,
      extensionDevelopmentPath: developmentPathFor(options.extensionDevelopmentPath, entry, userDataDir),
    });
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    return {
      page,
      browser,
      url,
      port,
      userDataDir,
      extensionsDir,
      waitForTestsExit: (timeoutMs) =>
        withTimeout(
          testsExited,
          timeoutMs,
          `the extension tests did not finish within ${Math.round(timeoutMs / 1000)} s`,
        ),
      logs: () => output.join(''),
      extensionHostLog: (maxChars = 8000) => extensionHostLogTail(userDataDir, maxChars),
      stop,
    };
  } catch (error) {
    const log = output.join('').slice(-4000);
    await stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- code-server output (tail) ---\n${log}`,
    );
  }
}

/**
 * The workbench treats every theme found below the development extension's folder as the
 * extension's own and applies the first one, ignoring workbench.colorTheme. code-server lives in
 * the repository's .tools/, so its built-in themes are below the repository; a symlink elsewhere
 * keeps the development extension's location apart from them.
 */
function developmentPathFor(extensionDevelopmentPath, codeServerEntry, userDataDir) {
  if (!extensionDevelopmentPath) return undefined;
  const inside = relative(resolve(extensionDevelopmentPath), codeServerEntry);
  if (inside.startsWith('..') || isAbsolute(inside)) return extensionDevelopmentPath;
  const link = join(userDataDir, 'development-extension');
  if (!existsSync(link)) symlinkSync(resolve(extensionDevelopmentPath), link, 'dir');
  return link;
}

function userSettingsFor(options) {
  return {
    ...BASE_SETTINGS,
    'security.workspace.trust.enabled': Boolean(options.trust),
    ...(options.trust ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
    ...(options.colorTheme ? { 'workbench.colorTheme': options.colorTheme } : {}),
    ...options.userSettings,
  };
}

async function waitForServer(port, timeoutMs, exitStatus, output) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitStatus() !== undefined) throw new Error(`code-server exited (${exitStatus()}) before listening`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 200));
  }
  throw new Error(`code-server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms\n${output().slice(-2000)}`);
}

function withTimeout(promise, timeoutMs, message) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), timeoutMs)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Newest extension-host log files under <userDataDir>/logs (server side), tails concatenated. */
export function extensionHostLogTail(userDataDir, maxChars = 8000) {
  // The host's own log (activation lines, extension errors) and anything Skillwright logs itself;
  // other built-in extensions' logs (git, github) are noise here.
  const logsDir = join(userDataDir, 'logs');
  const files = listFiles(logsDir).filter((path) => {
    const name = relative(logsDir, path);
    return name.endsWith('.log') && (/(^|[/\\])(remote)?exthost\.log$/i.test(name) || /skillwright/i.test(name));
  });
  if (files.length === 0) return '(no extension host log found)';
  return files
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((path) => `--- ${path} ---\n${readFileSync(path, 'utf8').slice(-maxChars)}`)
    .join('\n');
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}
