import * as vscode from 'vscode';

/** A tree node that knows how to render itself and, optionally, its children. */
export interface Node {
  toTreeItem(): vscode.TreeItem;
  children?(): Node[] | Promise<Node[]>;
}

/**
 * The common plumbing of Skillwright's four views: a change event and a root loader. Each view
 * supplies only its root nodes.
 */
export class NodeTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly loadRoots: () => Node[] | Promise<Node[]>) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node.toTreeItem();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.loadRoots();
    return node.children ? node.children() : [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function relativeTime(ts: number, now = Date.now()): string {
  const seconds = Math.round((now - ts) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} d ago`;
}

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
