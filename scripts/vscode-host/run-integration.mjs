#!/usr/bin/env node
// Runs the integration suites (test/integration/suite) inside a real VS Code extension host.
//
//   node scripts/vscode-host/run-integration.mjs [--pass all|trusted|untrusted] [--grep TEXT] [--keep]
//
// Host: desktop VS Code through @vscode/test-electron when VSCODE_EXECUTABLE names one, otherwise
// code-server 4.100.3 (installed on demand into .tools/, with the Debian packages it needs) driven
// by headless Chromium.
// Passes: `trusted` runs every suite except *.untrusted.* with workspace trust disabled;
// `untrusted` turns trust on, so the folder opens in Restricted Mode, and runs only *.untrusted.*.
// Results land in .test-output/integration/<pass>.json(.txt). The last line printed is always
// `N passed, N failed[, N skipped]`; the exit code is non-zero on any failure or if no host can start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIntegrationTests, findSuiteFiles, repoRoot } from './build-tests.mjs';
import { createAgentHome, createTestWorkspace } from './testWorkspace.mjs';

const { values: args } = parseArgs({
  options: {
    pass: { type: 'string', default: 'all' },
    grep: { type: 'string', default: process.env.SKILLWRIGHT_TEST_GREP ?? '' },
    keep: { type: 'boolean', default: false },
  },
});
const TOTAL_TIMEOUT_MS = Number(process.env.SKILLWRIGHT_INTEGRATION_TIMEOUT_MS) || 10 * 60_000;
const outputDir = join(repoRoot, '.test-output', 'integration');
const deadline = Date.now() + TOTAL_TIMEOUT_MS;

class HostUnavailableError extends Error {}

function say(message) {
  process.stdout.write(`${message}\n`);
}

function timeLeft() {
  return Math.max(deadline - Date.now(), 1000);
}

function selectedPasses() {
  if (!['all', 'trusted', 'untrusted'].includes(args.pass))
    throw new Error(`--pass must be all, trusted or untrusted (got ${args.pass})`);
  const files = findSuiteFiles().map((path) => relative(repoRoot, path));
  const untrusted = files.filter((file) => file.includes('.untrusted.'));
  const passes = [];
  if (args.pass !== 'untrusted') passes.push('trusted');
  if (args.pass !== 'trusted') {
    if (untrusted.length > 0) passes.push('untrusted');
    else say('note: no *.untrusted.* suite files, so there is no Restricted Mode pass');
  }
  return passes;
}

/**
 * The extension host inherits code-server's environment, so this is how the tests reach it. HOME
 * and the agents' own overrides point at a temporary agent home: the extension sees no real
 * transcripts of this machine, and the tests can play an agent by writing transcript files there.
 */
function testEnv(pass, resultsPath, workspace, agentHome) {
  return {
    HOME: join(agentHome.root, 'home'),
    CLAUDE_CONFIG_DIR: agentHome.claudeConfigDir,
    CODEX_HOME: agentHome.codexHome,
    GEMINI_CLI_HOME: join(agentHome.root, 'home'),
    SKILLWRIGHT_TEST_AGENT_HOME: agentHome.root,
    SKILLWRIGHT_TEST_WORKSPACE: workspace,
    SKILLWRIGHT_TEST_RESULTS: resultsPath,
    SKILLWRIGHT_TEST_PASS: pass,
    SKILLWRIGHT_TEST_GREP: args.grep,
    ...(process.env.SKILLWRIGHT_TEST_TIMEOUT_MS
      ? { SKILLWRIGHT_TEST_TIMEOUT_MS: process.env.SKILLWRIGHT_TEST_TIMEOUT_MS }
      : {}),
  };
}

function readReport(resultsPath) {
  try {
    return JSON.parse(readFileSync(resultsPath, 'utf8'));
  } catch {
    return undefined;
  }
}

