import { fitLogistic, type LogisticModel, predictLogistic } from '../util/logisticRegression';
import { type AssociationEvidence, CoChangeIndex, type CoChangeTransaction } from './cochangeIndex';
import {
  type CandidateReason,
  candidatesFor,
  FEATURE_NAMES,
  type FeatureSources,
  queryContext,
} from './changeFeatures';
import type { PresentHistory } from '../history/presentHistory';
import { dirOf } from '../util/paths';
import { StructuralPriors } from './structuralPriors';

/**
 * The co-change model that answers "which files usually change with these?": largest-overlap
 * association over recency-weighted, rename-aware history, blended with what the tree says (same
 * folder, tests, imports), ranked by a probability calibrated on this repository's own recent
 * commits. It always answers when the tree has any other file, and it is refreshed commit by
 * commit rather than rebuilt.
 */
export interface ChangePredictorInput {
  /** Usable history, any order; `files` in today's paths. */
  transactions: readonly CoChangeTransaction[];
  /** Files at the split that may be predicted (vendored and generated files already left out). */
  tree: readonly string[];
  imports?: Iterable<readonly [string, string]>;
  halfLife: number;
  /** @default 30 */
  maxFilesPerCommit?: number;
}

/** A commit that arrived after the model was built, as git reports it (paths as of that commit). */
export interface ObservedCommit {
  hash: string;
  subject: string;
  commitDate: number;
  /** Counted files, named as of this commit. */
  statFiles: readonly string[];
  /** Renames this commit made. */
  renames: ReadonlyArray<{ from: string; to: string }>;
  /** Paths this commit added to the tree, if known (a rename's target is added either way). */
  added?: readonly string[];
  /** Paths this commit removed from the tree, if known. */
  removed?: readonly string[];
}

export interface RelatedPrediction {
  path: string;
  /** Calibrated probability that the file changes in the same commit. */
  probability: number;
  reasons: CandidateReason[];
  /** The commits that support it, when it changed together with the query. */
  association?: AssociationEvidence;
  /** How many commits changed the query files (those sharing the most files with it). */
  outOf: number;
}

export interface PredictOptions {
  /** @default 10 */
  k?: number;
  /** Predictions below this probability are left out, except the best one. @default 0 */
  minProbability?: number;
  /** …and so are those below this share of the best one's probability. @default 0 */
  minShareOfBest?: number;
}

/**
 * What is shown by default: guesses below 2% or below a tenth of the best one's probability are
 * noise to an agent, except the best guess, which is always shown.
 */
export const SHOWN_PREDICTIONS: Required<Pick<PredictOptions, 'minProbability' | 'minShareOfBest'>> = {
  minProbability: 0.02,
  minShareOfBest: 0.1,
};

/** Recent commits held out to calibrate on: enough for a stable fit, few enough to stay fast. */
const CALIBRATION_COMMITS = 400;
const MIN_POSITIVES = 25;

/**
 * Used when the history is too short to calibrate, on raw features (in FEATURE_NAMES order):
 * association first, then a test partner or the same folder, then imports, then folder
 * association; how often a file changes only breaks ties.
 */
const FALLBACK: LogisticModel = {
  weights: [-5, 6, 0.5, 1.5, 2.5, 2.5, 1.5, 1, 0.15, 0, 0, 0.5, 0.1],
  means: new Array<number>(FEATURE_NAMES.length).fill(0),
  scales: new Array<number>(FEATURE_NAMES.length).fill(1),
};

export class ChangePredictor {
  private constructor(
    private readonly sources: PredictorSources,
    readonly calibration: LogisticModel,
    readonly calibrated: boolean,
  ) {}

