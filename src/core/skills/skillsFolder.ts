import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The folder VS Code/Copilot, Codex and Gemini CLI read; `skillwright.skills.folder` overrides it. */
export const DEFAULT_SKILLS_FOLDER = '.agents/skills';
export const DEFAULT_MIRRORS: readonly string[] = [];

/** The nearest folder at or above `start` holding `.git` (a folder or a worktree file), else `start`. */
export function findRepoRoot(start: string): string {
  let current = resolve(start);
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return resolve(start);
    current = parent;
  }
}
