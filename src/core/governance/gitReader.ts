import { GitError, GitMissingError, gitExit, gitFields } from '../history/gitProcess';
import { streamCommits } from '../history/historyMiner';
import { PathLineage } from '../history/pathLineage';

/** What drift review needs from git; the CLI and the extension both use the git binary. */
export interface DriftGit {
  /** Paths tracked at HEAD plus the index (`git ls-files`), forward slashes. */
  trackedFiles(): Promise<Set<string>>;
  /** Whether the path existed at the commit. */
  existedAt(commit: string, path: string): Promise<boolean>;
  /** Lines of the file at the commit, or undefined when it did not exist. */
  lineCountAt(commit: string, path: string): Promise<number | undefined>;
  /** Lines added plus removed between the commit and the working tree. */
  changedLinesSince(commit: string, path: string): Promise<number>;
  /** Whether the identifier occurs as a whole word in tracked files, at the commit or (default) now. */
  symbolExists(symbol: string, commit?: string): Promise<boolean>;
  /**
   * The name a path has now if commits since `commit` (or, without one, in the whole history)
   * renamed it, following renames of renames; undefined when it was deleted or never renamed.
   */
  renamedTo(path: string, commit?: string): Promise<string | undefined>;
}

export function createGitCliReader(repoRoot: string): DriftGit {
  const git = (args: string[]): Promise<{ code: number; lines: string[] }> => gitExit(repoRoot, args);
  // Outside a repository nothing is tracked; a missing git still says so.
  const listTracked = async (): Promise<Set<string>> => {
    const paths = new Set<string>();
    try {
      for await (const path of gitFields(repoRoot, ['ls-files', '-z'])) if (path) paths.add(path);
    } catch (error) {
      if (!(error instanceof GitError) || error instanceof GitMissingError) throw error;
    }
    return paths;
  };
  let tracked: Promise<Set<string>> | undefined;
  const lineages = new Map<string, Promise<PathLineage>>();
  const lineageSince = async (commit: string | undefined): Promise<PathLineage> => {
    const commits: { files: { path: string; oldPath?: string }[] }[] = [];
    for await (const record of streamCommits(repoRoot, { exclude: commit }))
      if (record.files.some((file) => file.oldPath)) commits.push(record);
    // Only renaming commits matter, and their order (newest first) is kept.
    return new PathLineage(commits, await reader.trackedFiles());
  };

  const reader: DriftGit = {
    trackedFiles() {
      tracked ??= listTracked();
      return tracked;
    },
    async existedAt(commit, path) {
      return (await git(['cat-file', '-e', `${commit}:${path}`])).code === 0;
    },
    async lineCountAt(commit, path) {
      const { code, lines } = await git(['show', `${commit}:${path}`]);
      return code === 0 ? lines.length : undefined;
    },
    async changedLinesSince(commit, path) {
      const { lines } = await git(['diff', '--numstat', commit, '--', path]);
      let changed = 0;
      for (const line of lines) {
        const [added, removed] = line.split('\t');
        changed += (Number(added) || 0) + (Number(removed) || 0);
      }
      return changed;
    },
    async symbolExists(symbol, commit) {
      const args = ['grep', '-q', '-w', '-F', '-e', symbol];
      if (commit) args.push(commit);
      return (await git(args)).code === 0;
    },
    async renamedTo(path, commit) {
      const key = commit ?? '';
      let lineage = lineages.get(key);
      if (!lineage) lineages.set(key, (lineage = lineageSince(commit)));
      const now = (await lineage).current(path);
      return now && now !== path ? now : undefined;
    },
  };
  return reader;
}
