import * as vscode from 'vscode';
import type { ModelDistillation, ModelRunSummary, RunStop } from './modelDistillation';
import { errorMessage } from '../../core/util/errorMessage';
import { showError } from '../userMessages';

export const DISTILL_WITH_MODEL_COMMAND = 'skillwright.distillWithModel';

/** What the command returns, so callers (and the integration tests) can tell what happened. */
export type DistillCommandResult =
  | { status: 'ran'; summary: ModelRunSummary }
  | { status: 'unavailable'; reason: string }
  | { status: 'failed'; error: string };

const STOP_TEXT: Record<RunStop, string> = {
  done: 'everything new was read',
  'commit-limit': 'more commits are left for the next run',
  budget: 'the token budget (skillwright.llm.maxTokensPerRun) was reached',
  cancelled: 'cancelled; the next run continues where this one stopped',
  error: 'stopped by an error (see the log)',
};

/** `skillwright.distillWithModel`: a manual run, cancellable, with a summary at the end. */
export function registerModelCommands(
  distillation: ModelDistillation,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(DISTILL_WITH_MODEL_COMMAND, async (): Promise<DistillCommandResult> => {
      const controller = new AbortController();
      try {
        const summary = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: 'Skillwright: distilling skills with the model',
            cancellable: true,
          },
          (progress, token) => {
            token.onCancellationRequested(() => controller.abort());
            return distillation.run(
              { report: (message) => progress.report({ message }), signal: controller.signal },
              controller.signal,
              'manual',
            );
          },
        );
        if (!summary) {
          const reason = distillation.unavailableReason ?? 'no model is configured.';
          void vscode.window
            .showWarningMessage(
              `Skillwright could not distill with a model: ${reason} Set skillwright.llm.provider (and ` +
                `skillwright.llm.baseUrl / model for openai).`,
              'Open Settings',
              'Show Log',
            )
            .then((choice) => {
              if (choice === 'Open Settings')
                void vscode.commands.executeCommand('workbench.action.openSettings', 'skillwright.llm');
              else if (choice === 'Show Log') log.show();
            });
          return { status: 'unavailable', reason };
        }
        const message =
          `Skillwright: ${summary.candidates} suggestion(s) ` +
          `from ${summary.model} using ${summary.tokens} tokens; ${STOP_TEXT[summary.stoppedBy]}.`;
        const show =
          summary.stoppedBy === 'error' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
        void show(message, 'Show Log').then((choice) => choice && log.show());
        return { status: 'ran', summary };
      } catch (error) {
        showError(log, 'Model distillation failed', error);
        return { status: 'failed', error: errorMessage(error) };
      }
    }),
  ];
}
