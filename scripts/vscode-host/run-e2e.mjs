#!/usr/bin/env node
// End-to-end tests of the review flow (issue 8): code-server with the development extension on a
// temporary git repository with a planted history, driven through headless Chromium like a person
// would, once in a light and once in a dark theme. Screenshots land in
// .test-output/e2e/<theme>/<step>.png. The last line printed is always `N passed, N failed`; the
// exit code is non-zero on any failure, and a step that cannot run counts as failed, never skipped.
//
//   node scripts/vscode-host/run-e2e.mjs [--theme light|dark|all] [--keep]
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { reviewFlowSteps } from '../../test/e2e/reviewFlow.mjs';
import { waitForWorkbench } from '../../test/e2e/workbench.mjs';
import { repoRoot } from './build-tests.mjs';
import { plantHistory } from './plantedHistory.mjs';
import { createAgentHome } from './testWorkspace.mjs';

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };
const { values: args } = parseArgs({
  options: { theme: { type: 'string', default: 'all' }, keep: { type: 'boolean', default: false } },
});
const outputRoot = join(repoRoot, '.test-output', 'e2e');

function say(message) {
  process.stdout.write(`${message}\n`);
}

/** A finished Claude Code session in the workspace whose task no skill covers: a gap and a session to show. */
function plantClaudeTranscript(claudeConfigDir, workspace) {
  const sessionId = randomUUID();
  const dir = join(claudeConfigDir, 'projects', workspace.replace(/[^a-zA-Z0-9]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${sessionId}.jsonl`);
  let parent = null;
  const write = (type, message, extra = {}) => {
    const uuid = randomUUID();
    const line = {
      parentUuid: parent,
      isSidechain: false,
      userType: 'external',
      cwd: workspace,
      sessionId,
      version: '2.0.42',
      gitBranch: 'main',
      type,
      message,
      uuid,
      timestamp: new Date().toISOString(),
      ...extra,
    };
    parent = uuid;
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  write('user', { role: 'user', content: 'Rotate the Kafka consumer credentials for the staging cluster' });
  write('assistant', {
    id: 'msg_e2e_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [
      {
        type: 'tool_use',
        id: 'toolu_e2e_1',
        name: 'Bash',
        input: { command: 'npm test', description: 'Run the tests' },
      },
    ],
    usage: { input_tokens: 1000, output_tokens: 30 },
  });
  write(
    'user',
    {
      role: 'user',
      content: [{ tool_use_id: 'toolu_e2e_1', type: 'tool_result', content: '# pass 8\n# fail 0', is_error: false }],
    },
    { toolUseResult: { stdout: '# pass 8\n# fail 0', stderr: '', interrupted: false } },
  );
  write('assistant', {
    id: 'msg_e2e_2',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5-20250929',
    content: [{ type: 'text', text: 'I could not find how credentials are rotated here.' }],
    usage: { input_tokens: 900, output_tokens: 20 },
  });
}

async function runTheme(themeKey, startVsCodeHost) {
  const theme = THEMES[themeKey];
  const shotDir = join(outputRoot, themeKey);
  rmSync(shotDir, { recursive: true, force: true });
  mkdirSync(shotDir, { recursive: true });
  const workspace = plantHistory(mkdtempSync(join(tmpdir(), 'skillwright-e2e-')));
  const agentHome = createAgentHome('skillwright-e2e-home-');
  const home = join(agentHome.root, 'home');
  mkdirSync(home, { recursive: true });
  const results = [];
  const started = Date.now();
  say(`\n== e2e: ${theme} ==`);
  let host;
  try {
    host = await startVsCodeHost({
      workspaceFolder: workspace,
      extensionDevelopmentPath: repoRoot,
      colorTheme: theme,
      env: {
        HOME: home,
        CLAUDE_CONFIG_DIR: agentHome.claudeConfigDir,
        CODEX_HOME: agentHome.codexHome,
        GEMINI_CLI_HOME: home,
      },
      userSettings: { 'workbench.activityBar.location': 'default', 'window.commandCenter': false },
      keepUserDataDir: args.keep,
    });
    await waitForWorkbench(host.page);
    // Let start-up notifications and extension activation settle before the first screenshot.
    await host.page.waitForTimeout(3000);
  } catch (error) {
    results.push({ name: 'start code-server with the extension', ok: false, detail: error.message.slice(0, 3000) });
    await host?.stop();
    return results;
  }

  const steps = reviewFlowSteps({
    page: host.page,
    workspace,
    shotDir,
    plantTranscript: () => plantClaudeTranscript(agentHome.claudeConfigDir, workspace),
  });
  const failed = new Set();
  for (const step of steps) {
    const blocked = (step.needs ?? []).filter((name) => failed.has(name));
    if (blocked.length > 0) {
      failed.add(step.name);
      results.push({ name: step.name, ok: false, detail: `not run: it needs ${blocked.join(', ')}, which failed` });
      say(`  FAIL ${step.name} (not run: needs ${blocked.join(', ')})`);
      continue;
    }
    const stepStarted = Date.now();
    try {
      await step.run();
      results.push({ name: step.name, ok: true, ms: Date.now() - stepStarted });
      say(`  ok   ${step.name} (${Date.now() - stepStarted} ms)`);
    } catch (error) {
      failed.add(step.name);
      const shot = join(shotDir, `${step.name}.failed.png`);
      await host.page.screenshot({ path: shot }).catch(() => undefined);
      results.push({ name: step.name, ok: false, detail: `${error.message}\n(screenshot ${shot})` });
      say(`  FAIL ${step.name}: ${error.message.split('\n')[0]}`);
    }
  }

  if (failed.size > 0) {
    writeFileSync(
      join(shotDir, 'diagnostics.txt'),
      `--- extension host logs ---\n${host.extensionHostLog(8000)}\n--- code-server and browser output ` +
        `---\n${host.logs().slice(-8000)}\n`,
    );
  }
  say(`  (${theme} took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shotDir})`);
  await host.stop();
  if (args.keep) say(`  kept workspace ${workspace}, agent home ${agentHome.root}, user data ${host.userDataDir}`);
  else {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(agentHome.root, { recursive: true, force: true });
  }
  return results;
}

async function main() {
  const started = Date.now();
  const themes = args.theme === 'all' ? Object.keys(THEMES) : [args.theme];
  for (const theme of themes) if (!THEMES[theme]) throw new Error(`--theme must be light, dark or all (got ${theme})`);
  say('building the extension (node esbuild.config.mjs)');
  const build = spawnSync(process.execPath, ['esbuild.config.mjs'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new Error('the extension build failed');
  const { startVsCodeHost } = await import('./codeServerHost.mjs');
  const all = [];
  for (const theme of themes) {
    for (const result of await runTheme(theme, startVsCodeHost)) all.push({ ...result, theme });
  }
  const failures = all.filter((result) => !result.ok);
  if (failures.length > 0) {
    say('\nfailures:');
    for (const failure of failures)
      say(`  [${failure.theme}] ${failure.name}\n    ${failure.detail.split('\n').join('\n    ')}`);
  }
  mkdirSync(outputRoot, { recursive: true });
  writeFileSync(join(outputRoot, 'results.json'), `${JSON.stringify(all, null, 2)}\n`);
  say(`\ne2e tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const passed = all.length - failures.length;
  say(`${passed} passed, ${failures.length} failed`);
  return failures.length === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`e2e tests could not run: ${error.message}\n`);
    say('0 passed, 1 failed');
    process.exit(1);
  },
);
