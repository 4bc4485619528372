import * as vscode from 'vscode';
import type { RelatedFile } from '../../core/cochange/relatedFilesIndex';
import { percentLikely, reasonsInWords } from '../../core/delivery/relatedFilesText';
import { showError } from '../userMessages';
import type { RelatedFilesService } from './relatedFilesService';

/**
 * Skillwright: Show Files That Change With This One: the same answer the agents get, for the
 * file in the active editor, as a quick pick that opens the chosen file.
 */
export function registerRelatedFilesCommand(
  service: RelatedFilesService | undefined,
  folder: vscode.WorkspaceFolder | undefined,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.commands.registerCommand('skillwright.showRelatedFiles', async (uri?: vscode.Uri) => {
    if (!vscode.workspace.isTrusted)
      return void vscode.window.showInformationMessage(
        'Skillwright reads no git history in Restricted Mode. Trust this workspace to see related files.',
      );
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!service || !folder || !target || target.scheme !== 'file')
      return void vscode.window.showInformationMessage(
        'Open a file of this workspace to see the files that usually change with it.',
      );
    const path = vscode.workspace.asRelativePath(target, false);
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Skillwright: reading the history of ${path}`,
          cancellable: true,
        },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return service.related([path], 15, abort.signal);
        },
      );
      if (result.related.length === 0)
        return void vscode.window.showInformationMessage(
          `No file is known to change with ${path}${result.unknown.length > 0 ? ' (it has no history yet)' : ''}.`,
        );
      const picked = await vscode.window.showQuickPick(
        result.related.map((file) => ({
          label: `$(file) ${file.path}`,
          description: percentLikely(file.probability),
          detail: [togetherInWords(file), reasonsInWords(file)].filter(Boolean).join('; '),
          path: file.path,
        })),
        { title: `Files that usually change with ${path}`, matchOnDetail: true, placeHolder: 'Open a file' },
      );
      if (picked) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, picked.path));
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') return;
      showError(log, 'Reading related files failed', error);
    }
  });
}

/** `changed together in 3 of 5 commits, last <date>: <subject>`, or '' without counts. */
function togetherInWords(file: RelatedFile): string {
  if (file.together === undefined || !file.of) return '';
  const last = file.lastCommit ? `, last ${file.lastCommit.date}: ${file.lastCommit.subject}` : '';
  return `changed together in ${file.together} of ${file.of} commits${last}`;
}
