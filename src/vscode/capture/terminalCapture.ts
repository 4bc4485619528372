import { sep } from 'node:path';
import * as vscode from 'vscode';
import type { Recorder } from '../../core/capture/recorder';
import { Disposable } from '../lifecycle';

/** Output beyond this is dropped while reading; core keeps only a head-and-tail excerpt anyway. */
const MAX_BUFFERED_OUTPUT = 256 * 1024;
const SHELL_INTEGRATION_GRACE_MS = 10_000;

/**
 * Listens to every shell execution in every terminal and hands plain data to the recorder.
 * `execution.read()` only yields what is written after it is called, so it is called
 * synchronously in the start event.
 */
export class TerminalCapture extends Disposable {
  private readonly running = new Map<vscode.TerminalShellExecution, { startedAt: number; output: Promise<string> }>();
  private readonly pendingChecks = new Map<vscode.Terminal, ReturnType<typeof setTimeout>>();
  private readonly ids = new WeakMap<vscode.Terminal, string>();
  private readonly executionTerminals = new WeakMap<vscode.TerminalShellExecution, vscode.Terminal>();
  private nextId = 0;

  constructor(private readonly recorder: Recorder) {
    super();
    this._register(vscode.window.onDidStartTerminalShellExecution((event) => this.started(event)));
    this._register(vscode.window.onDidEndTerminalShellExecution((event) => void this.ended(event)));
    this._register(vscode.window.onDidOpenTerminal((terminal) => this.watchIntegration(terminal)));
    this._register(vscode.window.onDidChangeTerminalShellIntegration(({ terminal }) => this.integrated(terminal)));
    this._register(vscode.window.onDidCloseTerminal((terminal) => this.closed(terminal)));
    for (const terminal of vscode.window.terminals) this.watchIntegration(terminal);
  }

  private idOf(terminal: vscode.Terminal): string {
    let id = this.ids.get(terminal);
    if (!id) {
      id = `terminal-${this.nextId++}`;
      this.ids.set(terminal, id);
    }
    return id;
  }

  private started(event: vscode.TerminalShellExecutionStartEvent): void {
    const stream = event.execution.read();
    const startedAt = Date.now();
    this.executionTerminals.set(event.execution, event.terminal);
    // A stream that fails midway gives no excerpt; the command itself is recorded anyway.
    this.running.set(event.execution, { startedAt, output: collect(stream).catch(() => '') });
    this.integrated(event.terminal);
    this.recorder.onTerminalExecutionStarted({
      terminalName: event.terminal.name,
      commandLine: event.execution.commandLine.value,
      startedAt,
      ...workspaceFolderOf(cwdOf(event.execution, event.terminal)),
    });
  }

  private async ended(event: vscode.TerminalShellExecutionEndEvent): Promise<void> {
    const endedAt = Date.now();
    const entry = this.running.get(event.execution);
    this.running.delete(event.execution);
    const output = entry ? await entry.output : '';
    const { commandLine } = event.execution;
    const cwd = cwdOf(event.execution, event.terminal);
    this.recorder.onTerminalExecutionEnded({
      commandLine: commandLine.value,
      confidence: commandLine.confidence as 0 | 1 | 2,
      ...(cwd ? { cwd } : {}),
      terminalName: event.terminal.name,
      startedAt: entry?.startedAt ?? endedAt,
      endedAt,
      ...(event.exitCode === undefined ? {} : { exitCode: event.exitCode }),
      output,
      ...workspaceFolderOf(cwd),
    });
  }

  private watchIntegration(terminal: vscode.Terminal): void {
    if (terminal.shellIntegration || this.pendingChecks.has(terminal)) return;
    const timer = setTimeout(() => {
      this.pendingChecks.delete(terminal);
      if (!terminal.shellIntegration && vscode.window.terminals.includes(terminal)) {
        this.recorder.onTerminalShellIntegrationMissing(this.idOf(terminal), terminal.name);
      }
    }, SHELL_INTEGRATION_GRACE_MS);
    this.pendingChecks.set(terminal, timer);
  }

  private integrated(terminal: vscode.Terminal): void {
    const timer = this.pendingChecks.get(terminal);
    if (timer) clearTimeout(timer);
    this.pendingChecks.delete(terminal);
    this.recorder.onTerminalShellIntegrationActivated(this.idOf(terminal));
  }

  private closed(terminal: vscode.Terminal): void {
    // Executions of a closed terminal that never ended would otherwise stay here for good.
    for (const execution of [...this.running.keys()])
      if (this.executionTerminals.get(execution) === terminal) this.running.delete(execution);
    const timer = this.pendingChecks.get(terminal);
    if (timer) clearTimeout(timer);
    this.pendingChecks.delete(terminal);
    this.recorder.onTerminalClosed(this.idOf(terminal), terminal.name);
  }

  override dispose(): void {
    for (const timer of this.pendingChecks.values()) clearTimeout(timer);
    this.pendingChecks.clear();
    super.dispose();
  }
}

/**
 * The command's working directory as a local path. The execution often has no cwd of its own, and
 * in web hosts (code-server) the shell reports it under a `vscode-local:` URI whose path is the
 * file-system path, so it is read from the path rather than matched by URI scheme.
 */
function cwdOf(execution: vscode.TerminalShellExecution, terminal: vscode.Terminal): string | undefined {
  const uri = execution.cwd ?? terminal.shellIntegration?.cwd;
  if (!uri) return undefined;
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** The deepest workspace folder containing cwd; the first folder when the cwd is unknown or outside. */
function workspaceFolderOf(cwd: string | undefined): { workspaceFolder?: string } {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const containing = cwd
    ? folders
        .map((folder) => folder.uri.fsPath)
        .filter((path) => cwd === path || cwd.startsWith(path.endsWith(sep) ? path : `${path}${sep}`))
        .sort((a, b) => b.length - a.length)[0]
    : undefined;
  const folder = containing ?? folders[0]?.uri.fsPath;
  return folder ? { workspaceFolder: folder } : {};
}

async function collect(stream: AsyncIterable<string>): Promise<string> {
  const head: string[] = [];
  let headSize = 0;
  let tail = '';
  let dropped = false;
  for await (const chunk of stream) {
    if (headSize < MAX_BUFFERED_OUTPUT / 2) {
      head.push(chunk);
      headSize += chunk.length;
    } else {
      const joined = tail + chunk;
      dropped ||= joined.length > MAX_BUFFERED_OUTPUT / 2;
      tail = joined.slice(-MAX_BUFFERED_OUTPUT / 2);
    }
  }
  return head.join('') + (dropped ? '\n[…]\n' : '') + tail;
}
