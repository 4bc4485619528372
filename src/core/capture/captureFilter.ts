/**
 * Decides which paths capture leaves alone: `.git/`, `files.exclude`, `skillwright.capture.exclude`
 * and .gitignore. Globs answer synchronously; .gitignore answers come from git, are cached, and
 * are asked for in batches, so the listener path only ever reads a Map.
 */
import { globMatcher, toPosix, type PathMatcher } from '../util/glob';
import type { IgnoreOracle } from './gitIgnoreOracle';

export interface CaptureFilterOptions {
  /**
   * VS Code's `files.exclude` map. Only entries set to true count: a `{when}` clause depends on
   * sibling files, and guessing it would hide files the user sees.
   */
  filesExclude?: Record<string, boolean | { when: string }>;
  /** The `skillwright.capture.exclude` glob list. */
  captureExclude?: readonly string[];
  /** Omit to skip .gitignore (e.g. not a git repo). */
  gitIgnore?: IgnoreOracle;
  /** Bounds the answer cache. @default 20000 */
  cacheLimit?: number;
}

export type ExcludeReason = 'git-dir' | 'files.exclude' | 'capture.exclude' | 'gitignore';

export class CaptureFilter {
  private readonly filesExclude: PathMatcher;
  private readonly captureExclude: PathMatcher;
  private readonly gitAnswers = new Map<string, boolean>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly cacheLimit: number;

  constructor(private readonly options: CaptureFilterOptions = {}) {
    const fileGlobs = Object.entries(options.filesExclude ?? {})
      .filter(([, value]) => value === true)
      .flatMap(([glob]) => [glob, `${glob}/**`]);
    this.filesExclude = globMatcher(fileGlobs);
    this.captureExclude = globMatcher((options.captureExclude ?? []).flatMap((glob) => [glob, `${glob}/**`]));
    this.cacheLimit = options.cacheLimit ?? 20_000;
  }

  /** The reason a path is excluded; undefined when included; 'pending' when git has not answered yet. */
  checkSync(relativePath: string): ExcludeReason | 'pending' | undefined {
    const path = toPosix(relativePath);
    const byGlob = this.globReason(path);
    if (byGlob) return byGlob;
    if (!this.options.gitIgnore) return undefined;
    // Nothing inside an ignored folder can be re-included (git's own rule), so one folder answer
    // covers every file below it: `npm install` writing 10,000 files costs one question.
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      if (this.gitAnswers.get(path.slice(0, slash + 1)) === true) return 'gitignore';
    }
    const answer = this.gitAnswers.get(path);
    if (answer === undefined) return 'pending';
    return answer ? 'gitignore' : undefined;
  }

  async check(relativePath: string): Promise<ExcludeReason | undefined> {
    const quick = this.checkSync(relativePath);
    if (quick !== 'pending') return quick;
    return (await this.askGit(toPosix(relativePath))) ? 'gitignore' : undefined;
  }

  async isExcluded(relativePath: string): Promise<boolean> {
    return (await this.check(relativePath)) !== undefined;
  }

  /** Starts the git question early so the answer is cached by the time a burst flushes. */
  prefetch(relativePath: string): void {
    if (this.checkSync(relativePath) === 'pending') void this.askGit(toPosix(relativePath));
  }

  /** Call when a .gitignore (or git's exclude config) changes. */
  invalidate(): void {
    this.gitAnswers.clear();
  }

  private globReason(path: string): ExcludeReason | undefined {
    if (path === '.git' || path.startsWith('.git/') || path.includes('/.git/')) return 'git-dir';
    if (this.filesExclude(path)) return 'files.exclude';
    if (this.captureExclude(path)) return 'capture.exclude';
    return undefined;
  }

  private askGit(path: string): Promise<boolean> {
    const existing = this.inFlight.get(path);
    if (existing) return existing;
    const oracle = this.options.gitIgnore;
    if (!oracle) return Promise.resolve(false);
    const folders: string[] = [];
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      const folder = path.slice(0, slash + 1);
      if (!this.gitAnswers.has(folder)) folders.push(folder);
    }
    const answer = oracle
      .ignored([...folders, path])
      .catch(() => new Set<string>())
      .then((ignored) => {
        this.inFlight.delete(path);
        for (const asked of [...folders, path]) this.remember(asked, ignored.has(asked));
        return this.checkSync(path) === 'gitignore';
      });
    this.inFlight.set(path, answer);
    return answer;
  }

  private remember(path: string, ignored: boolean): void {
    if (this.gitAnswers.size >= this.cacheLimit) this.gitAnswers.delete(this.gitAnswers.keys().next().value as string);
    this.gitAnswers.set(path, ignored);
  }
}
