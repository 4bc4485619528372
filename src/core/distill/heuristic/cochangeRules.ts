/**
 * Association rules "when X changes, Y changes too", mined at file and directory level from
 * commits in today's paths (see core/history/presentHistory). Each commit counts by its recency
 * weight, so a rule's confidence is its recent rate; a rule must also still be alive, with commits
 * among the newest ones, before it becomes advice. The full predictor that answers queries is
 * core/cochange; these are only the strong, current rules that skills state.
 */

import { dirOf } from '../../util/paths';

/** What the miner needs of a commit (a LearningCommit fits). */
export interface CoChangeCommit {
  hash: string;
  statFiles: readonly string[];
  exclusion?: string;
  /** Recency weight in (0, 1]; 1 when absent. */
  weight?: number;
  /** Counted commits newer than this one; position in the input when absent. */
  age?: number;
  /** Epoch ms, for the span of a rule's evidence. */
  commitDate?: number;
}

export interface CoChangeOptions {
  /** Minimum number of commits in which both sides changed. @default 4 */
  minSupport: number;
  /** Minimum recency-weighted P(consequent | antecedent). @default 0.5 */
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
   * Minimum support where each commit counts its recency weight / (files − 1), so a rule rests
   * neither on a few sweeping commits nor on old ones. @default 0 (off)
   */
  minWeightedSupport: number;
  /**
   * A rule is current only if at least `minRecentCommits` of its commits are among the newest
   * `recentWindow` counted commits. @default recentWindow Infinity, minRecentCommits 0 (off)
   */
  recentWindow: number;
  minRecentCommits: number;
}

export const DEFAULT_COCHANGE_OPTIONS: CoChangeOptions = {
  minSupport: 4,
  minConfidence: 0.5,
  minLift: 1.5,
  maxFilesPerCommit: 20,
  directories: true,
  evidenceCommits: 12,
  minWeightedSupport: 0,
  recentWindow: Number.POSITIVE_INFINITY,
  minRecentCommits: 0,
};

export interface CoChangeRule {
  level: 'file' | 'directory';
  /** A path (file level) or a directory without trailing slash ('.' for the root). */
  antecedent: string;
  consequent: string;
  /** Commits where both changed. */
  support: number;
  /** Support with each commit weighted by recency / (items − 1). */
  weightedSupport: number;
  /** Commits where the antecedent changed. */
  antecedentCount: number;
  /** Recency-weighted share of the antecedent's commits that also changed the consequent. */
  confidence: number;
  lift: number;
  /** Supporting commits among the newest `recentWindow`. */
  recentCommits: number;
  /** Hashes of commits showing the rule, newest first. */
  commits: string[];
  /** Epoch ms of the oldest and newest supporting commit (0 when dates are unknown). */
  firstDate: number;
  lastDate: number;
}

export interface CoChangeModel {
  readonly rules: readonly CoChangeRule[];
  /** Commits that counted (not excluded, within the file cap). */
  readonly commitCount: number;
}

/** Mines rules from commits; excluded commits and commits over the file cap are ignored. */
export function mineCoChangeRules(
  commits: Iterable<CoChangeCommit>,
  partial: Partial<CoChangeOptions> = {},
): CoChangeModel {
  const options = { ...DEFAULT_COCHANGE_OPTIONS, ...partial };
  const usable: CoChangeCommit[] = [];
  for (const commit of commits) {
    if (!commit.exclusion && commit.statFiles.length > 0 && commit.statFiles.length <= options.maxFilesPerCommit)
      usable.push(commit);
  }
  const rules = mineLevel(usable, (commit) => unique(commit.statFiles), 'file', options);
  if (options.directories)
    rules.push(...mineLevel(usable, (commit) => unique(commit.statFiles.map(dirOf)), 'directory', options));
  rules.sort(compareRules);
  return { rules, commitCount: usable.length };
}

interface PairTally {
  support: number;
  weight: number;
  spread: number;
  recent: number;
}

