// A throwaway workspace folder that is a real git repository with a history holding learnable
// regularities (see plantedHistory.mjs), so extension code that reads git (history mining,
// session attribution, learning) has something real to look at.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plantHistory } from './plantedHistory.mjs';

/** @returns {string} absolute path of a new git repository with a planted history on branch `main` */
export function createTestWorkspace(prefix = 'skillwright-workspace-') {
  return plantHistory(mkdtempSync(join(tmpdir(), prefix)));
}

/**
 * A temporary agent home: CLAUDE_CONFIG_DIR and CODEX_HOME point into it, so tests can play a CLI
 * agent by appending transcript lines there while the extension watches.
 * @returns {{ root: string, claudeConfigDir: string, codexHome: string }}
 */
export function createAgentHome(prefix = 'skillwright-agent-home-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const claudeConfigDir = join(root, 'claude');
  const codexHome = join(root, 'codex');
  mkdirSync(join(claudeConfigDir, 'projects'), { recursive: true });
  mkdirSync(join(codexHome, 'sessions'), { recursive: true });
  return { root, claudeConfigDir, codexHome };
}
