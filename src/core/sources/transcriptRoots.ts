import path from 'node:path';
import type { AgentId } from '../model/agents';

export interface RootOptions {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
  /** VS Code user-data folders the host knows of (the running editor's own first). */
  vscodeUserDataDirs?: string[];
}

export interface TranscriptRoots {
  claudeProjects: string[];
  codexSessions: string[];
  geminiTmp: string[];
  /** `<userData>/User` folders of VS Code flavours: workspaceStorage and globalStorage live below. */
  vscodeUserDirs: string[];
}

export const CLINE_EXTENSION_ID = 'saoudrizwan.claude-dev';
export const ROO_EXTENSION_ID = 'rooveterinaryinc.roo-cline';

const VSCODE_FLAVOURS = ['Code', 'Code - Insiders', 'VSCodium', 'Code - OSS', 'Cursor', 'Windsurf'];

/** Where each agent keeps transcripts on this platform, honouring the agents' own env overrides. */
export function transcriptRoots(options: RootOptions): TranscriptRoots {
  const p = options.platform === 'win32' ? path.win32 : path.posix;
  const { env, homedir } = options;
  const claudeBases = env.CLAUDE_CONFIG_DIR
    ? env.CLAUDE_CONFIG_DIR.split(',')
        .map((dir) => dir.trim())
        .filter(Boolean)
    : [p.join(homedir, '.claude'), p.join(env.XDG_CONFIG_HOME ?? p.join(homedir, '.config'), 'claude')];
  const codexHome = env.CODEX_HOME || p.join(homedir, '.codex');
  const geminiHome = env.GEMINI_CLI_HOME || homedir;
  return {
    claudeProjects: claudeBases.map((base) => p.join(base, 'projects')),
    codexSessions: [p.join(codexHome, 'sessions')],
    geminiTmp: [p.join(geminiHome, '.gemini', 'tmp')],
    vscodeUserDirs: unique(
      [...(options.vscodeUserDataDirs ?? []), ...defaultUserDataDirs(options, p)].map((dir) => p.join(dir, 'User')),
    ),
  };
}

function defaultUserDataDirs(options: RootOptions, p: path.PlatformPath): string[] {
  const { env, homedir, platform } = options;
  let base: string;
  if (platform === 'win32') base = env.APPDATA ?? p.join(homedir, 'AppData', 'Roaming');
  else if (platform === 'darwin') base = p.join(homedir, 'Library', 'Application Support');
  else base = env.XDG_CONFIG_HOME ?? p.join(homedir, '.config');
  const dirs = VSCODE_FLAVOURS.map((flavour) => p.join(base, flavour));
  // code-server keeps its user data apart from desktop VS Code.
  if (platform !== 'win32') dirs.push(p.join(env.XDG_DATA_HOME ?? p.join(homedir, '.local', 'share'), 'code-server'));
  return dirs;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** Claude Code's project folder name for a cwd: every character outside [a-zA-Z0-9] becomes '-'. */
export function claudeProjectDirName(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

export function extensionTasksDir(
  vscodeUserDir: string,
  agent: Extract<AgentId, 'cline' | 'roo'>,
  platform: NodeJS.Platform,
): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return p.join(vscodeUserDir, 'globalStorage', agent === 'cline' ? CLINE_EXTENSION_ID : ROO_EXTENSION_ID, 'tasks');
}
