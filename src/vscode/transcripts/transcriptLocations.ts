import { homedir } from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import type { AgentId } from '../../core/model/agents';
import type { SkillwrightSettings } from '../settings';

type UriLike = Pick<vscode.Uri, 'scheme' | 'fsPath'>;

const SETTING_AGENTS: [keyof SkillwrightSettings['transcripts']['agents'], AgentId][] = [
  ['claudeCode', 'claude-code'],
  ['codex', 'codex'],
  ['geminiCli', 'gemini-cli'],
  ['copilotChat', 'copilot'],
  ['cline', 'cline'],
  ['roo', 'roo'],
];

export function enabledAgents(settings: SkillwrightSettings['transcripts']): AgentId[] {
  return SETTING_AGENTS.filter(([key]) => settings.agents[key]).map(([, agent]) => agent);
}

/**
 * The running editor's user-data folders, derived from where VS Code put this extension's
 * storage: globalStorageUri is `<userData>/User/globalStorage/<ext id>` and storageUri is
 * `<userData>/User/workspaceStorage/<hash>/<ext id>`. Copilot's chat sessions and Cline/Roo's
 * task folders live under the same `<userData>/User`, whatever flavour or --user-data-dir runs.
 */
export function userDataDirsOf(context: {
  globalStorageUri?: UriLike | undefined;
  storageUri?: UriLike | undefined;
}): string[] {
  const dirs: string[] = [];
  // `levels` up from the storage folder is `<userData>/User`; anything else is an unknown layout.
  const up = (uri: UriLike | undefined, levels: number): void => {
    if (!uri || uri.scheme !== 'file') return;
    let userDir = uri.fsPath;
    for (let i = 0; i < levels; i++) userDir = path.dirname(userDir);
    const userData = path.dirname(userDir);
    if (path.basename(userDir) === 'User' && !dirs.includes(userData)) dirs.push(userData);
  };
  up(context.globalStorageUri, 2);
  up(context.storageUri, 3);
  return dirs;
}

/** `~/x` and `~` expanded; relative paths are left out (they would depend on the host's cwd). */
export function expandLocation(location: string, home = homedir()): string | undefined {
  const trimmed = location.trim();
  if (!trimmed) return undefined;
  const expanded =
    trimmed === '~'
      ? home
      : trimmed.startsWith('~/') || trimmed.startsWith('~\\')
        ? path.join(home, trimmed.slice(2))
        : trimmed;
  return path.isAbsolute(expanded) ? path.normalize(expanded) : undefined;
}
