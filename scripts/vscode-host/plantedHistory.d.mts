export interface PlannedCommit {
  message: string;
  files: Record<string, string>;
}
/** The planted commits, oldest first. */
export function plannedCommits(): PlannedCommit[];
/** Initialises `dir` as a git repository on `main` and commits plannedCommits() into it; returns dir. */
export function plantHistory(dir: string): string;
