import { type ChangePredictor, SHOWN_PREDICTIONS } from '../cochange/changePredictor';
import { CoChangeIndex } from '../cochange/cochangeIndex';
import type { ClassifiedCommit } from '../history/commitRecord';
import { dirOf } from '../util/paths';

/** Anything that, given the files changed so far, ranks the other files likely to change with them. */
export interface CoChangePredictor {
  readonly name: string;
  predict(files: readonly string[], k: number): string[];
  /**
   * A scored commit becomes history. `online` false: only what the tree says changes (renames, new
   * files); the statistics stay frozen at the split, so nothing after it is learned.
   */
  observe?(commit: ClassifiedCommit, online: boolean): void;
}

/** Ours: the calibrated, rename-aware, recency-weighted predictor that also serves related files. */
export class OursPredictor implements CoChangePredictor {
  readonly name = 'ours';

  constructor(readonly model: ChangePredictor) {}

  /** Exactly what an agent is shown: the product's thresholds, not ones tuned for the metric. */
  predict(files: readonly string[], k: number): string[] {
    return this.model.predict(files, { k, ...SHOWN_PREDICTIONS }).map((prediction) => prediction.path);
  }

  observe(commit: ClassifiedCommit, online: boolean): void {
    const renames = commit.files.flatMap((file) =>
      file.oldPath && file.oldPath !== file.path ? [{ from: file.oldPath, to: file.path }] : [],
    );
    this.model.observe(
      [
        {
          hash: commit.hash,
          subject: commit.subject,
          commitDate: commit.commitDate,
          statFiles: commit.exclusion ? [] : commit.statFiles,
          renames,
        },
      ],
      { cochange: online },
    );
  }
}

/**
 * Baseline in the style of ROSE (Zimmermann et al.): plain association rules over the same
 * commits as written, with no recency and no renames, support ≥ 1, ranked by confidence. A set of
 * files is answered by the union of each file's rules, each candidate at its best confidence.
 */
export class AssociationRulesBaseline implements CoChangePredictor {
  readonly name = 'rose';
  private readonly index: CoChangeIndex;

  constructor(commits: Iterable<ClassifiedCommit>, maxFilesPerCommit = 30) {
    this.index = new CoChangeIndex({ halfLife: 0, maxFilesPerCommit });
    this.index.addAll([...commits].filter((commit) => !commit.exclusion).map((commit) => transactionOf(commit)));
  }

  predict(files: readonly string[], k: number): string[] {
    const query = new Set(files);
    const best = new Map<string, number>();
    for (const file of query) {
      const id = this.index.idOf(file);
      if (id === undefined) continue;
      const answer = this.index.associate([id], Math.max(k * 4, 20));
      for (const evidence of answer.consequents) {
        const path = this.index.pathOf(evidence.fileId);
        if (query.has(path)) continue;
        // Confidence first, support breaks ties: the classic ranking of association rules.
        const score = evidence.count / answer.transactions + evidence.count * 1e-9;
        if ((best.get(path) ?? -1) < score) best.set(path, score);
      }
    }
    return [...best]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, k)
      .map(([path]) => path);
  }

  observe(commit: ClassifiedCommit, online: boolean): void {
    if (online && !commit.exclusion) this.index.advance(0, [transactionOf(commit)]);
  }
}

function transactionOf(commit: ClassifiedCommit): {
  hash: string;
  subject: string;
  commitDate: number;
  files: readonly string[];
  age: number;
} {
  return { hash: commit.hash, subject: '', commitDate: commit.commitDate, files: commit.statFiles, age: 0 };
}

/**
 * How often each file changed in the commits seen so far (before the split, plus the scored ones
 * in online mode), shared by the two naive baselines. Files of the tree that never changed, and
 * files that appear after the split, are known with count 0.
 */
export class ChangeFrequencies {
  readonly counts = new Map<string, number>();
  private readonly byDirectory = new Map<string, Set<string>>();
  private version = 0;

  constructor(treeFiles: Iterable<string> = []) {
    for (const file of treeFiles) this.know(file, 0);
  }

  observe(files: Iterable<string>, count = true): void {
    for (const file of files) this.know(file, count ? 1 : 0);
    this.version++;
  }

  get changes(): number {
    return this.version;
  }

  filesIn(directory: string): ReadonlySet<string> {
    return this.byDirectory.get(directory) ?? EMPTY;
  }

  private know(file: string, increment: number): void {
    this.counts.set(file, (this.counts.get(file) ?? 0) + increment);
    const directory = dirOf(file);
    let set = this.byDirectory.get(directory);
    if (!set) this.byDirectory.set(directory, (set = new Set()));
    set.add(file);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function byFrequency(counts: ReadonlyMap<string, number>): (a: string, b: string) => number {
  return (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Baseline: the other files of the same folders, most often changed first. */
export class SameDirectoryBaseline implements CoChangePredictor {
  readonly name = 'same_directory';
  private readonly cache = new Map<string, { version: number; ranked: string[] }>();

  constructor(private readonly frequencies: ChangeFrequencies) {}

  predict(files: readonly string[], k: number): string[] {
    const query = new Set(files);
    const lists = [...new Set(files.map(dirOf))].map((directory) =>
      this.ranked(directory).filter((other) => !query.has(other)),
    );
    return interleave(lists, k);
  }

  private ranked(directory: string): string[] {
    let entry = this.cache.get(directory);
    if (!entry || entry.version !== this.frequencies.changes) {
      entry = {
        version: this.frequencies.changes,
        ranked: [...this.frequencies.filesIn(directory)].sort(byFrequency(this.frequencies.counts)),
      };
      this.cache.set(directory, entry);
    }
    return entry.ranked;
  }
}

/** Baseline: the files changed most often overall, whatever the query. */
export class MostFrequentBaseline implements CoChangePredictor {
  readonly name = 'most_frequent';
  private top: { version: number; ranked: string[] } | undefined;

  constructor(
    private readonly frequencies: ChangeFrequencies,
    private readonly depth: number,
  ) {}

  predict(files: readonly string[], k: number): string[] {
    if (!this.top || this.top.version !== this.frequencies.changes)
      this.top = { version: this.frequencies.changes, ranked: this.topFiles(this.depth + 16) };
    const query = new Set(files);
    return this.top.ranked.filter((other) => !query.has(other)).slice(0, k);
  }

  /** A partial selection: only the best few are needed, so no full sort of a large tree. */
  private topFiles(n: number): string[] {
    const compare = byFrequency(this.frequencies.counts);
    const best: string[] = [];
    for (const file of this.frequencies.counts.keys()) {
      if (best.length === n && compare(file, best[n - 1] as string) >= 0) continue;
      let at = best.length < n ? best.length : n - 1;
      if (best.length < n) best.push(file);
      while (at > 0 && compare(file, best[at - 1] as string) < 0) {
        best[at] = best[at - 1] as string;
        at--;
      }
      best[at] = file;
    }
    return best;
  }
}

/** Round-robin over ranked lists, skipping repeats, up to k. */
function interleave(lists: readonly string[][], k: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let rank = 0; out.length < k && lists.some((list) => rank < list.length); rank++) {
    for (const list of lists) {
      const path = list[rank];
      if (path === undefined || seen.has(path)) continue;
      seen.add(path);
      out.push(path);
      if (out.length === k) break;
    }
  }
  return out;
}