  static build(input: ChangePredictorInput): ChangePredictor {
    const sorted = [...input.transactions].sort((a, b) => a.age - b.age);
    const usable = sorted.filter(
      (transaction) => transaction.files.length >= 2 && transaction.files.length <= (input.maxFilesPerCommit ?? 30),
    );
    const held = Math.min(CALIBRATION_COMMITS, Math.floor(usable.length / 5));
    let calibration = FALLBACK;
    let calibrated = false;
    if (held >= 20) {
      const cutoff = (usable[held - 1] as CoChangeTransaction).age;
      const older = sorted
        .filter((transaction) => transaction.age > cutoff)
        .map((transaction) => ({ ...transaction, age: transaction.age - cutoff - 1 }));
      const fitted = fitOn(new PredictorSources(older, input), usable.slice(0, held));
      if (fitted) {
        calibration = fitted;
        calibrated = true;
      }
    }
    return new ChangePredictor(new PredictorSources(sorted, input), calibration, calibrated);
  }

  /**
   * Trained on a history's counted commits in today's paths, so the related-files index and the
   * evaluation score the same model.
   */
  static fromHistory(
    history: PresentHistory,
    tree: readonly string[],
    imports: Iterable<readonly [string, string]>,
  ): ChangePredictor {
    return ChangePredictor.build({
      transactions: history.commits
        .filter((commit) => !commit.exclusion)
        .map((commit) => ({
          hash: commit.hash,
          subject: commit.subject,
          commitDate: commit.commitDate,
          files: commit.statFiles,
          age: commit.age,
        })),
      tree,
      imports,
      halfLife: history.halfLife,
    });
  }

  /** The files most likely to change together with `files`, best first. */
  predict(files: readonly string[], options: PredictOptions = {}): RelatedPrediction[] {
    const k = options.k ?? 10;
    const context = queryContext(this.sources, files);
    const scored = candidatesFor(this.sources, context)
      .map((candidate) => ({ candidate, probability: predictLogistic(this.calibration, candidate.features) }))
      .sort((a, b) => b.probability - a.probability || (a.candidate.path < b.candidate.path ? -1 : 1));
    const top = scored[0]?.probability ?? 0;
    const floor = Math.max(options.minProbability ?? 0, (options.minShareOfBest ?? 0) * top);
    return scored
      .filter((entry, rank) => rank === 0 || entry.probability >= floor)
      .slice(0, k)
      .map(({ candidate, probability }) => ({
        path: candidate.path,
        probability,
        reasons: candidate.reasons,
        association: candidate.association,
        outOf: context.fileAnswer.transactions,
      }));
  }

  /**
   * Takes in commits newer than everything seen so far, oldest first. With `cochange: false` only
   * the tree follows them (renames, new and removed files) and the co-change statistics stay as
   * they were, which is how evaluation keeps the model frozen at the split while queries name
   * files as they are called at the time.
   */
  observe(commits: readonly ObservedCommit[], options: { cochange?: boolean } = {}): void {
    this.sources.observe(commits, options.cochange ?? true);
  }

  /** The transaction behind an association's evidence (hash, subject, date). */
  transaction(index: number): { hash: string; subject: string; commitDate: number } | undefined {
    return this.sources.files.transactions[index];
  }

  exists(path: string): boolean {
    return this.sources.exists(path);
  }

  get fileCount(): number {
    return this.sources.files.fileCount;
  }

  get commitCount(): number {
    return this.sources.files.transactionCount;
  }
}

/** The indexes and the tree a prediction reads, with the caches that keep queries fast. */
class PredictorSources implements FeatureSources {
  readonly files: CoChangeIndex;
  readonly folders: CoChangeIndex;
  readonly priors: StructuralPriors;
  private readonly folderTops = new Map<string, string[]>();
  private frequentCache: string[] | undefined;
  private cachedAt = -1;

  constructor(transactions: readonly CoChangeTransaction[], input: ChangePredictorInput) {
    this.files = new CoChangeIndex({ halfLife: input.halfLife, maxFilesPerCommit: input.maxFilesPerCommit });
    this.folders = new CoChangeIndex({ halfLife: input.halfLife, maxFilesPerCommit: input.maxFilesPerCommit });
    this.priors = new StructuralPriors(input.tree, input.imports ?? []);
    this.files.addAll(transactions);
    this.folders.addAll(transactions.map(toFolders));
  }

