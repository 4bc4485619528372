import * as vscode from 'vscode';
import { readSettings } from '../settings';
import type { EvalReport } from '../../core/eval/evalTypes';
import { showError } from '../userMessages';
import { EvaluationPanel } from './evaluationPanel';
import { pickSplit } from './splitPicker';

/**
 * `skillwright.showEvaluation`: asks where to split the open repository's history, runs the same
 * evaluation as `skillwright eval` (learn before the split, score every later commit against
 * baselines) under a cancellable progress notification, and shows the result in a webview.
 */
export function registerEvaluationCommand(options: {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  repoRoot: () => string | undefined;
}): vscode.Disposable {
  const { context, log, repoRoot } = options;
  const panel = new EvaluationPanel(context.extensionUri);
  let running = false;

  const command = vscode.commands.registerCommand('skillwright.showEvaluation', async () => {
    // The evaluation runs git in the folder; a repository's config can name programs git runs.
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(
        'Skillwright evaluates a repository by running git in it, which it does not do in Restricted Mode. Trust ' +
          'this workspace first.',
      );
      return;
    }
    const repo = repoRoot();
    if (!repo) {
      void vscode.window.showInformationMessage(
        'Open a folder inside a git repository to evaluate what Skillwright learns from it.',
      );
      return;
    }
    if (running) {
      void vscode.window.showInformationMessage('An evaluation is already running.');
      return;
    }
    running = true;
    try {
      const report = await evaluate(repo, log);
      if (report) panel.show(report);
    } finally {
      running = false;
    }
  });
  return vscode.Disposable.from(command, panel);
}

/** Undefined when the user backed out or cancelled; errors are shown, never thrown. */
async function evaluate(repo: string, log: vscode.LogOutputChannel): Promise<EvalReport | undefined> {
  let split: string | undefined;
  try {
    split = await pickSplit(repo);
  } catch (error) {
    showError(log, 'Could not choose a split for the evaluation', error);
    return undefined;
  }
  if (!split) return undefined;
  const chosenSplit = split;
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Skillwright: evaluating', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        try {
          log.info(`Evaluation of ${repo} split at ${chosenSplit} started.`);
          // Loaded on first use: the learners and scorers have no place on the activation path.
          const [{ runEvaluation }, { renderEvalText }] = await Promise.all([
            import('../../core/eval/evaluation'),
            import('../../core/eval/evalReportText'),
          ]);
          const report = await runEvaluation({
            repo,
            split: chosenSplit,
            halfLife: readSettings().learn.halfLifeCommits,
            signal: controller.signal,
            logger: log,
            progress: { report: (message) => progress.report({ message }), signal: controller.signal },
          });
          log.info(`Evaluation finished:\n${renderEvalText(report)}`);
          return report;
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (error) {
    if (isAbort(error)) {
      log.info('Evaluation cancelled.');
      return undefined;
    }
    showError(log, 'The evaluation failed', error);
    return undefined;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}
