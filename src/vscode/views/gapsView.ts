import * as vscode from 'vscode';
import type { GapRow } from './viewModels';
import { type Node, percent } from './treeItems';

export class GapNode implements Node {
  constructor(readonly gap: GapRow) {}

  toTreeItem(): vscode.TreeItem {
    const { gap } = this;
    const item = new vscode.TreeItem(gap.task, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `gap:${gap.id}`;
    item.iconPath = new vscode.ThemeIcon('question');
    const best = gap.bestMatch ? `best: ${gap.bestMatch.name} ${percent(gap.bestMatch.score)}` : 'no match';
    item.description = `×${gap.occurrences} · ${best}`;
    item.contextValue = 'gap';
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Knowledge gap** seen ${gap.occurrences} time(s)\n\n`);
    tooltip.appendText(gap.prompt);
    item.tooltip = tooltip;
    return item;
  }

  children(): Node[] {
    return this.gap.evidence.map((text) => new GapEvidenceNode(text));
  }
}

class GapEvidenceNode implements Node {
  constructor(private readonly text: string) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text);
    item.iconPath = new vscode.ThemeIcon('references');
    item.contextValue = 'gapEvidence';
    return item;
  }
}
