import type { GitRunOptions } from './gitProcess';
import { readAdditions } from './patchReader';
import type { PresentHistory } from './presentHistory';

/** What a change-recipe learner reads: the lines recent commits added, in today's paths. */
export interface RecentAddition {
  hash: string;
  subject: string;
  commitDate: number;
  files: Array<{ path: string; lines: string[] }>;
}

export interface RecentAdditionsOptions extends GitRunOptions {
  /** The newest this-many counted commits that changed 2–`maxFiles` files. @default 600 */
  maxCommits?: number;
  /** @default 20 */
  maxFiles?: number;
}

/**
 * Reads the added lines of the newest commits that change several files at once (only those: a
 * one-file commit links nothing), each file under its name at the split, counted files only
 * (no vendored, generated or lock files), and files deleted since left out.
 */
export async function readRecentAdditions(
  repo: string,
  history: PresentHistory,
  options: RecentAdditionsOptions = {},
): Promise<RecentAddition[]> {
  const maxFiles = options.maxFiles ?? 20;
  const wanted = new Map<string, { position: number; subject: string; commitDate: number; counted: Set<string> }>();
  history.commits.forEach((commit, position) => {
    if (wanted.size >= (options.maxCommits ?? 600) || commit.exclusion) return;
    if (commit.statFiles.length < 2 || commit.statFilesThen.length > maxFiles) return;
    wanted.set(commit.hash, {
      position,
      subject: commit.subject,
      commitDate: commit.commitDate,
      counted: new Set(commit.statFilesThen),
    });
  });
  const additions: RecentAddition[] = [];
  for await (const commit of readAdditions(repo, [...wanted.keys()], { signal: options.signal })) {
    const meta = wanted.get(commit.hash);
    if (!meta) continue;
    const files: RecentAddition['files'] = [];
    for (const file of commit.files) {
      if (!meta.counted.has(file.path) || file.lines.length === 0) continue;
      const now = history.lineage.resolve(file.path, meta.position);
      if (now) files.push({ path: now, lines: file.lines });
    }
    if (files.length >= 2)
      additions.push({ hash: commit.hash, subject: meta.subject, commitDate: meta.commitDate, files });
  }
  // git answers in the order asked, newest first; keep that order whatever happened on the way.
  const order = new Map([...wanted.keys()].map((hash, index) => [hash, index]));
  return additions.sort((a, b) => (order.get(a.hash) ?? 0) - (order.get(b.hash) ?? 0));
}
