import * as vscode from 'vscode';
import type { ImportSummary } from '../../core/sources/importTranscripts';
import { describeSummary } from './transcriptImport';
import type { TranscriptWatcher } from './transcriptWatcher';
import { showError } from '../userMessages';

export const IMPORT_COMMAND = 'skillwright.importTranscripts';

/** "Import Past Agent Sessions": a cancellable progress notification, then the summary. */
export function registerImportCommand(watcher: TranscriptWatcher, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(IMPORT_COMMAND, async (): Promise<ImportSummary | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(
        'Skillwright records nothing in Restricted Mode. Trust this workspace to import agent sessions.',
      );
      return undefined;
    }
    let summary: ImportSummary;
    try {
      summary = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: 'Skillwright: importing past agent sessions',
          cancellable: true,
        },
        (progress, token) => watcher.importAll(progress, token),
      );
    } catch (error) {
      showError(log, 'Importing past agent sessions failed', error);
      return undefined;
    }
    void vscode.window
      .showInformationMessage(importMessage(summary), 'Show Log')
      .then((choice) => choice && log.show());
    return summary;
  });
}

export function importMessage(summary: ImportSummary): string {
  if (summary.files === 0) {
    return (
      'Skillwright: no Claude Code, Codex, Gemini CLI, Copilot Chat, Cline or Roo transcripts belong to the ' +
      'open folders.'
    );
  }
  const verb = summary.cancelled ? 'Import cancelled after' : 'Imported';
  return `Skillwright: ${verb} ${describeSummary(summary)}.`;
}
