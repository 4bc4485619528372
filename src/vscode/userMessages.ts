import * as vscode from 'vscode';
import { errorMessage } from '../core/util/errorMessage';

/** An actionable error: the message says what failed, the button opens the log with the detail. */
export function showError(log: vscode.LogOutputChannel, what: string, error: unknown): void {
  const message = errorMessage(error);
  log.error(`${what}: ${error instanceof Error ? (error.stack ?? message) : message}`);
  void vscode.window
    .showErrorMessage(`Skillwright: ${what}: ${message}`, 'Show Log')
    .then((choice) => choice && log.show());
}

/** Runs a callback of an event handler: a failure is logged with its area, never thrown at VS Code. */
export function runLogged(log: vscode.LogOutputChannel, area: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    log.error(`${area}: ${errorMessage(error)}`);
  }
}
