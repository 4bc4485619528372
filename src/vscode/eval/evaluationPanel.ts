import * as vscode from 'vscode';
import type { EvalReport } from '../../core/eval/evalTypes';
import { createNonce, webviewPage } from '../webviews/webviewHtml';
import { evaluationBody } from '../../core/eval/evaluationHtml';

/**
 * One evaluation panel, reused for each run. Scripts stay off: the page is static HTML and SVG,
 * styled only by media/evaluation.css.
 */
export class EvaluationPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(report: EvalReport): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'skillwright.evaluation',
        'Skillwright Evaluation',
        vscode.ViewColumn.Active,
        {
          enableScripts: false,
          localResourceRoots: [media],
        },
      );
      this.panel.iconPath = vscode.Uri.joinPath(media, 'activitybar.svg');
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    const { webview } = this.panel;
    const { rev, label } = report.split;
    this.panel.title = `Skillwright Evaluation: ${rev && label === rev ? rev.slice(0, 10) : label}`;
    webview.html = webviewPage({
      webview,
      title: 'Skillwright evaluation',
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'evaluation.css')),
      body: evaluationBody(report),
      nonce: createNonce(),
    });
    this.panel.reveal();
  }

  dispose(): void {
    this.panel?.dispose();
    this.panel = undefined;
  }
}
