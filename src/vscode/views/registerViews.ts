import * as vscode from 'vscode';
import { disposeAll } from '../lifecycle';
import { NodeTreeProvider, type Node } from './treeItems';

/** Disposing it closes the four views and their providers. */
export interface SkillwrightViews extends vscode.Disposable {
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
): SkillwrightViews {
  const providers = {
    suggestions: new NodeTreeProvider(roots.suggestions),
    library: new NodeTreeProvider(roots.library),
    gaps: new NodeTreeProvider(roots.gaps),
    sessions: new NodeTreeProvider(roots.sessions),
  };
  const create = (id: string, provider: NodeTreeProvider, canSelectMany = false): vscode.TreeView<Node> =>
    vscode.window.createTreeView(`skillwright.${id}`, {
      treeDataProvider: provider,
      showCollapseAll: true,
      canSelectMany,
    });
  const suggestions = create('suggestions', providers.suggestions, true);
  const library = create('library', providers.library);
  const gaps = create('gaps', providers.gaps);
  const sessions = create('sessions', providers.sessions);
  return {
    suggestions,
    library,
    gaps,
    sessions,
    providers,
    refreshAll: () => Object.values(providers).forEach((provider) => provider.refresh()),
    dispose: () => disposeAll([...Object.values(providers), suggestions, library, gaps, sessions]),
  };
}
