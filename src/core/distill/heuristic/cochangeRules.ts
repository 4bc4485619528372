/**
 * Association rules "when X changes, Y changes too", mined from commits at file and directory
 * level. Learning and evaluation share this module: learn from the commits before a split, then
 * ask `predict(file)` for each file of a later commit.
 */

/** What the miner needs of a commit (a ClassifiedCommit fits). */
export interface CoChangeCommit {
  hash: string;
  statFiles: readonly string[];
  exclusion?: string;
}

export interface CoChangeOptions {
  /** Minimum number of commits in which both sides changed. @default 4 */
  minSupport: number;
  /** Minimum P(consequent | antecedent). @default 0.5 */
  minConfidence: number;
  /** Minimum confidence / P(consequent). @default 1.5 */
  minLift: number;
  /** Commits with more counted files are left out of pair counting (they pair everything). @default 20 */
  maxFilesPerCommit: number;
  /** Also mine directory → directory rules. @default true */
  directories: boolean;
  /** Commits kept per rule as evidence. @default 12 */
  evidenceCommits: number;
  /**
   * Minimum support where each commit counts 1/(files − 1), so a rule must not rest only on a few
   * sweeping commits that pair everything with everything. @default 0 (off)
   */
  minWeightedSupport: number;
}

export const DEFAULT_COCHANGE_OPTIONS: CoChangeOptions = {
  minSupport: 4,
  minConfidence: 0.5,
  minLift: 1.5,
  maxFilesPerCommit: 20,
  directories: true,
  evidenceCommits: 12,
  minWeightedSupport: 0,
};

export interface CoChangeRule {
  level: 'file' | 'directory';
  /** A path (file level) or a directory without trailing slash ('.' for the root). */
  antecedent: string;
  consequent: string;
  /** Commits where both changed. */
  support: number;
  /** Support with each commit weighted 1/(items − 1). */
  weightedSupport: number;
  /** Commits where the antecedent changed. */
  antecedentCount: number;
  confidence: number;
  lift: number;
  /** Hashes of commits showing the rule, in input order (newest first for mined history). */
  commits: string[];
}

export interface Prediction {
  path: string;
  score: number;
}

export class CoChangeModel {
  private readonly byAntecedent = new Map<string, CoChangeRule[]>();

  constructor(
    readonly rules: readonly CoChangeRule[],
    /** Commits that counted (not excluded, within the file cap). */
    readonly commitCount: number,
  ) {
    for (const rule of rules) {
      const key = `${rule.level}:${rule.antecedent}`;
      const list = this.byAntecedent.get(key) ?? [];
      list.push(rule);
      this.byAntecedent.set(key, list);
    }
    for (const list of this.byAntecedent.values()) list.sort(compareRules);
  }

  /** Files that usually change with `file`, best first (file-level rules only). */
  predict(file: string, k = 10): Prediction[] {
    return (this.byAntecedent.get(`file:${file}`) ?? []).slice(0, k).map((rule) => ({ path: rule.consequent, score: rule.confidence }));
  }

  /** Directories that usually change with the directory of `file`. */
  predictDirectories(file: string, k = 10): Prediction[] {
    return (this.byAntecedent.get(`directory:${dirOf(file)}`) ?? []).slice(0, k).map((rule) => ({ path: rule.consequent, score: rule.confidence }));
  }
}

/** Mines rules from commits; excluded commits and commits over the file cap are ignored. */
export function mineCoChangeRules(commits: Iterable<CoChangeCommit>, partial: Partial<CoChangeOptions> = {}): CoChangeModel {
  const options = { ...DEFAULT_COCHANGE_OPTIONS, ...partial };
  const usable: CoChangeCommit[] = [];
  for (const commit of commits) {
    if (!commit.exclusion && commit.statFiles.length > 0 && commit.statFiles.length <= options.maxFilesPerCommit) usable.push(commit);
  }
  const rules = mineLevel(usable, (commit) => unique(commit.statFiles), 'file', options);
  if (options.directories) rules.push(...mineLevel(usable, (commit) => unique(commit.statFiles.map(dirOf)), 'directory', options));
  rules.sort(compareRules);
  return new CoChangeModel(rules, usable.length);
}

function mineLevel(
  commits: readonly CoChangeCommit[],
  itemsOf: (commit: CoChangeCommit) => string[],
  level: CoChangeRule['level'],
  options: CoChangeOptions,
): CoChangeRule[] {
  const counts = new Map<string, number>();
  const itemSets = commits.map(itemsOf);
  for (const items of itemSets) for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  // Apriori pruning: an item seen fewer than minSupport times cannot be in a frequent pair.
  const pairs = new Map<string, number>();
  const weights = new Map<string, number>();
  for (const items of itemSets) {
    const frequent = items.filter((item) => (counts.get(item) ?? 0) >= options.minSupport).sort();
    const weight = 1 / Math.max(1, items.length - 1);
    for (let i = 0; i < frequent.length; i++) {
      for (let j = i + 1; j < frequent.length; j++) {
        const key = `${frequent[i]}\u0000${frequent[j]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
        weights.set(key, (weights.get(key) ?? 0) + weight);
      }
    }
  }
  const total = commits.length;
  const rules: CoChangeRule[] = [];
  for (const [key, support] of pairs) {
    const weightedSupport = weights.get(key) ?? 0;
    if (support < options.minSupport || weightedSupport < options.minWeightedSupport) continue;
    const [a = '', b = ''] = key.split('\u0000');
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const antecedentCount = counts.get(x) ?? 0;
      const confidence = support / antecedentCount;
      const lift = confidence / ((counts.get(y) ?? 1) / total);
      if (confidence >= options.minConfidence && lift >= options.minLift) {
        rules.push({ level, antecedent: x, consequent: y, support, weightedSupport, antecedentCount, confidence, lift, commits: [] });
      }
    }
  }
  if (rules.length > 0) attachCommits(rules, commits, itemSets, options.evidenceCommits);
  return rules;
}

function attachCommits(rules: CoChangeRule[], commits: readonly CoChangeCommit[], itemSets: string[][], cap: number): void {
  const byItem = new Map<string, CoChangeRule[]>();
  for (const rule of rules) byItem.set(rule.antecedent, [...(byItem.get(rule.antecedent) ?? []), rule]);
  itemSets.forEach((items, index) => {
    const set = new Set(items);
    for (const item of items) {
      for (const rule of byItem.get(item) ?? []) {
        if (rule.commits.length < cap && set.has(rule.consequent)) rule.commits.push(commits[index]?.hash ?? '');
      }
    }
  });
}

function compareRules(a: CoChangeRule, b: CoChangeRule): number {
  return b.confidence - a.confidence || b.support - a.support || a.consequent.localeCompare(b.consequent);
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
