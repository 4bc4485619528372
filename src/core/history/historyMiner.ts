import { CommitClassifier, type CommitFilterOptions, DEFAULT_COMMIT_FILTERS } from './commitFilters';
import type { ClassifiedCommit, CommitRecord, ExclusionReason } from './commitRecord';
import { gitFields, gitLines, type GitRunOptions } from './gitProcess';
import { LOG_ARGS, LogParser } from './logParser';
import { resolveSplit, type SplitPoint } from './splitPoint';

export interface StreamCommitsOptions extends GitRunOptions {
  /** Tip to walk from (default HEAD). */
  rev?: string;
  /** Leave out this rev and its ancestors (e.g. the split, to walk the commits after it). */
  exclude?: string;
  /** Epoch ms: only commits committed at or before it. */
  before?: number;
  /** Oldest first. Git buffers the commit list for this, the parser still streams. */
  reverse?: boolean;
  maxCommits?: number;
  /** Skip rename detection (faster; renames then appear as delete + add). */
  noRenames?: boolean;
}

/** Streams raw commit records from `git log --numstat -z`, newest first unless `reverse`. */
export async function* streamCommits(
  repo: string,
  options: StreamCommitsOptions = {},
): AsyncGenerator<CommitRecord, number> {
  const args = ['log', ...LOG_ARGS, options.noRenames ? '--no-renames' : '-M', '--date-order'];
  if (options.before !== undefined && Number.isFinite(options.before))
    args.push(`--before=@${Math.floor(options.before / 1000)}`);
  if (options.maxCommits !== undefined) args.push(`--max-count=${options.maxCommits}`);
  if (options.reverse) args.push('--reverse');
  args.push(options.rev ?? 'HEAD');
  if (options.exclude) args.push(`^${options.exclude}`);
  args.push('--');
  const parser = new LogParser();
  for await (const field of gitFields(repo, args, options)) {
    const commit = parser.push(field);
    if (commit) yield commit;
  }
  const last = parser.finish();
  if (last) yield last;
  return parser.skipped;
}

export interface MineHistoryOptions extends GitRunOptions {
  repo: string;
  /** A rev or a date; see SplitPoint for what "strict" means. */
  until?: string;
  filters?: Partial<CommitFilterOptions>;
  /** Read at most this many commits (newest first before the split). */
  maxCommits?: number;
  /** Called every `progressEvery` commits with the running count. */
  onProgress?: (commitsRead: number) => void;
  progressEvery?: number;
}

export interface HistoryStats {
  total: number;
  counted: number;
  excluded: Partial<Record<ExclusionReason, number>>;
  skippedLines: number;
}

export interface MinedHistory {
  split: SplitPoint;
  /** Every commit before the split, newest first, each with its exclusion verdict. */
  commits: ClassifiedCommit[];
  stats: HistoryStats;
  classifier: CommitClassifier;
}

/** Reads and classifies the history up to the split. An empty repository gives no commits. */
export async function mineHistory(options: MineHistoryOptions): Promise<MinedHistory> {
  const split = await resolveSplit(options.repo, options.until, options);
  const classifier = new CommitClassifier({ ...DEFAULT_COMMIT_FILTERS, ...options.filters });
  const commits: ClassifiedCommit[] = [];
  const stats: HistoryStats = { total: 0, counted: 0, excluded: {}, skippedLines: 0 };
  if (!split.rev) return { split, commits, stats, classifier };
  const every = options.progressEvery ?? 500;
  const stream = streamCommits(options.repo, {
    rev: split.rev,
    before: split.time,
    maxCommits: options.maxCommits,
    signal: options.signal,
  });
  for (;;) {
    const next = await stream.next();
    if (next.done) {
      stats.skippedLines = next.value;
      break;
    }
    const commit = classifier.classify(next.value);
    commits.push(commit);
    stats.total++;
    if (commit.exclusion) stats.excluded[commit.exclusion] = (stats.excluded[commit.exclusion] ?? 0) + 1;
    else stats.counted++;
    if (options.onProgress && stats.total % every === 0) options.onProgress(stats.total);
  }
  return { split, commits, stats, classifier };
}

/** The unified diff of one commit (`git show`), for the few commits a distiller wants to read. */
export async function commitPatch(
  repo: string,
  hash: string,
  options: GitRunOptions & { paths?: string[] } = {},
): Promise<string> {
  const out: string[] = [];
  for await (const line of gitLines(
    repo,
    ['show', '--format=', '--patch', '-M', hash, '--', ...(options.paths ?? [])],
    options,
  ))
    out.push(line);
  return out.join('\n');
}
