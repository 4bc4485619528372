import * as vscode from 'vscode';
import type { Trajectory } from '../../core/model/trajectory';
import { actorLabel } from '../views/sessionsView';
import { escapeHtml } from '../../core/util/html';
import { createNonce, webviewPage } from './webviewHtml';

/** Joined without whitespace: their CSS margin is the only gap between them (a line break would add a space). */
const FILTER_BUTTONS = [
  '<button data-filter="all" class="active">All</button>',
  '<button data-filter="failure">Failures</button>',
  '<button data-filter="success">Successes</button>',
].join('');

/** One panel per session; opening the same session again reveals the existing panel. */
export class TimelinePanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(trajectory: Trajectory): void {
    const { session } = trajectory;
    const existing = this.panels.get(session.id);
    if (existing) {
      existing.webview.html = this.render(existing.webview, trajectory);
      existing.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      'skillwright.timeline',
      `Session: ${session.task ? session.task.slice(0, 40) : actorLabel(session.actor)}`,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activitybar.svg');
    panel.webview.html = this.render(panel.webview, trajectory);
    this.panels.set(session.id, panel);
    panel.onDidDispose(() => this.panels.delete(session.id));
  }

  private render(webview: vscode.Webview, trajectory: Trajectory): string {
    const { session, steps } = trajectory;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const items = steps
      .map((step, index) => {
        const time = new Date(step.ts).toLocaleTimeString();
        const files = step.files.length
          ? `<div class="files">${step.files.map((file) => `<code>${escapeHtml(file)}</code>`).join(' ')}</div>`
          : '';
        const observation = step.observation.trim();
        const summary = [
          `<span class="time">${escapeHtml(time)}</span>`,
          `<span class="action">${escapeHtml(step.action)}</span>`,
          `<span class="badge">${step.outcome}</span>`,
        ].join(' ');
        const diffClass = observation.startsWith('---') || observation.includes('\n@@') ? 'diff' : '';
        const output = observation ? `<pre class="${diffClass}">${escapeHtml(observation)}</pre>` : '';
        return `<li class="step ${step.outcome}">
  <div class="marker" aria-hidden="true"></div>
  <details${step.outcome === 'failure' ? ' open' : ''}>
    <summary>${summary}</summary>
    ${files}
    ${output}
  </details>
  <span class="index">${index + 1}</span>
</li>`;
      })
      .join('\n');
    const nonce = createNonce();
    const actor = escapeHtml(actorLabel(session.actor));
    const started = escapeHtml(new Date(session.startedAt).toLocaleString());
    const outcome = `<strong class="${session.outcome}">${session.outcome}</strong>`;
    const branch = session.branch ? ` · branch <code>${escapeHtml(session.branch)}</code>` : '';
    const body = `<header>
  <h1>${escapeHtml(session.task ?? `${actorLabel(session.actor)} session`)}</h1>
  <p class="meta">${actor} · ${started} · ${steps.length} steps · outcome ${outcome}${branch}</p>
  <div class="filters" role="group" aria-label="Filter steps">
    ${FILTER_BUTTONS}
  </div>
</header>
<ol class="timeline">${items || '<li class="empty">This session has no steps.</li>'}</ol>`;
    return webviewPage({
      webview,
      title: 'Session timeline',
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.css')),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.js')),
      body,
      nonce,
    });
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}
