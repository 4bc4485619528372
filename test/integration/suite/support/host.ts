// Shared helpers for suites that run inside the real extension host: the extension's API, the
// workspace the harness opened, polling, terminals with shell integration, and git.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { SkillwrightApi } from '../../../../src/vscode/api';

export const EXTENSION_ID = 'skillwright.skillwright';
const execFileAsync = promisify(execFile);

export async function skillwrightApi(): Promise<SkillwrightApi> {
  const extension = vscode.extensions.getExtension<SkillwrightApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
  const api = await extension.activate();
  assert.ok(
    api && typeof api.whenReady === 'function',
    'activate() did not return the Skillwright API (whenReady missing)',
  );
  await api.whenReady();
  return api;
}

export function extensionPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return extension.extensionPath;
}

/** The folder the harness opened: a git repository with a planted history. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri.fsPath;
}

/** The temporary agent home (CLAUDE_CONFIG_DIR / CODEX_HOME live below it), from the harness. */
export function agentHome(): { root: string; claudeConfigDir: string; codexHome: string } {
  const root = process.env.SKILLWRIGHT_TEST_AGENT_HOME;
  const claudeConfigDir = process.env.CLAUDE_CONFIG_DIR;
  const codexHome = process.env.CODEX_HOME;
  assert.ok(
    root && claudeConfigDir && codexHome,
    'the harness did not pass SKILLWRIGHT_TEST_AGENT_HOME, CLAUDE_CONFIG_DIR and CODEX_HOME',
  );
  return { root, claudeConfigDir, codexHome };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((wake) => setTimeout(wake, ms));
}

/**
 * Calls `probe` until it returns something other than undefined, or fails after timeoutMs with
 * `describe()` (the last state seen) in the message, so a failure says what was there instead.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => string | Promise<string>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = await describe();
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms: ${detail}${cause}`);
    }
    await sleep(intervalMs);
  }
}

export function nextEvent<T>(
  event: vscode.Event<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const listener = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}

export async function waitForShellIntegration(
  terminal: vscode.Terminal,
  timeoutMs = 30_000,
): Promise<vscode.TerminalShellIntegration> {
  if (terminal.shellIntegration) return terminal.shellIntegration;
  const event = await nextEvent(
    vscode.window.onDidChangeTerminalShellIntegration,
    (candidate) => candidate.terminal === terminal,
    timeoutMs,
    'shell integration for bash',
  );
  return event.shellIntegration;
}

/**
 * Like runInTerminal, but a command whose end the host never reports is a result, not a failure:
 * on a loaded machine VS Code's shell integration now and then loses an end sequence, and a test
 * about memory over hundreds of commands should count those rather than stop at the first.
 */
export async function runInTerminalUnlessLost(
  terminal: vscode.Terminal,
  commandLine: string,
  timeoutMs: number,
): Promise<{ ended: true; exitCode: number | undefined } | { ended: false }> {
  try {
    return { ended: true, exitCode: await runInTerminal(terminal, commandLine, timeoutMs) };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`timed out after ${timeoutMs} ms waiting for the end of`))
      return { ended: false };
    throw error;
  }
}

/** Runs one command line through shell integration and waits for it to end; returns its exit code. */
export async function runInTerminal(
  terminal: vscode.Terminal,
  commandLine: string,
  timeoutMs = 30_000,
): Promise<number | undefined> {
  const shellIntegration = await waitForShellIntegration(terminal, timeoutMs);
  const started: { execution?: vscode.TerminalShellExecution } = {};
  // The execution object is the reliable key: on a loaded machine the shell may report the
  // command line it echoed back garbled (a redraw mid-line), so the text is only a fallback.
  const ended = nextEvent(
    vscode.window.onDidEndTerminalShellExecution,
    (event) =>
      event.terminal === terminal &&
      (event.execution === started.execution || event.execution.commandLine.value === commandLine),
    timeoutMs,
    `the end of \`${commandLine}\``,
  );
  const execution = shellIntegration.executeCommand(commandLine);
  started.execution = execution;
  // Drain the output, as a recorder reading it would need the stream to be consumed.
  void (async () => {
    for await (const _chunk of execution.read()) {
      // discard
    }
  })();
  return (await ended).exitCode;
}

export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, encoding: 'utf8' });
  return stdout.trim();
}

/** Every file below `dir` (recursively) whose name passes `keep`. */
export function filesBelow(dir: string, keep: (name: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesBelow(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

export function readIfFile(path: string): Buffer | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** A one-line summary of what the API holds, for failure messages. */
export async function describeStore(api: SkillwrightApi): Promise<string> {
  const events = await api.events().catch((error: unknown) => `events() failed: ${String(error)}`);
  const sessions = await api.sessions().catch((error: unknown) => `sessions() failed: ${String(error)}`);
  const label = (event: Awaited<ReturnType<SkillwrightApi['events']>>[number]): string =>
    `${event.type}:${eventLabel(event)}${event.workspaceFolder ? '' : ' (no workspace folder)'}`;
  const eventSummary = typeof events === 'string' ? events : events.map(label).join(', ');
  const byId = new Map(typeof events === 'string' ? [] : events.map((event) => [event.id, label(event)]));
  const sessionSummary =
    typeof sessions === 'string'
      ? sessions
      : sessions
          .map((session) => {
            const task = session.task ? `, task "${session.task}"` : '';
            const steps = session.eventIds.map((id) => byId.get(id) ?? id).join(' | ');
            return `${session.id}(${session.actor}${task}: ${steps})`;
          })
          .join(', ');
  return `events [${eventSummary.slice(0, 3000)}]; sessions [${sessionSummary.slice(0, 3000)}]`;
}

function eventLabel(event: Awaited<ReturnType<SkillwrightApi['events']>>[number]): string {
  switch (event.type) {
    case 'terminal':
      return `${event.commandLine}=>${String(event.exitCode)}`;
    case 'edit':
    case 'file':
      return event.type === 'file' ? `${event.op}:${event.path}` : event.path;
    case 'commit':
      return `${event.hash.slice(0, 8)} ${event.message}`;
    case 'transcript':
      return `${event.agent}/${event.step.kind}${event.step.kind === 'tool-call' ? `:${event.step.summary}` : ''}`;
    default:
      return event.type;
  }
}
