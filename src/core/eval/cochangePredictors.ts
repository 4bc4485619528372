import { type CoChangeModel, dirOf } from '../distill/heuristic/cochangeRules';

/** Anything that, given one changed file, ranks the other files likely to change with it. */
export interface CoChangePredictor {
  readonly name: string;
  predict(file: string, k: number): string[];
}

/** Our learner: H6's mined association rules, file level, best confidence first. */
export class LearnedRulesPredictor implements CoChangePredictor {
  readonly name = 'learned-rules';

  constructor(public model: CoChangeModel) {}

  predict(file: string, k: number): string[] {
    return this.model.predict(file, k).map((prediction) => prediction.path);
  }
}

/**
 * How often each file changed in the commits seen so far (before the split, plus the scored ones
 * in online mode). Files of the tree at the split that never changed are known with count 0.
 */
export class ChangeFrequencies {
  readonly counts = new Map<string, number>();
  private readonly byDirectory = new Map<string, Set<string>>();
  private version = 0;

  constructor(treeFiles: Iterable<string> = []) {
    for (const file of treeFiles) this.know(file, 0);
  }

  observe(files: Iterable<string>): void {
    for (const file of files) this.know(file, 1);
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

/** Baseline: the other files of the same folder, most often changed first. */
export class SameDirectoryBaseline implements CoChangePredictor {
  readonly name = 'same_directory';
  private readonly cache = new Map<string, { version: number; ranked: string[] }>();

  constructor(private readonly frequencies: ChangeFrequencies) {}

  predict(file: string, k: number): string[] {
    const directory = dirOf(file);
    let entry = this.cache.get(directory);
    if (!entry || entry.version !== this.frequencies.changes) {
      entry = { version: this.frequencies.changes, ranked: [...this.frequencies.filesIn(directory)].sort(byFrequency(this.frequencies.counts)) };
      this.cache.set(directory, entry);
    }
    return entry.ranked.filter((other) => other !== file).slice(0, k);
  }
}

/** Baseline: the files changed most often overall, whatever the query file. */
export class MostFrequentBaseline implements CoChangePredictor {
  readonly name = 'most_frequent';
  private top: { version: number; ranked: string[] } | undefined;

  constructor(
    private readonly frequencies: ChangeFrequencies,
    private readonly depth: number,
  ) {}

  predict(file: string, k: number): string[] {
    if (!this.top || this.top.version !== this.frequencies.changes) this.top = { version: this.frequencies.changes, ranked: this.topFiles(this.depth + 1) };
    return this.top.ranked.filter((other) => other !== file).slice(0, k);
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
