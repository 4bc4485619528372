import { composePattern } from '../util/patterns';
import { gitText, type GitRunOptions } from './gitProcess';

/**
 * Where learning stops. "Strict" means nothing the split excludes can reach a distiller:
 * - a commit counts only if it is an ancestor of (or equal to) `rev` AND its committer date is
 *   ≤ `time`, so a rebased or clock-skewed ancestor committed after the split is still left out;
 * - the tree (file list, package scripts, CI files, headers) is read at `rev`, never from the
 *   working copy, which may hold later changes.
 * For a date, `rev` is the last first-parent commit of HEAD committed at or before it: the state of
 * the main line at that moment, not side branches that were merged later. For a rev, `time` is
 * that commit's committer date. Without `until`, `rev` is HEAD and there is no time bound.
 */
export interface SplitPoint {
  /** The commit hash learning reads up to; undefined when no commit precedes the split. */
  rev: string | undefined;
  /** Epoch ms; commits committed after it are excluded. Infinity when there is no split. */
  time: number;
  /** What the user asked for, for reports. */
  label: string;
}

const UNITS_AGO = String.raw`\d+[ .](seconds?|minutes?|hours?|days?|weeks?|months?|years?)[ .]ago`;
const RELATIVE_DATE = composePattern(
  ['^(', [UNITS_AGO, 'yesterday', 'today', 'now', 'last[ .](week|month|year)'].join('|'), ')$'],
  'i',
);

export async function resolveSplit(
  repo: string,
  until: string | undefined,
  options: GitRunOptions = {},
): Promise<SplitPoint> {
  if (!until) {
    const head = await tryGit(repo, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], options);
    return { rev: head || undefined, time: Number.POSITIVE_INFINITY, label: 'HEAD' };
  }
  const asRev = await tryGit(repo, ['rev-parse', '--verify', '--quiet', `${until}^{commit}`], options);
  if (asRev) {
    const seconds = Number(await gitText(repo, ['log', '-1', '--format=%ct', asRev], options));
    return { rev: asRev, time: seconds * 1000, label: until };
  }
  const parsed = Date.parse(until);
  // git's date parser accepts almost any text as "now"; only pass it relative dates it truly reads.
  if (Number.isNaN(parsed) && !RELATIVE_DATE.test(until))
    throw new Error(`'${until}' is neither a revision nor a date git understands`);
  const before = Number.isNaN(parsed) ? until : `@${Math.floor(parsed / 1000)}`;
  const rev = await tryGit(repo, ['rev-list', '-1', '--first-parent', `--before=${before}`, 'HEAD'], options);
  if (Number.isNaN(parsed) && !rev) throw new Error(`'${until}' is neither a revision nor a date git understands`);
  const time =
    Number.isNaN(parsed) && rev
      ? Number(await gitText(repo, ['log', '-1', '--format=%ct', rev], options)) * 1000
      : parsed;
  return { rev: rev || undefined, time, label: until };
}

async function tryGit(repo: string, args: string[], options: GitRunOptions): Promise<string> {
  try {
    return (await gitText(repo, args, options)).trim();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return '';
  }
}
