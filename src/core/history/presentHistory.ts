import type { ClassifiedCommit } from './commitRecord';
import { type HistoryStats, type MinedHistory, mineHistory, type MineHistoryOptions } from './historyMiner';
import { PathLineage } from './pathLineage';
import { recencyWeight, DEFAULT_HALF_LIFE_COMMITS } from './recency';
import { listFilesAt } from './repoTree';

/**
 * A commit as every learner sees it: `statFiles` are the counted paths under their names at the
 * split, with files deleted before the split left out, and the commit carries its recency weight.
 * Hash, message and dates stay as they were, so evidence cites the real commit.
 */
export interface LearningCommit extends ClassifiedCommit {
  /** The counted paths as the commit named them. */
  statFilesThen: readonly string[];
  /** Counted commits between this one and the split (0 for the newest). */
  age: number;
  /** 0.5 ^ (age / half-life): how much this commit speaks for the repository as it is now. */
  weight: number;
}

export interface PresentHistoryStats extends HistoryStats {
  /** Rename records followed. */
  renames: number;
  /** Counted commits whose every file was deleted before the split: nothing in them is about today's tree. */
  aboutDeletedFiles: number;
}

export interface PresentHistory extends Omit<MinedHistory, 'commits' | 'stats'> {
  /** Every commit before the split, newest first. */
  commits: LearningCommit[];
  /** Every path at the split (the tree of `split.rev`, not the working copy). */
  tree: string[];
  lineage: PathLineage;
  halfLife: number;
  stats: PresentHistoryStats;
}

export interface PresentHistoryOptions extends MineHistoryOptions {
  /** Commits per halving of a commit's weight. @default DEFAULT_HALF_LIFE_COMMITS */
  halfLife?: number;
}

/** Mines the history up to the split and restates it in today's paths, with recency weights. */
export async function readPresentHistory(options: PresentHistoryOptions): Promise<PresentHistory> {
  const mined = await mineHistory(options);
  const tree = mined.split.rev ? await listFilesAt(options.repo, mined.split.rev, { signal: options.signal }) : [];
  return restateHistory(mined, tree, options.halfLife);
}

/** The pure half of readPresentHistory, for histories already read (evaluation, tests). */
export function restateHistory(
  mined: MinedHistory,
  tree: readonly string[],
  halfLife = DEFAULT_HALF_LIFE_COMMITS,
): PresentHistory {
  const lineage = new PathLineage(mined.commits, new Set(tree));
  let age = 0;
  let aboutDeletedFiles = 0;
  const commits = mined.commits.map((commit, position): LearningCommit => {
    const statFilesThen = commit.statFiles;
    const statFiles: string[] = [];
    for (const path of statFilesThen) {
      const now = lineage.resolve(path, position);
      if (now !== undefined && !statFiles.includes(now)) statFiles.push(now);
    }
    const commitAge = age;
    if (!commit.exclusion) {
      age++;
      if (statFiles.length === 0 && statFilesThen.length > 0) aboutDeletedFiles++;
    }
    return { ...commit, statFiles, statFilesThen, age: commitAge, weight: recencyWeight(commitAge, halfLife) };
  });
  return {
    split: mined.split,
    classifier: mined.classifier,
    commits,
    tree: [...tree],
    lineage,
    halfLife,
    stats: { ...mined.stats, renames: lineage.renameCount, aboutDeletedFiles },
  };
}
