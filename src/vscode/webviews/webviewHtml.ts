import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { escapeHtml } from '../../core/util/html';

export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * A page shell that follows the webview content rules: a CSP that allows only this extension's
 * media and one nonce'd script, no remote resources, and VS Code's theme variables for colour.
 */
export function webviewPage(options: {
  webview: vscode.Webview;
  title: string;
  styleUri: vscode.Uri;
  scriptUri?: vscode.Uri;
  body: string;
  nonce: string;
}): string {
  const { webview, title, styleUri, scriptUri, body, nonce } = options;
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
${body}
${scriptUri ? `<script nonce="${nonce}" src="${scriptUri.toString()}"></script>` : ''}
</body>
</html>`;
}
