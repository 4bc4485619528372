import { DEFAULT_MAX_PENDING } from '../candidates/reconcile';
import { DEFAULT_HALF_LIFE_COMMITS } from '../history/recency';
import { skillsFolderOf } from '../learn/repoContext';

/**
 * How one repository is set up for learning and review. The editor fills it from its settings,
 * the CLI from its flags; both then learn, accept and reject through the same ReviewWorkflow.
 */
export interface RepoConfig {
  /** The repository root. */
  root: string;
  /** The canonical skills folder, absolute. */
  skillsFolder: string;
  /** Copies of the skills folder for other agents; relative ones resolve against root. */
  mirrors: readonly string[];
  /** Pending candidates allowed at once. */
  maxPending: number;
  /** Commits per halving of an old commit's weight. */
  halfLifeCommits: number;
}

/** What a host knows of the configuration; whatever it leaves out takes the shared default. */
export interface RepoConfigInput {
  /** Relative to the root, or absolute. */
  skillsFolder?: string;
  mirrors?: readonly string[];
  maxPending?: number;
  halfLifeCommits?: number;
}

/** The one place the defaults are applied, so the editor and the CLI cannot drift apart. */
export function readRepoConfig(root: string, input: RepoConfigInput = {}): RepoConfig {
  return {
    root,
    skillsFolder: skillsFolderOf(root, input.skillsFolder),
    mirrors: input.mirrors ?? [],
    maxPending: input.maxPending ?? DEFAULT_MAX_PENDING,
    halfLifeCommits: input.halfLifeCommits ?? DEFAULT_HALF_LIFE_COMMITS,
  };
}
