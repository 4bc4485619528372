import * as vscode from 'vscode';
import type { SkillRow } from './viewModels';
import { type Node, percent } from './treeItems';

const TIER_ICONS: Record<SkillRow['tier'], vscode.ThemeIcon> = {
  trusted: new vscode.ThemeIcon('verified-filled', new vscode.ThemeColor('testing.iconPassed')),
  accepted: new vscode.ThemeIcon('book'),
  quarantined: new vscode.ThemeIcon('shield', new vscode.ThemeColor('list.warningForeground')),
  invalid: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

export class SkillNode implements Node {
  constructor(readonly skill: SkillRow) {}

  toTreeItem(): vscode.TreeItem {
    const { skill } = this;
    const hasDetails = skill.findings.length + skill.problems.length + skill.flaggedForReview.length > 0;
    const item = new vscode.TreeItem(
      skill.name,
      hasDetails ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `skill:${skill.name}`;
    item.iconPath =
      skill.flaggedForReview.length && skill.tier !== 'quarantined' && skill.tier !== 'invalid'
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : TIER_ICONS[skill.tier];
    const successRate = skill.successRate !== undefined ? ` · ${percent(skill.successRate)} ok` : '';
    const usage = skill.uses ? `${skill.uses} use${skill.uses === 1 ? '' : 's'}${successRate}` : 'unused';
    // Short enough for the default side bar width; source and author are in the tooltip.
    item.description = skill.uses ? `${skill.tier} · ${usage}` : skill.tier;
    item.contextValue = skill.tier === 'quarantined' ? 'skill.quarantined' : 'skill';
    item.resourceUri = vscode.Uri.file(skill.path);
    item.command = { command: 'skillwright.openSkill', title: 'Open Skill', arguments: [this] };
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${skill.name}** (${skill.tier})\n\n`);
    tooltip.appendText(skill.description);
    const lastCommit = skill.lastCommit ? ` · $(git-commit) ${skill.lastCommit}` : '';
    tooltip.appendMarkdown(
      `\n\n$(gear) ${skill.source} · $(person) ${skill.author ?? 'not committed yet'}${lastCommit}`,
    );
    const wilson = skill.wilson !== undefined ? ` · Wilson lower bound ${percent(skill.wilson)}` : '';
    tooltip.appendMarkdown(`\n\n$(graph) ${usage}${wilson}`);
    if (skill.findings.length)
      tooltip.appendMarkdown(
        `\n\n$(shield) Held back from agents: ${skill.findings.length} finding(s). Review, then use "Trust This ` +
          `Skill".`,
      );
    item.tooltip = tooltip;
    return item;
  }

  children(): Node[] {
    const { skill } = this;
    return [
      ...skill.findings.map((text) => new DetailNode(text, 'shield', 'Security finding')),
      ...skill.problems.map((text) => new DetailNode(text, 'error', 'Lint problem')),
      ...skill.flaggedForReview.map((text) => new DetailNode(text, 'warning', 'Flagged for review')),
    ];
  }
}

class DetailNode implements Node {
  constructor(
    private readonly text: string,
    private readonly icon: string,
    private readonly kind: string,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.tooltip = `${this.kind}: ${this.text}`;
    item.contextValue = 'skillDetail';
    return item;
  }
}
