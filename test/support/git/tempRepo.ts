/**
 * A tiny builder for real, deterministic git repositories in os.tmpdir(), for tests that need
 * history. Every commit gets a fixed author and a date you choose (or one day after the last), so
 * hashes and ordering are reproducible.
 *
 *   const repo = await createTempRepo();
 *   repo.write('src/a.ts', 'export const a = 1;\n');
 *   const hash = repo.commit('feat: add a');            // stages everything, returns the hash
 *   repo.commit('fix: b', { files: { 'src/b.ts': 'x' } }); // write-then-commit shorthand
 *   repo.cleanup();
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepo {
  dir: string;
  /** Writes a file (creating folders) without committing. */
  write(path: string, content: string): void;
  remove(path: string): void;
  /** Stages everything and commits; returns the new commit hash. */
  commit(message: string, options?: CommitOptions): string;
  /** Runs git in the repo with the deterministic environment; returns trimmed stdout. */
  git(...args: string[]): string;
  cleanup(): void;
}

export interface CommitOptions {
  /** Files to write before committing. */
  files?: Record<string, string>;
  /** Epoch seconds; default: one day after the previous commit (first: 2024-01-01). */
  date?: number;
  author?: string;
}

const FIRST_DATE = Date.UTC(2024, 0, 1) / 1000;

export function createTempRepo(prefix = 'skillwright-repo-'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let lastDate = FIRST_DATE - 86_400;
  const git = (args: string[], env: NodeJS.ProcessEnv = {}): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env },
      maxBuffer: 64 * 1024 * 1024,
    }).trim();
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.name', 'Test Author']);
  git(['config', 'user.email', 'test@example.com']);
  git(['config', 'commit.gpgsign', 'false']);

  const write = (path: string, content: string): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };

  return {
    dir,
    write,
    remove: (path) => rmSync(join(dir, path), { force: true }),
    commit(message, options = {}) {
      for (const [path, content] of Object.entries(options.files ?? {})) write(path, content);
      lastDate = options.date ?? lastDate + 86_400;
      const stamp = `@${lastDate} +0000`;
      const author = options.author ?? 'Test Author <test@example.com>';
      const match = /^(.*) <(.*)>$/.exec(author);
      git(['add', '-A']);
      git(['commit', '-q', '--allow-empty', '-m', message], {
        GIT_AUTHOR_DATE: stamp,
        GIT_COMMITTER_DATE: stamp,
        GIT_AUTHOR_NAME: match?.[1] ?? author,
        GIT_AUTHOR_EMAIL: match?.[2] ?? 'test@example.com',
      });
      return git(['rev-parse', 'HEAD']);
    },
    git: (...args) => git(args),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
