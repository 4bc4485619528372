import { gitText } from '../history/gitProcess';
import { errorMessage } from '../util/errorMessage';

export interface GitAuthorship {
  author: string;
  /** Short hash of the last commit that touched the skill folder. */
  commit: string;
}

interface CacheEntry {
  folderHash: string;
  /** Undefined: not committed yet (or not a git repository). */
  value: GitAuthorship | undefined;
  stale?: boolean;
}

const GIT_TIMEOUT_MS = 10_000;

/**
 * Who last committed each skill folder, from `git log -1`. Lookups run in the background, one at
 * a time (a pull can land dozens of skills and the machine is shared), and are cached per folder
 * hash: a folder whose content is unchanged was last committed by the same person.
 */
export class GitAuthors {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly queue = new Map<string, string>();
  private running = false;
  private user: string | undefined;
  private userAsked = false;
  private disposed = false;

  constructor(
    private readonly repoRoot: string,
    private readonly onResolved: () => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** The last known answer for this folder, or undefined while unknown; queues a lookup when the content changed. */
  lookup(folderPath: string, folderHash: string): GitAuthorship | undefined {
    const cached = this.cache.get(folderPath);
    const current = cached?.folderHash === folderHash;
    if (!current || cached.stale) {
      if (!this.queue.has(folderPath)) this.queue.set(folderPath, folderHash);
      void this.drain();
    }
    // While a changed folder is looked up again, its last commit is still the one git had before.
    return cached?.value;
  }

  /** After a reload: look uncommitted folders up again, since a commit changes no file content. */
  invalidateUncommitted(): void {
    for (const entry of this.cache.values()) if (!entry.value) entry.stale = true;
  }

  /** `git config user.name`, looked up once in the background; undefined until known. */
  localUser(): string | undefined {
    if (!this.userAsked) {
      this.userAsked = true;
      this.git(['config', 'user.name']).then(
        (stdout) => {
          this.user = stdout?.trim() || undefined;
          if (this.user !== undefined && !this.disposed) this.onResolved();
        },
        () => undefined,
      );
    }
    return this.user;
  }

  dispose(): void {
    this.disposed = true;
    this.queue.clear();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let changed = false;
    try {
      while (!this.disposed && this.queue.size > 0) {
        const [folderPath, folderHash] = this.queue.entries().next().value as [string, string];
        this.queue.delete(folderPath);
        const before = this.cache.get(folderPath);
        const value = await this.lastCommit(folderPath);
        this.cache.set(folderPath, { folderHash, value });
        if (before?.value?.commit !== value?.commit || before?.folderHash !== folderHash) changed = true;
      }
    } finally {
      this.running = false;
    }
    if (changed && !this.disposed) this.onResolved();
  }

  private async lastCommit(folderPath: string): Promise<GitAuthorship | undefined> {
    const stdout = await this.git(['log', '-1', '--format=%an%x09%h', '--', folderPath]);
    const line = stdout?.trim().split('\n')[0] ?? '';
    const tab = line.lastIndexOf('\t');
    return tab > 0 ? { author: line.slice(0, tab), commit: line.slice(tab + 1) } : undefined;
  }

  /** Stdout, or undefined when git failed (not a repository, git missing): the row then says "not committed yet". */
  private async git(args: string[]): Promise<string | undefined> {
    try {
      return await gitText(this.repoRoot, args, { signal: AbortSignal.timeout(GIT_TIMEOUT_MS) });
    } catch (error) {
      this.onError(`git ${args[0]} ${args.at(-1) ?? ''} failed: ${errorMessage(error).split('\n')[0]}`);
      return undefined;
    }
  }
}
