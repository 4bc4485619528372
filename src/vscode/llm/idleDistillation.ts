import * as vscode from 'vscode';
import { agentFromCommandLine } from '../../core/model/agentSignatures';
import { isAgent } from '../../core/model/agents';
import type { RecordingRuntime } from '../runtime/recording';
import { readSettings } from '../settings';
import type { ModelDistillation } from './modelDistillation';
import { Disposable } from '../lifecycle';
import { errorMessage } from '../../core/util/errorMessage';

const CHECK_INTERVAL_MS = 30_000;
/** Background runs start at most this often, whatever they found. */
const MIN_RUN_INTERVAL_MS = 30 * 60_000;

export interface IdleState {
  now: number;
  idleMs: number;
  focused: boolean;
  /** Last text edit or terminal command, by anyone: work, whether or not the window has focus. */
  lastWork: number;
  /** Last sign of the user at the window: focus, cursor moves. */
  lastPresence: number;
  agentExecutions: number;
  lastAgentEvent: number | undefined;
}

/**
 * Why a background run may not start (or go on) now, or undefined when it may. Work and agents
 * always count; the user's mere presence counts only while the window has focus.
 */
export function busyReason(state: IdleState): string | undefined {
  if (state.agentExecutions > 0) return 'an agent is running in a terminal';
  if (state.lastAgentEvent !== undefined && state.now - state.lastAgentEvent < state.idleMs)
    return 'an agent session is active';
  if (state.now - state.lastWork < state.idleMs) return 'files were edited or terminal commands run recently';
  if (state.focused && state.now - state.lastPresence < state.idleMs) return 'the user is at the window';
  return undefined;
}

/**
 * Opportunistic scheduling of model distillation: a background run starts only when the user has
 * not edited or used a terminal for skillwright.llm.idleMinutes (or the window is unfocused), no
 * agent is at work, the workspace is trusted and a provider is set; at most one run, at most once
 * per MIN_RUN_INTERVAL_MS. The moment the user is back, the run is cancelled.
 */
export class IdleDistillation extends Disposable {
  private lastWork = Date.now();
  private lastPresence = Date.now();
  private lastRun = 0;
  /** Running agent commands (`claude`, `codex` …) and their terminals. */
  private readonly agentExecutions = new Map<vscode.TerminalShellExecution, vscode.Terminal>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly distillation: ModelDistillation,
    private readonly recording: RecordingRuntime,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    for (const listener of [
      vscode.workspace.onDidChangeTextDocument((event) => {
        // Output channels (our own log included) are documents too; only the user's files count.
        if (
          event.contentChanges.length > 0 &&
          (event.document.uri.scheme === 'file' || event.document.uri.scheme === 'untitled')
        )
          this.active('an edit', true);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document.uri.scheme === 'file') this.active('the cursor moved', false);
      }),
      vscode.window.onDidStartTerminalShellExecution((event) => {
        if (agentFromCommandLine(event.execution.commandLine.value))
          this.agentExecutions.set(event.execution, event.terminal);
        this.active('a terminal command', true);
      }),
      vscode.window.onDidEndTerminalShellExecution((event) => {
        this.agentExecutions.delete(event.execution);
        this.active('a terminal command', true);
      }),
      vscode.window.onDidCloseTerminal((terminal) => {
        for (const [execution, owner] of this.agentExecutions)
          if (owner === terminal) this.agentExecutions.delete(execution);
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) this.active('the window was focused', false);
      }),
    ])
      this._register(listener);
    this.timer = setInterval(
      () => this.check().catch((error: unknown) => log.warn(`Idle distillation check failed: ${errorMessage(error)}`)),
      CHECK_INTERVAL_MS,
    );
    this.timer.unref?.();
  }

  private active(what: string, work: boolean): void {
    if (work) this.lastWork = Date.now();
    this.lastPresence = Date.now();
    if (this.distillation.running === 'idle') {
      this.log.info(`Background model distillation cancelled: ${what}.`);
      this.distillation.cancelIdleRun();
    }
  }

  private state(now: number): IdleState {
    const idleMs = Math.max(1, readSettings().llm.idleMinutes) * 60_000;
    const recent = this.recording.store?.listEvents({ since: now - idleMs, newestFirst: true, limit: 500 }) ?? [];
    const agentEvent = recent.find((event) => isAgent(event.attribution.actor));
    return {
      now,
      idleMs,
      focused: vscode.window.state.focused,
      lastWork: this.lastWork,
      lastPresence: this.lastPresence,
      agentExecutions: this.agentExecutions.size,
      lastAgentEvent: agentEvent?.ts,
    };
  }

  private async check(): Promise<void> {
    const now = Date.now();
    if (this.distillation.running === 'idle') {
      // An agent that started while the window was unfocused shows up only in the store.
      const busy = this.recording.store ? busyReason(this.state(now)) : undefined;
      if (busy) this.active(busy, false);
      return;
    }
    if (this.distillation.running || !vscode.workspace.isTrusted || readSettings().llm.provider === 'none') return;
    if (now - this.lastRun < MIN_RUN_INTERVAL_MS || !this.recording.store) return;
    if (busyReason(this.state(now))) return;
    this.lastRun = now;
    const controller = new AbortController();
    try {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Skillwright: distilling with the model' },
        (progress) =>
          this.distillation.run(
            { report: (message) => progress.report({ message }), signal: controller.signal },
            controller.signal,
            'idle',
          ),
      );
      if (summary)
        this.log.info(
          `Background model ` +
            `distillation: ${summary.candidates} candidate(s), ${summary.tokens} tokens, ${summary.stoppedBy}.`,
        );
    } catch (error) {
      this.log.warn(`Background model distillation failed: ${errorMessage(error)}`);
    }
  }

  override dispose(): void {
    clearInterval(this.timer);
    this.distillation.cancelIdleRun();
    super.dispose();
  }
}
