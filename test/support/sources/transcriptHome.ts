import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { claudeProjectDirName } from '../../../src/core/sources/transcriptRoots';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'transcripts');

export const CLAUDE_SESSION = '5d3c1f0a-7b2e-4c1d-9a8f-1e2d3c4b5a60';
export const CODEX_FILE = 'rollout-2026-11-03T14-20-00-0199a7c2-5e41-7d30-b1e2-3f4a5b6c7d8e.jsonl';

/** A scratch folder with a fake home, a workspace folder and a VS Code user-data folder. */
export interface TranscriptHome {
  root: string;
  home: string;
  workspace: string;
  userData: string;
  cleanup(): void;
}

export function makeTranscriptHome(): TranscriptHome {
  const root = mkdtempSync(join(tmpdir(), 'sw-transcripts-'));
  const home = join(root, 'home');
  const workspace = join(root, 'work', 'webapp');
  const userData = join(root, 'userData');
  for (const dir of [home, workspace, userData]) mkdirSync(dir, { recursive: true });
  return { root, home, workspace, userData, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Fixture text with its placeholders bound to a workspace folder. */
export function fixtureText(relative: string, workspace: string): string {
  const hash = createHash('sha256').update(workspace).digest('hex');
  return readFileSync(join(FIXTURES, relative), 'utf8')
    .replaceAll('__WORKSPACE__', workspace)
    .replaceAll('__PROJECT_HASH__', hash);
}

/** Copies a fixture file or folder to dest, binding placeholders on the way. */
export function installFixture(relative: string, dest: string, workspace: string): string {
  const source = join(FIXTURES, relative);
  if (statSync(source).isDirectory()) {
    mkdirSync(dest, { recursive: true });
    for (const name of readdirSync(source)) installFixture(join(relative, name), join(dest, name), workspace);
    return dest;
  }
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, fixtureText(relative, workspace));
  return dest;
}

/** Places every agent's fixtures where the agents themselves would have written them. */
export function installAllAgents(home: TranscriptHome, workspace = home.workspace): Record<string, string> {
  const claudeDir = join(home.home, '.claude', 'projects', claudeProjectDirName(workspace));
  const geminiHash = createHash('sha256').update(workspace).digest('hex');
  const storage = join(home.userData, 'User', 'workspaceStorage', 'a1b2c3');
  return {
    claude: installFixture(`claude/${CLAUDE_SESSION}.jsonl`, join(claudeDir, `${CLAUDE_SESSION}.jsonl`), workspace),
    claudeSub: installFixture(`claude/${CLAUDE_SESSION}`, join(claudeDir, CLAUDE_SESSION), workspace),
    codex: installFixture(
      `codex/${CODEX_FILE}`,
      join(home.home, '.codex', 'sessions', '2026', '11', '03', CODEX_FILE),
      workspace,
    ),
    gemini: installFixture(
      'gemini/session-2026-11-04T08-00-8c1e2f3a.jsonl',
      join(home.home, '.gemini', 'tmp', geminiHash, 'chats', 'session-2026-11-04T08-00-8c1e2f3a.jsonl'),
      workspace,
    ),
    copilotWorkspace: installFixture('copilot/workspace.json', join(storage, 'workspace.json'), workspace),
    copilot: installFixture('copilot/chatSessions', join(storage, 'chatSessions'), workspace),
    cline: installFixture(
      'cline/tasks/1762600000000',
      join(home.userData, 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'tasks', '1762600000000'),
      workspace,
    ),
    roo: installFixture(
      'roo/tasks/1762600100000',
      join(home.userData, 'User', 'globalStorage', 'rooveterinaryinc.roo-cline', 'tasks', '1762600100000'),
      workspace,
    ),
  };
}
