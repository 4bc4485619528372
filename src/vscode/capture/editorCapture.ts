import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { OwnWrites } from '../../core/capture/ownWrites';
import type { Recorder } from '../../core/capture/recorder';
import { filesBelow } from '../../core/util/filesBelow';
import { toPosix } from '../../core/util/glob';
import { Disposable } from '../lifecycle';

const MAX_FILES_IN_NEW_FOLDER = 200;

/** Where a URI sits: its workspace folder and its folder-relative path. */
function locate(uri: vscode.Uri): { workspaceFolder: string; path: string } | undefined {
  if (uri.scheme !== 'file') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const path = toPosix(vscode.workspace.asRelativePath(uri, false));
  return path && !path.startsWith('..') ? { workspaceFolder: folder.uri.fsPath, path } : undefined;
}

/**
 * Feeds the recorder with editor activity: document text changes (folded into bursts by core),
 * saves, the editor's own creates/deletes/renames, and writes by other processes (CLI agents),
 * seen through a FileSystemWatcher. The per-keystroke path reads no document text.
 */
export class EditorCapture extends Disposable {
  constructor(
    private readonly recorder: Recorder,
    private readonly ownWrites: OwnWrites,
  ) {
    super();
    for (const listener of [
      vscode.workspace.onDidOpenTextDocument((document) => this.opened(document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const where = locate(document.uri);
        if (where) recorder.onDocumentClosed(where.workspaceFolder, where.path);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => this.changed(event)),
      vscode.workspace.onDidSaveTextDocument((document) => void this.saved(document)),
      vscode.workspace.onDidCreateFiles((event) => this.files(event.files, 'create')),
      vscode.workspace.onDidDeleteFiles((event) => this.files(event.files, 'delete')),
      vscode.workspace.onDidRenameFiles((event) => this.renamed(event)),
    ])
      this._register(listener);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      watcher.onDidCreate((uri) => void this.external(uri, 'create'));
      watcher.onDidChange((uri) => void this.external(uri, 'change'));
      watcher.onDidDelete((uri) => void this.external(uri, 'delete'));
      this._register(watcher);
    }
    // Documents already open are the baselines of their first bursts; read them off the
    // activation path.
    const timer = setTimeout(() => vscode.workspace.textDocuments.forEach((document) => this.opened(document)), 0);
    this._register(new vscode.Disposable(() => clearTimeout(timer)));
  }

  private opened(document: vscode.TextDocument): void {
    const where = locate(document.uri);
    if (where) this.recorder.onDocumentOpened(where.workspaceFolder, where.path, document.getText());
  }

  private changed(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const where = locate(event.document.uri);
    if (!where) return;
    const { document } = event;
    // An open AGENTS.md or SKILL.md reloading after Skillwright rewrote it on disk.
    if (!document.isDirty && this.ownWrites.covers(document.uri.fsPath)) return;
    this.recorder.onDocumentChanged({
      ...where,
      ts: Date.now(),
      visibleInEditor: vscode.window.visibleTextEditors.some((editor) => editor.document === document),
      fromDisk: !document.isDirty,
      currentText: () => document.getText(),
    });
  }

  private async saved(document: vscode.TextDocument): Promise<void> {
    const where = locate(document.uri);
    if (!where) return;
    const sizeBytes = await sizeOf(document.uri);
    this.recorder.onDocumentSaved({ ...where, ts: Date.now(), ...(sizeBytes === undefined ? {} : { sizeBytes }) });
  }

  private files(uris: readonly vscode.Uri[], kind: 'create' | 'delete'): void {
    const byFolder = new Map<string, string[]>();
    for (const uri of uris) {
      const where = locate(uri);
      if (!where || this.ownWrites.covers(uri.fsPath)) continue;
      byFolder.set(where.workspaceFolder, [...(byFolder.get(where.workspaceFolder) ?? []), where.path]);
    }
    for (const [workspaceFolder, paths] of byFolder) {
      if (kind === 'create') this.recorder.onFilesCreated({ workspaceFolder, paths });
      else this.recorder.onFilesDeleted({ workspaceFolder, paths });
    }
  }

  private renamed(event: vscode.FileRenameEvent): void {
    for (const { oldUri, newUri } of event.files) {
      const from = locate(oldUri);
      const to = locate(newUri);
      if (from && to)
        this.recorder.onFilesRenamed({
          workspaceFolder: to.workspaceFolder,
          renames: [{ oldPath: from.path, newPath: to.path }],
        });
    }
  }

  private async external(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): Promise<void> {
    const where = locate(uri);
    if (!where || where.path === '.git' || where.path.startsWith('.git/')) return;
    const ts = Date.now();
    if (this.ownWrites.covers(uri.fsPath, ts)) return;
    if (kind === 'delete') return this.recorder.onExternalWrite({ ...where, kind, ts });
    const info = await statOf(uri);
    if (info?.isFile()) return this.recorder.onExternalWrite({ ...where, kind, ts, sizeBytes: info.size });
    // The watcher reports a new folder once and drops the events of files created inside it.
    if (info?.isDirectory() && kind === 'create') {
      for (const file of await filesBelow(uri.fsPath, { limit: MAX_FILES_IN_NEW_FOLDER }))
        void this.external(vscode.Uri.file(file), 'create');
    }
  }
}

async function statOf(uri: vscode.Uri): Promise<Stats | undefined> {
  try {
    return await stat(uri.fsPath);
  } catch {
    return undefined;
  }
}

async function sizeOf(uri: vscode.Uri): Promise<number | undefined> {
  const info = await statOf(uri);
  return info?.isFile() ? info.size : undefined;
}
