/** One file a commit touched, as `git log --numstat -M` reports it. */
export interface FileChange {
  /** Repository-relative path after the commit (forward slashes). */
  path: string;
  /** The path before a rename, when git detected one. */
  oldPath?: string;
  added: number;
  deleted: number;
  binary: boolean;
}

export interface CommitRecord {
  hash: string;
  parents: string[];
  /** "Name <email>". */
  author: string;
  /** Epoch milliseconds. */
  authorDate: number;
  /** Epoch milliseconds; the split and the ordering use this (when the commit entered the repo). */
  commitDate: number;
  subject: string;
  body: string;
  files: FileChange[];
}

export type ExclusionReason =
  | 'merge'
  | 'bulk'
  | 'vendoring'
  | 'formatting'
  | 'lockfile-only'
  | 'generated-only'
  | 'release'
  | 'dependency-update'
  | 'empty';

/** A commit plus what the statistics may use of it. */
export interface ClassifiedCommit extends CommitRecord {
  /** Why the whole commit is kept out of the statistics; undefined when it counts. */
  exclusion?: ExclusionReason;
  /** The paths that count (vendored, generated and lockfiles removed). Empty when excluded. */
  statFiles: string[];
}
