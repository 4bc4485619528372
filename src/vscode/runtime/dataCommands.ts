import * as vscode from 'vscode';
import type { RecordingRuntime } from './recording';
import { showError } from '../userMessages';

/** Export and delete everything recorded: the user's data, the user's call. */
export function registerDataCommands(options: {
  recording: RecordingRuntime;
  log: vscode.LogOutputChannel;
  refresh: () => void;
}): vscode.Disposable[] {
  const { recording, log, refresh } = options;
  return [
    vscode.commands.registerCommand('skillwright.exportData', async () => {
      const store = recording.store;
      if (!store) return void vscode.window.showInformationMessage('Skillwright has no recorded data in this window.');
      const target = await vscode.window.showSaveDialog({
        title: 'Export Skillwright trajectories',
        filters: { 'JSON Lines': ['jsonl'] },
        defaultUri: vscode.Uri.file(`skillwright-export-${new Date().toISOString().slice(0, 10)}.jsonl`),
      });
      if (!target) return;
      try {
        await recording.flush();
        const count = await store.exportJsonl(target.fsPath);
        log.info(`Exported ${count} events to ${target.fsPath}`);
        void vscode.window.showInformationMessage(
          `Skillwright exported ${count} events (already redacted) to ${target.fsPath}.`,
        );
      } catch (error) {
        showError(log, 'Exporting the recorded data failed', error);
      }
    }),
    vscode.commands.registerCommand('skillwright.deleteAllData', async () => {
      const store = recording.store;
      if (!store) return;
      const stats = await store.stats();
      const choice = await vscode.window.showWarningMessage(
        `Delete everything Skillwright recorded in this workspace (${stats.events} events, sessions, suggestions ` +
          `and gaps)?`,
        { modal: true, detail: 'Skills already written to the skills folder are not touched. This cannot be undone.' },
        'Delete All',
      );
      if (choice !== 'Delete All') return;
      try {
        await recording.flush();
        await store.deleteAll();
        log.info("All recorded data deleted at the user's request.");
        refresh();
        void vscode.window.showInformationMessage('Skillwright deleted all recorded data for this workspace.');
      } catch (error) {
        showError(log, 'Deleting the recorded data failed', error);
      }
    }),
  ];
}
