import type { ExclusionReason } from '../history/commitRecord';
import type { RecordedEvent } from '../model/events';
import type { Logger, Progress } from '../ports';
import type { MetricSet } from './rankingMetrics';
import type { RecipeMeasure } from './recipeMeasure';

/** What `runEvaluation` needs; the JSON it returns is documented in src/cli/commands/eval.ts. */
export interface EvalOptions {
  /** Repository root (or any folder inside the work tree). */
  repo: string;
  /** Learn from history up to this rev or date (strict, as `learn --until`); score what follows. */
  split: string;
  /** Cut-offs for the ranking metrics. @default [1, 3, 5] */
  ks?: readonly number[];
  /** Learn again after scoring each commit (see relearnEvery). @default false */
  online?: boolean;
  /** Online mode: commits per reported window. @default 100 */
  window?: number;
  /**
   * Online mode: relearn after every this-many scored commits. 1 is the exact protocol; larger
   * values trade fidelity for speed on long histories. @default 1
   */
  relearnEvery?: number;
  /** Recorded sessions, used only when given (the CLI's --with-sessions); those after the split are ignored. */
  events?: readonly RecordedEvent[];
  /** Random-ranking baseline: orders averaged per commit. @default 10 */
  randomSeeds?: number;
  /** A top match below this is a gap. @default 0.3 (DEFAULT_GAP_THRESHOLD) */
  gapThreshold?: number;
  /** Commits per halving of a commit's weight. @default DEFAULT_HALF_LIFE_COMMITS */
  halfLife?: number;
  /** Score at most this many commits after the split (oldest first). */
  maxTestCommits?: number;
  progress?: Progress;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface MetricBlock {
  ours: MetricSet;
  baselines: Record<string, MetricSet>;
  /** ours ÷ baseline per key; null where the baseline is 0. */
  ratios: Record<string, Record<string, number | null>>;
}

export interface OnlineWindow {
  /** 1-based positions of the first and last scored commit in the window. */
  from: number;
  to: number;
  first_commit: string;
  last_commit: string;
  /** Skills in the library when the window ended. */
  library_size: number;
  cochange: MetricBlock;
  retrieval: MetricBlock;
  gaps: { ours: MetricSet };
}

export interface EvalReport {
  schema: 1;
  repo: string;
  split: { label: string; rev: string | null; time: string | null };
  /** Counted (not excluded) commits learned from / scored. */
  train_commits: number;
  test_commits: number;
  excluded: { train: Partial<Record<ExclusionReason, number>>; test: Partial<Record<ExclusionReason, number>> };
  ks: number[];
  /** Commits per halving of weight in our model. */
  half_life: number;
  /** Rename records followed before the split. */
  renames: number;
  library: Array<{ name: string; source: string; scope: string[] }>;
  /** One initial change: each file of a commit alone predicts the commit's other files. */
  cochange: MetricBlock & { queries: number; commits: number };
  /** The files changed so far: half of each commit of 3+ files predicts the rest. */
  cochange_sets: MetricBlock & { queries: number; commits: number };
  /** Whether our model's probabilities were calibrated on this history (too short a history uses defaults). */
  calibration: { calibrated: boolean; half_life: number };
  /**
   * Later commits that make a change a recipe describes: how many of its other files they touched, against co-change.
   */
  recipes: RecipeMeasure;
  retrieval: MetricBlock & { commits: number; random_seeds: number };
  gaps: MetricBlock & { threshold: number; commits: number };
  conventions: MetricBlock & {
    rules: Array<{ key: string; statement: string; applicable: number; adhered: number }>;
    not_learned: string[];
  };
  online?: { window: number; relearn_every: number; windows: OnlineWindow[] };
  timings_ms: { learn: number; read_test: number; score: number; total: number };
}
