import * as vscode from 'vscode';
import type { OwnWrites } from '../../core/capture/ownWrites';
import { McpJsonError, writeMcpJson } from '../../core/delivery/mcpJson';
import { showError } from '../userMessages';

const DESCRIBE: Record<'created' | 'added' | 'updated' | 'unchanged', string> = {
  created: 'created .vscode/mcp.json with the Skillwright server',
  added: 'added the Skillwright server to .vscode/mcp.json (other servers kept)',
  updated: 'updated the Skillwright server entry in .vscode/mcp.json',
  unchanged: '.vscode/mcp.json already has this Skillwright server entry',
};

/**
 * "Add MCP Server to .vscode/mcp.json": the entry runs this extension's bundled CLI with Node,
 * serving the folder's skills over stdio. Delivery to agents is withheld in Restricted Mode, so
 * an untrusted workspace gets an explanation instead of a file.
 */
export function registerMcpCommand(
  extensionUri: vscode.Uri,
  log: vscode.LogOutputChannel,
  ownWrites: OwnWrites,
): vscode.Disposable {
  return vscode.commands.registerCommand('skillwright.configureMcp', async () => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(
        'Skillwright serves skills to agents only in trusted workspaces. Trust this workspace, then run this ' +
          'command again.',
      );
      return;
    }
    const folder = await pickFolder();
    if (!folder) return;
    const cli = vscode.Uri.joinPath(extensionUri, 'dist', 'cli.js').fsPath;
    try {
      const target = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json').fsPath;
      const result = await ownWrites.around([target], () =>
        writeMcpJson(folder.uri.fsPath, { command: 'node', args: [cli, 'mcp', '--repo', '${workspaceFolder}'] }),
      );
      log.info(`configureMcp: ${result.action} ${result.path}`);
      await vscode.window.showTextDocument(vscode.Uri.file(result.path), { preview: true });
      void vscode.window.showInformationMessage(
        `Skillwright: ${DESCRIBE[result.action]}. It runs \`node\` with the CLI inside this extension, so run ` +
          `this command again after the extension updates.`,
      );
    } catch (error) {
      if (error instanceof McpJsonError) {
        void vscode.window.showWarningMessage(`Skillwright left .vscode/mcp.json untouched: ${error.message}`);
        return;
      }
      showError(log, 'Writing .vscode/mcp.json failed', error);
    }
  });
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage(
      "Skillwright: open a folder first; the MCP server serves that folder's skills.",
    );
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Add the Skillwright MCP server to which folder?' });
}
