// A throwaway workspace folder that is a real git repository with a short history, so extension
// code that reads git (history mining, session attribution) has something real to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const COMMITS = [
  { date: '2026-01-05T10:00:00Z', message: 'Initial commit', files: { 'README.md': '# Sample\n', 'src/index.js': 'export const answer = 42;\n' } },
  { date: '2026-01-06T11:30:00Z', message: 'Add a test script', files: { 'package.json': '{ "name": "sample", "scripts": { "test": "node --test" } }\n', 'test/index.test.js': "import test from 'node:test';\ntest('answer', () => {});\n" } },
];

/** @returns {string} absolute path of a new git repository with two commits on branch `main` */
export function createTestWorkspace(prefix = 'skillwright-workspace-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (args, date) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.name', 'Skillwright Tests']);
  git(['config', 'user.email', 'tests@skillwright.invalid']);
  git(['config', 'commit.gpgsign', 'false']);
  for (const commit of COMMITS) {
    for (const [path, contents] of Object.entries(commit.files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    git(['add', '-A']);
    git(['commit', '-q', '-m', commit.message], commit.date);
  }
  return dir;
}
