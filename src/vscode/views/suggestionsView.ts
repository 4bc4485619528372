import * as vscode from 'vscode';
import type { Candidate, Evidence } from '../../core/model/candidate';
import type { Redacted } from '../../core/redaction/gate';
import { type Node, percent } from './treeItems';

export class CandidateNode implements Node {
  constructor(readonly candidate: Redacted<Candidate>) {}

  toTreeItem(): vscode.TreeItem {
    const { candidate } = this;
    const item = new vscode.TreeItem(candidate.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `candidate:${candidate.id}`;
    // Short enough for the default side bar width; the source is in the tooltip.
    item.description = `${candidate.kind === 'edit' ? 'edit' : 'new'} · ${percent(candidate.confidence)}`;
    item.iconPath = new vscode.ThemeIcon(candidate.kind === 'edit' ? 'diff' : 'lightbulb-sparkle');
    item.contextValue = 'candidate';
    item.tooltip = candidateTooltip(candidate);
    item.accessibilityInformation = {
      label:
        `${candidate.kind === 'edit' ? 'Edit to skill' : 'New skill'} ${candidate.name}, ` +
        `confidence ${percent(candidate.confidence)}`,
    };
    return item;
  }

  children(): Node[] {
    return this.candidate.evidence.map((evidence) => new EvidenceNode(this.candidate, evidence));
  }
}

export class EvidenceNode implements Node {
  constructor(
    readonly candidate: Redacted<Candidate>,
    readonly evidence: Evidence,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const { evidence } = this;
    const item = new vscode.TreeItem(evidenceLabel(evidence), vscode.TreeItemCollapsibleState.None);
    item.description = evidence.detail;
    item.tooltip = evidence.detail ? `${evidenceLabel(evidence)}\n${evidence.detail}` : evidenceLabel(evidence);
    item.iconPath = new vscode.ThemeIcon(EVIDENCE_ICONS[evidence.kind]);
    item.contextValue = `evidence.${evidence.kind}`;
    item.command = { command: 'skillwright.openEvidence', title: 'Open Evidence', arguments: [evidence] };
    return item;
  }
}

const EVIDENCE_ICONS: Record<Evidence['kind'], string> = {
  commit: 'git-commit',
  session: 'history',
  file: 'file',
  command: 'terminal',
  gap: 'question',
};

function evidenceLabel(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'commit':
      return evidence.ref.slice(0, 10);
    case 'file':
      return evidence.line ? `${evidence.ref}:${evidence.line}` : evidence.ref;
    case 'session':
      return `session ${evidence.ref.slice(0, 12)}`;
    default:
      return evidence.ref;
  }
}

function candidateTooltip(candidate: Candidate): vscode.MarkdownString {
  const counts = new Map<string, number>();
  for (const evidence of candidate.evidence) counts.set(evidence.kind, (counts.get(evidence.kind) ?? 0) + 1);
  const summary = [...counts].map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`).join(', ');
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(
    `**${candidate.name}** — ${candidate.kind === 'edit' ? 'edit to an existing skill' : 'new skill'}\n\n`,
  );
  tooltip.appendText(candidate.description);
  tooltip.appendMarkdown(
    `\n\n$(pass) confidence ${percent(candidate.confidence)} · $(references) ${summary || 'no evidence'} · ` +
      `$(gear) from ${candidate.source}`,
  );
  if (candidate.scope.length)
    tooltip.appendMarkdown(`\n\n$(folder) ${candidate.scope.map((glob) => `\`${glob}\``).join(', ')}`);
  if (candidate.tokens) tooltip.appendMarkdown(`\n\n$(symbol-numeric) ${candidate.tokens} model tokens`);
  return tooltip;
}
