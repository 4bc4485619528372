import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'skillwright-view';
const MAX_DOCUMENTS = 50;

/**
 * Read-only virtual documents for things that are not files: a step's command output, a
 * recorded diff, a commit. Bounded, so a long day of clicking does not grow memory.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens `content` in a preview editor titled by `name` (its extension picks the language). */
  async open(name: string, content: string, language?: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${name.replace(/[\\/:*?"<>|]+/g, '-')}` });
    const key = uri.toString();
    this.contents.delete(key);
    this.contents.set(key, content);
    if (this.contents.size > MAX_DOCUMENTS) this.contents.delete(this.contents.keys().next().value as string);
    this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (language) document = await vscode.languages.setTextDocumentLanguage(document, language);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
