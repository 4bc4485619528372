import * as vscode from 'vscode';

/** A finished shell execution, as plain data for the core recorder. */
export interface TerminalExecution {
  commandLine: string;
  /** VS Code's TerminalShellExecutionCommandLineConfidence: 0 low, 1 medium, 2 high. */
  confidence: 0 | 1 | 2;
  cwd?: string;
  terminalName: string;
  /** The process name of the terminal's shell or the program it runs (e.g. `claude`). */
  terminalCreationName?: string;
  startedAt: number;
  endedAt: number;
  exitCode?: number;
  output: string;
}

/** Output beyond this is dropped while reading; the core keeps only a head-and-tail excerpt anyway. */
const MAX_BUFFERED_OUTPUT = 256 * 1024;
const SHELL_INTEGRATION_GRACE_MS = 10_000;

/**
 * Listens to every shell execution in every terminal. `execution.read()` only yields what is
 * written after it is called, so it is called synchronously in the start event.
 */
export class TerminalCapture implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly running = new Map<vscode.TerminalShellExecution, { startedAt: number; output: Promise<string> }>();
  private readonly withoutIntegration = new Set<vscode.Terminal>();
  private readonly pendingChecks = new Map<vscode.Terminal, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the set of terminals without shell integration changes. */
  readonly onDidChangeIntegration = this.changed.event;

  constructor(private readonly onExecution: (execution: TerminalExecution) => void) {
    this.disposables.push(
      this.changed,
      vscode.window.onDidStartTerminalShellExecution((event) => this.started(event)),
      vscode.window.onDidEndTerminalShellExecution((event) => void this.ended(event)),
      vscode.window.onDidOpenTerminal((terminal) => this.watchIntegration(terminal)),
      vscode.window.onDidChangeTerminalShellIntegration(({ terminal }) => this.integrated(terminal)),
      vscode.window.onDidCloseTerminal((terminal) => this.forget(terminal)),
    );
    for (const terminal of vscode.window.terminals) this.watchIntegration(terminal);
  }

  /** Names of open terminals where commands cannot be seen, so the UI can say so. */
  terminalsWithoutShellIntegration(): string[] {
    return [...this.withoutIntegration].map((terminal) => terminal.name);
  }

  private started(event: vscode.TerminalShellExecutionStartEvent): void {
    const stream = event.execution.read();
    this.running.set(event.execution, { startedAt: Date.now(), output: collect(stream) });
    this.integrated(event.terminal);
  }

  private async ended(event: vscode.TerminalShellExecutionEndEvent): Promise<void> {
    const endedAt = Date.now();
    const entry = this.running.get(event.execution);
    this.running.delete(event.execution);
    const output = entry ? await entry.output : '';
    const { commandLine, cwd } = event.execution;
    const options = event.terminal.creationOptions;
    this.onExecution({
      commandLine: commandLine.value,
      confidence: commandLine.confidence as 0 | 1 | 2,
      cwd: cwd?.fsPath,
      terminalName: event.terminal.name,
      terminalCreationName: 'shellPath' in options && typeof options.shellPath === 'string' ? options.shellPath : undefined,
      startedAt: entry?.startedAt ?? endedAt,
      endedAt,
      exitCode: event.exitCode,
      output,
    });
  }

  private watchIntegration(terminal: vscode.Terminal): void {
    if (terminal.shellIntegration || this.pendingChecks.has(terminal)) return;
    const timer = setTimeout(() => {
      this.pendingChecks.delete(terminal);
      if (!terminal.shellIntegration && vscode.window.terminals.includes(terminal)) {
        this.withoutIntegration.add(terminal);
        this.changed.fire();
      }
    }, SHELL_INTEGRATION_GRACE_MS);
    this.pendingChecks.set(terminal, timer);
  }

  private integrated(terminal: vscode.Terminal): void {
    const timer = this.pendingChecks.get(terminal);
    if (timer) clearTimeout(timer);
    this.pendingChecks.delete(terminal);
    if (this.withoutIntegration.delete(terminal)) this.changed.fire();
  }

  private forget(terminal: vscode.Terminal): void {
    this.integrated(terminal);
  }

  dispose(): void {
    for (const timer of this.pendingChecks.values()) clearTimeout(timer);
    this.pendingChecks.clear();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
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