function mineLevel(
  commits: readonly CoChangeCommit[],
  itemsOf: (commit: CoChangeCommit) => string[],
  level: CoChangeRule['level'],
  options: CoChangeOptions,
): CoChangeRule[] {
  // Items become small integers and pairs one number each: histories of tens of thousands of
  // commits would otherwise build a string key per pair.
  const ids = new Map<string, number>();
  const names: string[] = [];
  const counts: number[] = [];
  const itemWeights: number[] = [];
  const itemSets = commits.map(itemsOf);
  const idSets = itemSets.map((items) =>
    items.map((item) => {
      let id = ids.get(item);
      if (id === undefined) {
        ids.set(item, (id = names.length));
        names.push(item);
        counts.push(0);
        itemWeights.push(0);
      }
      return id;
    }),
  );
  let totalWeight = 0;
  idSets.forEach((set, index) => {
    const weight = commits[index]?.weight ?? 1;
    totalWeight += weight;
    for (const id of set) {
      counts[id] = (counts[id] as number) + 1;
      itemWeights[id] = (itemWeights[id] as number) + weight;
    }
  });
  // Apriori pruning: an item seen fewer than minSupport times cannot be in a frequent pair.
  const width = names.length;
  const pairs = new Map<number, PairTally>();
  idSets.forEach((set, index) => {
    const commit = commits[index] as CoChangeCommit;
    const weight = commit.weight ?? 1;
    const recent = (commit.age ?? index) < options.recentWindow ? 1 : 0;
    const frequent = set.filter((id) => (counts[id] as number) >= options.minSupport).sort((a, b) => a - b);
    const spread = weight / Math.max(1, set.length - 1);
    for (let i = 0; i < frequent.length; i++) {
      for (let j = i + 1; j < frequent.length; j++) {
        const key = (frequent[i] as number) * width + (frequent[j] as number);
        const tally = pairs.get(key);
        if (tally) {
          tally.support++;
          tally.weight += weight;
          tally.spread += spread;
          tally.recent += recent;
        } else pairs.set(key, { support: 1, weight, spread, recent });
      }
    }
  });
  const weights = new Map(names.map((name, id) => [name, itemWeights[id] as number]));
  const rules: CoChangeRule[] = [];
  for (const [key, tally] of pairs) {
    if (
      tally.support < options.minSupport ||
      tally.spread < options.minWeightedSupport ||
      tally.recent < options.minRecentCommits
    )
      continue;
    const a = names[Math.floor(key / width)] as string;
    const b = names[key % width] as string;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const confidence = tally.weight / (weights.get(x) ?? 1);
      const lift = confidence / ((weights.get(y) ?? 1) / totalWeight);
      if (confidence >= options.minConfidence && lift >= options.minLift) {
        rules.push({
          level,
          antecedent: x,
          consequent: y,
          support: tally.support,
          weightedSupport: tally.spread,
          antecedentCount: counts[ids.get(x) as number] ?? 0,
          confidence,
          lift,
          recentCommits: tally.recent,
          commits: [],
          firstDate: 0,
          lastDate: 0,
        });
      }
    }
  }
  if (rules.length > 0) attachCommits(rules, commits, itemSets, options.evidenceCommits);
  return rules;
}

function attachCommits(
  rules: CoChangeRule[],
  commits: readonly CoChangeCommit[],
  itemSets: string[][],
  cap: number,
): void {
  const byItem = new Map<string, CoChangeRule[]>();
  for (const rule of rules) byItem.set(rule.antecedent, [...(byItem.get(rule.antecedent) ?? []), rule]);
  itemSets.forEach((items, index) => {
    const set = new Set(items);
    const commit = commits[index] as CoChangeCommit;
    for (const item of items) {
      for (const rule of byItem.get(item) ?? []) {
        if (!set.has(rule.consequent)) continue;
        if (rule.commits.length < cap) rule.commits.push(commit.hash);
        const date = commit.commitDate ?? 0;
        if (date && (!rule.firstDate || date < rule.firstDate)) rule.firstDate = date;
        if (date > rule.lastDate) rule.lastDate = date;
      }
    }
  });
}

function compareRules(a: CoChangeRule, b: CoChangeRule): number {
  return b.confidence - a.confidence || b.support - a.support || a.consequent.localeCompare(b.consequent);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
