/**
 * Asks git which paths .gitignore excludes. Git is the only faithful reader of its own rules
 * (nested .gitignore files, negations, info/exclude, core.excludesFile), so core asks it rather
 * than re-implementing them. Requests made in the same tick go to one `git check-ignore` run.
 */
import { spawn } from 'node:child_process';

/** The port CaptureFilter depends on: which of these workspace-relative paths are ignored. */
export interface IgnoreOracle {
  ignored(relativePaths: readonly string[]): Promise<Set<string>>;
}

export class GitCheckIgnore implements IgnoreOracle {
  private pending: { paths: string[]; resolve: (ignored: Set<string>) => void }[] = [];
  private scheduled = false;
  /** How many git processes ran; batching keeps this low. */
  runs = 0;

  /** cwd is the workspace folder; paths are relative to it. */
  constructor(
    private readonly cwd: string,
    private readonly gitPath = 'git',
  ) {}

  ignored(relativePaths: readonly string[]): Promise<Set<string>> {
    if (relativePaths.length === 0) return Promise.resolve(new Set());
    return new Promise((resolve) => {
      this.pending.push({ paths: [...relativePaths], resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.runBatch());
      }
    });
  }

  private async runBatch(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    const all = [...new Set(batch.flatMap((request) => request.paths))];
    this.runs++;
    const ignored = await this.checkIgnore(all);
    for (const request of batch) request.resolve(new Set(request.paths.filter((path) => ignored.has(path))));
  }

  /** Outside a repo, or when git is missing, nothing counts as ignored: capture stays on. */
  private checkIgnore(paths: string[]): Promise<Set<string>> {
    return new Promise((resolve) => {
      const ignored = new Set<string>();
      let stdout = '';
      let child;
      try {
        child = spawn(this.gitPath, ['check-ignore', '--stdin', '-z'], {
          cwd: this.cwd,
          stdio: ['pipe', 'pipe', 'ignore'],
        });
      } catch {
        resolve(ignored);
        return;
      }
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => (stdout += chunk));
      child.on('error', () => resolve(ignored));
      child.on('close', () => {
        for (const path of stdout.split('\0')) if (path.length > 0) ignored.add(path);
        resolve(ignored);
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(paths.map((path) => `${path}\0`).join(''));
    });
  }
}
