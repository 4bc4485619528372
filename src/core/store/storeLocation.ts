import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the CLI keeps a repository's private store when --db is not given: a per-user data folder
 * keyed by the repository's absolute path. Never inside the repository, because trajectories are
 * private and must not be committed.
 */
export function defaultStorePath(
  repoRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const key = createHash('sha256').update(resolve(repoRoot)).digest('hex').slice(0, 16);
  return join(userDataDir(env, platform), 'skillwright', key, 'skillwright.db');
}

function userDataDir(env: NodeJS.ProcessEnv, platform: string): string {
  if (env.SKILLWRIGHT_DATA_DIR) return env.SKILLWRIGHT_DATA_DIR;
  if (platform === 'win32') return env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
}

/**
 * Where `skillwright mcp --repo <root>` appends the gaps agents report: beside the CLI's default
 * store, because the MCP server must not write into a database the editor checkpoints. The
 * editor imports the file from there.
 */
export function gapInboxPath(repoRoot: string): string {
  return join(dirname(defaultStorePath(repoRoot)), 'gap-inbox.jsonl');
}
