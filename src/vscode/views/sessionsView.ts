import * as vscode from 'vscode';
import type { Outcome } from '../../core/model/trajectory';
import type { SessionRow, StepRow } from './viewModels';
import { type Node, relativeTime } from './treeItems';

const OUTCOME_ICONS: Record<Outcome, vscode.ThemeIcon> = {
  success: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failure: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  mixed: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  unknown: new vscode.ThemeIcon('circle-outline'),
};

const ACTOR_LABELS: Record<string, string> = {
  copilot: 'Copilot',
  'claude-code': 'Claude Code',
  codex: 'Codex',
  'gemini-cli': 'Gemini CLI',
  cline: 'Cline',
  roo: 'Roo Code',
  cursor: 'Cursor',
  human: 'You',
  unknown: 'Unattributed',
};

export function actorLabel(actor: string): string {
  return ACTOR_LABELS[actor] ?? actor;
}

/** Sessions are grouped by agent, newest first within each group. */
export class AgentGroupNode implements Node {
  constructor(
    readonly actor: string,
    readonly sessions: SessionRow[],
    private readonly loadSteps: (sessionId: string) => Promise<StepRow[]>,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(actorLabel(this.actor), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `agent:${this.actor}`;
    item.description = `${this.sessions.length} session${this.sessions.length === 1 ? '' : 's'}`;
    item.iconPath = new vscode.ThemeIcon(
      this.actor === 'human' ? 'person' : this.actor === 'unknown' ? 'question' : 'hubot',
    );
    item.contextValue = 'agentGroup';
    return item;
  }

  children(): Node[] {
    return this.sessions.map((row) => new SessionNode(row, this.loadSteps));
  }
}

export class SessionNode implements Node {
  constructor(
    readonly row: SessionRow,
    private readonly loadSteps: (sessionId: string) => Promise<StepRow[]>,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const { session, stepCount } = this.row;
    const label = session.task ? truncate(session.task, 60) : `${actorLabel(session.actor)} session`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `session:${session.id}`;
    const rating = session.rating === 'up' ? ' · 👍' : session.rating === 'down' ? ' · 👎' : '';
    // The outcome is the icon; the description stays short enough for a narrow side bar.
    const steps = `${stepCount} step${stepCount === 1 ? '' : 's'}`;
    const excluded = session.excluded ? ' · excluded' : '';
    item.description = `${relativeTime(session.startedAt)} · ${steps}${rating}${excluded}`;
    item.iconPath = OUTCOME_ICONS[session.outcome];
    item.contextValue = 'session';
    item.tooltip = new vscode.MarkdownString(
      `**${actorLabel(session.actor)}** ` +
        `· ${new Date(session.startedAt).toLocaleString()} → ${new Date(session.endedAt).toLocaleTimeString()}\n\n` +
        `Outcome: **${session.outcome}**${session.branch ? ` · branch \`${session.branch}\`` : ''}` +
        (session.task ? `\n\nTask: ${session.task.replace(/[\\`*_[\]]/g, '\\$&')}` : ''),
    );
    return item;
  }

  async children(): Promise<Node[]> {
    const steps = await this.loadSteps(this.row.session.id);
    return steps.map((step) => new StepNode(step));
  }
}

export class StepNode implements Node {
  constructor(readonly row: StepRow) {}

  toTreeItem(): vscode.TreeItem {
    const { step } = this.row;
    const item = new vscode.TreeItem(truncate(step.action, 80));
    item.id = `step:${this.row.sessionId}:${step.eventId}`;
    item.description = truncate(step.observation.split('\n')[0] ?? '', 60);
    item.iconPath = OUTCOME_ICONS[step.outcome];
    item.tooltip = `${step.action}\n\n${truncate(step.observation, 600)}`;
    item.contextValue = 'step';
    item.command = { command: 'skillwright.openStep', title: 'Open Step', arguments: [this.row] };
    return item;
  }
}

/** Shown at the top of Sessions when a terminal has no shell integration, so nothing is silently lost. */
export class NoticeNode implements Node {
  constructor(
    private readonly text: string,
    private readonly tooltip: string,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text);
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.tooltip = this.tooltip;
    item.contextValue = 'notice';
    return item;
  }
}

function truncate(text: string, max: number): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}
