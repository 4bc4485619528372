import * as vscode from 'vscode';
import type { EventStore } from '../../core/store/eventStore';
import { Disposable } from '../lifecycle';
import { readSettings } from '../settings';
import type { SkillwrightStatusBar } from '../statusBar';
import { showError } from '../userMessages';
import type { RecordingRuntime } from './recording';

/**
 * Decides whether capture runs: Workspace Trust, skillwright.capture.enabled and the store's
 * health all have a say. Shows the outcome in the status bar and owns the pause/resume command.
 */
export class RecordingControl extends Disposable {
  constructor(
    private readonly recording: RecordingRuntime,
    private readonly statusBar: SkillwrightStatusBar,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(recording.onDidOpenStore((store) => this.watchHealth(store)));
    this._register(vscode.commands.registerCommand('skillwright.toggleRecording', () => this.toggle()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.startIfAllowed()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('skillwright.capture')) return;
        const change = readSettings().capture.enabled
          ? Promise.resolve().then(() => {
              if (!recording.capturing) this.startIfAllowed();
            })
          : recording.stopCapture();
        change.then(
          () => this.showState(),
          (error: unknown) => showError(log, 'Changing the recording state failed', error),
        );
      }),
    );
  }

  /** Starts capture when trust and settings allow it; the status bar shows the outcome either way. */
  startIfAllowed(): void {
    if (vscode.workspace.isTrusted && readSettings().capture.enabled) this.recording.startCapture();
    this.showState();
  }

  /** The store could not be opened: nothing is recorded in this window. */
  failed(message: string): void {
    this.statusBar.setState('error', message);
  }

  private showState(): void {
    const store = this.recording.store;
    if (!vscode.workspace.isTrusted) this.statusBar.setState('restricted');
    else if (!readSettings().capture.enabled) this.statusBar.setState('off');
    else if (store && store.health.state !== 'ok') this.statusBar.setState('error', store.health.message);
    else this.statusBar.setState(this.recording.capturing ? 'on' : 'paused');
  }

  private async toggle(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const message = 'Skillwright records nothing in Restricted Mode. Trust this workspace to start recording.';
      return void vscode.window.showInformationMessage(message);
    }
    if (!readSettings().capture.enabled) {
      return void vscode.window.showInformationMessage(
        'Recording is turned off by the setting skillwright.capture.enabled.',
      );
    }
    if (this.recording.capturing) await this.recording.stopCapture();
    else this.recording.startCapture();
    this.showState();
  }

  private watchHealth(store: EventStore): void {
    const unsubscribe = store.onHealthChange((health) => {
      this.showState();
      if (health.state !== 'ok') {
        const warning = vscode.window.showWarningMessage(
          `Skillwright stopped recording: ${health.message}`,
          'Show Log',
        );
        void warning.then((choice) => choice && this.log.show());
      }
    });
    this._register(new vscode.Disposable(unsubscribe));
  }
}
