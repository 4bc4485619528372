/**
 * Builds a repository of hundreds of commits in one `git fast-import` stream (a second, where
 * committing one by one takes minutes), for planted-history tests that need a long past.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PlannedCommit {
  message: string;
  /** Files to write (content) or delete (null). */
  files?: Record<string, string | null>;
  /** Renames, applied before the writes. */
  renames?: Array<[from: string, to: string]>;
}

export interface FastRepo {
  dir: string;
  git(...args: string[]): string;
  cleanup(): void;
}

const START = Date.UTC(2022, 0, 3) / 1000;
const HOUR = 3600;

export function buildFastRepo(commits: readonly PlannedCommit[], prefix = 'skillwright-fast-'): FastRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      maxBuffer: 1 << 28,
    }).trim();
  git('init', '-q', '-b', 'main');
  const parts: string[] = [];
  commits.forEach((commit, index) => {
    const when = START + index * 6 * HOUR;
    const message = Buffer.from(commit.message, 'utf8');
    parts.push(
      `commit refs/heads/main\nmark :${index + 1}\nauthor Test Author <test@example.com> ${when} +0000\ncommitter ` +
        `Test Author <test@example.com> ${when} +0000\ndata ${message.length}\n${commit.message}\n`,
    );
    if (index > 0) parts.push(`from :${index}\n`);
    for (const [from, to] of commit.renames ?? []) parts.push(`R "${from}" "${to}"\n`);
    for (const [path, content] of Object.entries(commit.files ?? {})) {
      if (content === null) parts.push(`D "${path}"\n`);
      else parts.push(`M 100644 inline "${path}"\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    }
    parts.push('\n');
  });
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), maxBuffer: 1 << 28 });
  git('checkout', '-q', '-f', 'main');
  return { dir, git, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
