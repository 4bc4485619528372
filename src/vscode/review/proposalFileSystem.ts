import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'skillwright-proposal';

/**
 * An in-memory, writable file system for proposed SKILL.md texts, so Preview opens a real editor
 * the user can change before accepting. Nothing here touches the disk; accepting reads the edited
 * text back and writes the skill atomically through core.
 */
export class ProposalFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number; ctime: number }>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  static uriFor(candidateId: string, name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${candidateId}/${name}/SKILL.md` });
  }

  static candidateIdOf(uri: vscode.Uri): string | undefined {
    return uri.scheme === PROPOSAL_SCHEME ? uri.path.split('/')[1] : undefined;
  }

  /** Seeds a proposal unless the user already edited it in this window. */
  seed(uri: vscode.Uri, text: string): void {
    if (this.files.has(uri.path)) return;
    const now = Date.now();
    this.files.set(uri.path, { data: new TextEncoder().encode(text), mtime: now, ctime: now });
  }

  textOf(uri: vscode.Uri): string | undefined {
    const file = this.files.get(uri.path);
    return file ? new TextDecoder().decode(file.data) : undefined;
  }

  forget(candidateId: string): void {
    for (const path of [...this.files.keys()]) if (path.startsWith(`/${candidateId}/`)) this.files.delete(path);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: file.ctime, mtime: file.mtime, size: file.data.byteLength };
    if ([...this.files.keys()].some((path) => path.startsWith(`${uri.path.replace(/\/$/, '')}/`))) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {}

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const existing = this.files.get(uri.path);
    const now = Date.now();
    this.files.set(uri.path, { data: content, mtime: now, ctime: existing?.ctime ?? now });
    this.changed.fire([{ type: existing ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Proposals cannot be renamed.');
  }
}