async function waitUntil(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 100));
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** code-server + Chromium: the host that works on machines without a VS Code download. */
async function runInCodeServer(pass, workspace, agentHome, extensionTestsPath, resultsPath) {
  let startVsCodeHost;
  try {
    ({ startVsCodeHost } = await import('./codeServerHost.mjs'));
  } catch (error) {
    throw new HostUnavailableError(
      `cannot load the code-server host (is playwright-core installed? run npm ci): ${error.message}`,
    );
  }
  // Made here, not by startVsCodeHost, so the tests can be told where the host's logs land.
  const userDataDir = mkdtempSync(join(tmpdir(), 'skillwright-vscode-'));
  let host;
  try {
    host = await startVsCodeHost({
      userDataDir,
      workspaceFolder: workspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      trust: pass === 'untrusted',
      env: { ...testEnv(pass, resultsPath, workspace, agentHome), SKILLWRIGHT_TEST_USER_DATA_DIR: userDataDir },
    });
  } catch (error) {
    if (!args.keep) rmSync(userDataDir, { recursive: true, force: true });
    throw new HostUnavailableError(`code-server could not start: ${error.message}`);
  }
  try {
    const exitCode = await host.waitForTestsExit(timeLeft()).catch((error) => error);
    const problem =
      exitCode instanceof Error
        ? `${exitCode.message}; the whole run may take ${TOTAL_TIMEOUT_MS / 1000} s ` +
          `(SKILLWRIGHT_INTEGRATION_TIMEOUT_MS)`
        : exitCode === 0
          ? undefined
          : `the extension host reported exit code ${exitCode}`;
    // The extension host flushes its log files as it exits, which is just after it reports.
    if (problem) await waitUntil(() => /Extension Host Process exited/.test(host.logs()), 5000);
    // Read now: stop() deletes the user-data dir that holds the extension host logs.
    const diagnostics =
      `--- extension host logs (${host.userDataDir}/logs) ---\n${host.extensionHostLog(6000)}\n` +
      `--- code-server and browser output (tail) ---\n${host.logs().slice(-6000)}`;
    return { exitCode: typeof exitCode === 'number' ? exitCode : 1, problem, diagnostics: () => diagnostics };
  } finally {
    await host.stop();
    if (args.keep) say(`kept user-data dir ${userDataDir}`);
    else rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** Desktop VS Code via @vscode/test-electron (developer laptops, public CI with a VS Code install). */
async function runInDesktop(pass, workspace, agentHome, extensionTestsPath, resultsPath) {
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!existsSync(vscodeExecutablePath))
    throw new HostUnavailableError(`VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist`);
  const extensionTestsEnv = testEnv(pass, resultsPath, workspace, agentHome);
  if (pass === 'trusted') {
    const { runTests } = await import('@vscode/test-electron');
    const run = runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspace],
      extensionTestsEnv,
    })
      .then(() => 0)
      .catch((error) => error);
    const outcome = await withTimeout(run, timeLeft(), 'VS Code did not finish the tests in time').catch(
      (error) => error,
    );
    return {
      exitCode: outcome === 0 ? 0 : 1,
      problem: outcome === 0 ? undefined : String(outcome?.message ?? outcome),
      diagnostics: () => '',
    };
  }
  // runTests() always adds --disable-workspace-trust, so Restricted Mode needs its own launch.
  const userDataDir = mkdtempSync(join(tmpdir(), 'skillwright-vscode-desktop-'));
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }),
  );
  const child = spawn(
    vscodeExecutablePath,
    [
      workspace,
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-updates',
      '--skip-welcome',
      '--skip-release-notes',
      `--extensionDevelopmentPath=${repoRoot}`,
      `--extensionTestsPath=${extensionTestsPath}`,
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${join(userDataDir, 'extensions')}`,
    ],
    { env: { ...process.env, ...extensionTestsEnv }, stdio: 'inherit' },
  );
  const code = await withTimeout(
    new Promise((resolve) => child.once('exit', (status) => resolve(status ?? 1))),
    timeLeft(),
    'VS Code did not finish the tests in time',
  ).catch((error) => {
    child.kill();
    return error;
  });
  if (!args.keep) rmSync(userDataDir, { recursive: true, force: true });
  return {
    exitCode: code === 0 ? 0 : 1,
    problem: code === 0 ? undefined : String(code?.message ?? `VS Code exited with ${code}`),
    diagnostics: () => '',
  };
}

async function runPass(pass, extensionTestsPath) {
  const workspace = createTestWorkspace();
  const agentHome = createAgentHome();
  mkdirSync(join(agentHome.root, 'home'), { recursive: true });
  const resultsPath = join(outputDir, `${pass}.json`);
  rmSync(resultsPath, { force: true });
  rmSync(`${resultsPath}.txt`, { force: true });
  const desktop = Boolean(process.env.VSCODE_EXECUTABLE);
  const host = desktop ? `VS Code desktop ${process.env.VSCODE_EXECUTABLE}` : 'code-server 4.100.3';
  const mode = pass === 'untrusted' ? ', Restricted Mode' : '';
  say(`\n== ${pass} pass (${host}${mode}) ==`);
  const started = Date.now();
  try {
    const outcome = await (desktop ? runInDesktop : runInCodeServer)(
      pass,
      workspace,
      agentHome,
      extensionTestsPath,
      resultsPath,
    );
    const report = readReport(resultsPath);
    if (report) process.stdout.write(readFileSync(`${resultsPath}.txt`, 'utf8'));
    let problem = outcome.problem;
    if (!report) problem ??= 'the tests wrote no results (did run() load?)';
    else if (!report.finished) problem ??= 'the test run did not finish';
    say(`(${pass} pass took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (problem || (report?.failed ?? 0) > 0) {
      if (problem) say(`problem: ${problem}`);
      const diagnostics = outcome.diagnostics();
      if (diagnostics) say(diagnostics);
    }
    return {
      passed: report?.passed ?? 0,
      failed: (report?.failed ?? 0) + (problem && !(report?.failed > 0) ? 1 : 0),
      skipped: report?.skipped ?? 0,
    };
  } finally {
    if (args.keep) say(`kept workspace ${workspace} and agent home ${agentHome.root}`);
    else {
      rmSync(workspace, { recursive: true, force: true });
      rmSync(agentHome.root, { recursive: true, force: true });
    }
  }
}

async function main() {
  const started = Date.now();
  say('building the extension (node esbuild.config.mjs)');
  const build = spawnSync(process.execPath, ['esbuild.config.mjs'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new Error('the extension build failed');
  say('building the integration tests');
  const extensionTestsPath = await buildIntegrationTests();
  mkdirSync(outputDir, { recursive: true });
  if (!process.env.VSCODE_EXECUTABLE) {
    try {
      const { ensureCodeServer } = await import('./install-code-server.mjs');
      ensureCodeServer();
    } catch (error) {
      throw new HostUnavailableError(`the code-server host could not be set up: ${error.message}`);
    }
  }
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const pass of selectedPasses()) {
    const result = await runPass(pass, extensionTestsPath);
    totals.passed += result.passed;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
  }
  say(`\nintegration tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
  const summary = `${totals.passed} passed, ${totals.failed} failed${skipped}`;
  say(summary);
  return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const reason = error instanceof HostUnavailableError ? 'no VS Code host could start' : 'the integration run failed';
    process.stderr.write(`integration tests could not run: ${reason}: ${error.message}\n`);
    say('0 passed, 1 failed');
    process.exit(1);
  },
);
