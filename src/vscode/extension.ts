import type * as vscode from 'vscode';

export interface SkillwrightApi {
  readonly version: string;
}

export function activate(_context: vscode.ExtensionContext): SkillwrightApi {
  return { version: '0.1.0' };
}

export function deactivate(): void {}
