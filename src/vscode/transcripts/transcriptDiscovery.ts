import { homedir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AgentId } from '../../core/model/agents';
import type { DiscoveryOptions } from '../../core/sources/discovery';
import { readSettings, type SkillwrightSettings } from '../settings';

const SETTING_AGENTS: [keyof SkillwrightSettings['transcripts']['agents'], AgentId][] = [
  ['claudeCode', 'claude-code'],
  ['codex', 'codex'],
  ['geminiCli', 'gemini-cli'],
  ['copilotChat', 'copilot'],
  ['cline', 'cline'],
  ['roo', 'roo'],
];

/** The settings section whose changes mean "discover again". */
export const TRANSCRIPT_SETTINGS = 'skillwright.transcripts';

export function enabledAgents(settings: SkillwrightSettings['transcripts']): AgentId[] {
  return SETTING_AGENTS.filter(([key]) => settings.agents[key]).map(([, agent]) => agent);
}

/**
 * The running editor's user-data folders, derived from where VS Code put this extension's
 * storage: globalStorageUri is `<userData>/User/globalStorage/<ext id>` and storageUri is
 * `<userData>/User/workspaceStorage/<hash>/<ext id>`. Copilot's chat sessions and Cline/Roo's
 * task folders live under the same `<userData>/User`, whatever flavour or --user-data-dir runs.
 */
export function userDataDirsOf(context: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'storageUri'>): string[] {
  const dirs: string[] = [];
  // `levels` up from the storage folder is `<userData>/User`; anything else is an unknown layout.
  const up = (uri: vscode.Uri | undefined, levels: number): void => {
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
  const expanded = trimmed === '~' ? home : trimmed.startsWith('~/') || trimmed.startsWith('~\\') ? path.join(home, trimmed.slice(2)) : trimmed;
  return path.isAbsolute(expanded) ? path.normalize(expanded) : undefined;
}

/**
 * Discovery options for the open workspace folders. An extra location holds transcripts of an
 * unknown agent, so it is offered to every enabled agent: discovery keeps a file only when its
 * recorded cwd matches a folder, which only the right agent's reader finds.
 */
export function discoveryOptionsFor(context: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'storageUri'>): DiscoveryOptions {
  const settings = readSettings().transcripts;
  const agents = enabledAgents(settings);
  const extras = settings.extraLocations.map((location) => expandLocation(location)).filter((location): location is string => location !== undefined);
  return {
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath),
    env: process.env,
    platform: process.platform,
    homedir: homedir(),
    vscodeUserDataDirs: userDataDirsOf(context),
    enabledAgents: agents,
    extraLocations: extras.flatMap((location) => agents.map((agent) => ({ agent, path: location }))),
  };
}