  exists(path: string): boolean {
    return this.priors.has(path);
  }

  get frequent(): readonly string[] {
    this.invalidate();
    this.frequentCache ??= this.files.paths
      .filter((path) => path && this.priors.has(path))
      .sort(this.byRate)
      .slice(0, 10);
    return this.frequentCache;
  }

  topFilesIn(folder: string, n: number): readonly string[] {
    this.invalidate();
    let top = this.folderTops.get(folder);
    if (!top) this.folderTops.set(folder, (top = [...this.priors.filesIn(folder)].sort(this.byRate).slice(0, 64)));
    return top.slice(0, n);
  }

  observe(commits: readonly ObservedCommit[], cochange: boolean): void {
    if (commits.length === 0) return;
    // Ages count from the newest: the last commit given is 0.
    // Oldest first, as the index keeps them.
    const transactions = commits.map((commit, index): CoChangeTransaction => ({
      hash: commit.hash,
      subject: commit.subject,
      commitDate: commit.commitDate,
      files: forward(commit.statFiles, commits.slice(index + 1)),
      age: commits.length - 1 - index,
    }));
    if (cochange) {
      this.files.advance(commits.length, transactions);
      this.folders.advance(commits.length, transactions.map(toFolders));
    }
    for (const commit of commits) {
      for (const path of commit.removed ?? []) {
        this.priors.remove(path);
        this.files.remove(path);
      }
      for (const { from, to } of commit.renames) {
        this.files.rename(from, to);
        this.priors.remove(from, to);
        this.priors.add(to);
      }
      for (const path of [...(commit.added ?? []), ...commit.statFiles]) this.priors.add(path);
    }
    this.cachedAt = -1;
  }

  private readonly byRate = (a: string, b: string): number => this.rate(b) - this.rate(a) || (a < b ? -1 : 1);

  private rate(path: string): number {
    const id = this.files.idOf(path);
    return id === undefined ? 0 : this.files.fileWeight(id);
  }

  private invalidate(): void {
    if (this.cachedAt === this.priors.version) return;
    this.cachedAt = this.priors.version;
    this.folderTops.clear();
    this.frequentCache = undefined;
  }
}

/** A commit's paths under the names later commits of the same batch gave them. */
function forward(paths: readonly string[], later: readonly ObservedCommit[]): string[] {
  if (later.every((commit) => commit.renames.length === 0)) return [...paths];
  return paths.map((path) => {
    let current = path;
    for (const commit of later) for (const rename of commit.renames) if (rename.from === current) current = rename.to;
    return current;
  });
}

function toFolders(transaction: CoChangeTransaction): CoChangeTransaction {
  return { ...transaction, files: [...new Set(transaction.files.map(dirOf))] };
}

/** Fits the calibration on queries from held-out recent commits against the older history. */
function fitOn(sources: FeatureSources, held: readonly CoChangeTransaction[]): LogisticModel | undefined {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (const transaction of held) {
    const changed = transaction.files.filter((path) => sources.exists(path));
    if (changed.length < 2) continue;
    for (const query of calibrationQueries(changed)) {
      const rest = new Set(changed.filter((path) => !query.includes(path)));
      for (const candidate of candidatesFor(sources, queryContext(sources, query))) {
        rows.push(candidate.features);
        labels.push(rest.has(candidate.path) ? 1 : 0);
      }
    }
  }
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (positives < MIN_POSITIVES || positives === labels.length) return undefined;
  return fitLogistic(rows, labels, { l2: 1 });
}

/** One-file queries (up to four per commit) and, for larger commits, a query of half the files. */
function calibrationQueries(files: readonly string[]): string[][] {
  const queries = files.slice(0, 4).map((file) => [file]);
  if (files.length >= 4) queries.push(files.slice(0, Math.floor(files.length / 2)));
  return queries;
}
