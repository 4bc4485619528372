import * as vscode from 'vscode';
import { NodeTreeProvider, type Node } from './treeItems';

export interface SkillwrightViews {
  suggestions: vscode.TreeView<Node>;
  library: vscode.TreeView<Node>;
  gaps: vscode.TreeView<Node>;
  sessions: vscode.TreeView<Node>;
  providers: Record<'suggestions' | 'library' | 'gaps' | 'sessions', NodeTreeProvider>;
  refreshAll(): void;
}

/** Creates the four views over root loaders; the caller refreshes them when their data changes. */
export function registerViews(
  roots: Record<'suggestions' | 'library' | 'gaps' | 'sessions', () => Node[] | Promise<Node[]>>,
  disposables: vscode.Disposable[],
): SkillwrightViews {
  const providers = {
    suggestions: new NodeTreeProvider(roots.suggestions),
    library: new NodeTreeProvider(roots.library),
    gaps: new NodeTreeProvider(roots.gaps),
    sessions: new NodeTreeProvider(roots.sessions),
  };
  const create = (id: string, provider: NodeTreeProvider, canSelectMany = false): vscode.TreeView<Node> =>
    vscode.window.createTreeView(`skillwright.${id}`, { treeDataProvider: provider, showCollapseAll: true, canSelectMany });
  const views: SkillwrightViews = {
    suggestions: create('suggestions', providers.suggestions, true),
    library: create('library', providers.library),
    gaps: create('gaps', providers.gaps),
    sessions: create('sessions', providers.sessions),
    providers,
    refreshAll: () => Object.values(providers).forEach((provider) => provider.refresh()),
  };
  disposables.push(...Object.values(providers), views.suggestions, views.library, views.gaps, views.sessions);
  return views;
}
