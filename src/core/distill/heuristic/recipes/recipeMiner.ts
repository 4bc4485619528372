import type { RecentAddition } from '../../../history/recentAdditions';
import { isCodeFile, testInfo } from '../testLayout';
import { lineTemplate, pathTemplate, PLACEHOLDER } from './lineTemplates';
import { countCommitsAdding, type LinkedCommit, linkCommit } from './linkingTokens';

/** A commit's added lines per file, in today's paths (files deleted since already left out). */
export type AddedCommit = RecentAddition;

/** One file a recipe touches: its path pattern and the lines the change adds there. */
export interface RecipeStep {
  /** `src/codes.ts`, or `test/res.<name>.js` when the file is named after the change. */
  pattern: string;
  /** The added lines, abstracted, that recur in the recipe's commits. */
  templates: string[];
  /** The newest commit's own line there, for the example. */
  exampleLine: string;
}

/** A kind of change made the same way several times: the same name added in the same files, the same way. */
export interface Recipe {
  steps: RecipeStep[];
  /** Commits that made it, newest first, each with the token it added. */
  commits: Array<{ commit: AddedCommit; linked: LinkedCommit; paths: Map<string, string> }>;
}

export interface RecipeMinerOptions {
  /** A recipe must recur in at least this many commits. @default 3 */
  minCommits: number;
  /** A token added by more commits than this is a common word, not a change's name. @default 3 */
  maxCommitsAdding: number;
  /** At most this many recipes. @default 4 */
  maxRecipes: number;
}

export const DEFAULT_RECIPE_OPTIONS: RecipeMinerOptions = { minCommits: 3, maxCommitsAdding: 3, maxRecipes: 4 };

interface Shaped {
  commit: AddedCommit;
  linked: LinkedCommit;
  /** Path pattern → today's path of that file in this commit. */
  paths: Map<string, string>;
  /** `pattern \0 template` for every linking line. */
  items: Set<string>;
}

const SEPARATOR = '\u0000';

/**
 * Groups commits by the (file, line template) pairs their linking token shares, as a person
 * would notice "every new option adds a `case` in options.go and a `.TP` entry in the man page".
 * Commits newest first; returns the recipes, strongest first.
 */
export function mineRecipes(commits: readonly AddedCommit[], partial: Partial<RecipeMinerOptions> = {}): Recipe[] {
  const options = { ...DEFAULT_RECIPE_OPTIONS, ...partial };
  const commitsAdding = countCommitsAdding(commits);
  const shaped: Shaped[] = [];
  for (const commit of commits) {
    const linked = linkCommit(commit, commitsAdding, options.maxCommitsAdding);
    if (!linked) continue;
    const paths = new Map<string, string>();
    const items = new Set<string>();
    for (const [path, lines] of linked.files) {
      const pattern = pathTemplate(path, linked.spellings);
      paths.set(pattern, path);
      for (const line of lines) {
        const template = lineTemplate(line, linked.spellings);
        if (informative(template)) items.add(`${pattern}${SEPARATOR}${template}`);
      }
    }
    if (paths.size >= 2) shaped.push({ commit, linked, paths, items });
  }
  const counts = new Map<string, number>();
  for (const item of shaped) for (const key of item.items) counts.set(key, (counts.get(key) ?? 0) + 1);
  const signatures = new Map<string, string[]>();
  for (const item of shaped) {
    const kept = [...item.items].filter((key) => (counts.get(key) ?? 0) >= options.minCommits).sort();
    if (new Set(kept.map(patternOf)).size >= 2) signatures.set(kept.join('\n'), kept);
  }
  // Support counts every commit whose items include the signature; the largest signatures win,
  // and a smaller one survives only where it explains clearly more commits.
  const scored = [...signatures.values()]
    .map((keys) => ({
      keys,
      support: distinctChanges(shaped.filter((item) => keys.every((key) => item.items.has(key)))),
    }))
    .filter((entry) => entry.support.length >= options.minCommits)
    .sort(
      (a, b) =>
        b.keys.length * b.support.length - a.keys.length * a.support.length || b.support.length - a.support.length,
    );
  const chosen: typeof scored = [];
  const patternsOf = (keys: readonly string[]): Set<string> => new Set(keys.map(patternOf));
  for (const entry of scored) {
    const mine = patternsOf(entry.keys);
    // The same kind of change seen with one file more or less, or mostly the same commits.
    const sameKind = chosen.some((other) => {
      const theirs = patternsOf(other.keys);
      const nested =
        [...mine].every((pattern) => theirs.has(pattern)) || [...theirs].every((pattern) => mine.has(pattern));
      return (
        nested || other.support.filter((item) => entry.support.includes(item)).length >= 0.5 * entry.support.length
      );
    });
    if (!sameKind) chosen.push(entry);
    if (chosen.length === options.maxRecipes) break;
  }
  return chosen.map(({ keys, support }) => ({
    steps: orderSteps([...new Set(keys.map(patternOf))]).map((pattern) => ({
      pattern,
      templates: keys.filter((key) => patternOf(key) === pattern).map((key) => key.slice(pattern.length + 1)),
      exampleLine: exampleLineOf(support[0], pattern),
    })),
    commits: support.map(({ commit, linked, paths }) => ({ commit, linked, paths })),
  }));
}

/**
 * One change cherry-picked onto three branches is still one change: commits with the same subject
 * (pull-request numbers aside) count once, the newest standing for them.
 */
function distinctChanges(support: readonly Shaped[]): Shaped[] {
  const seen = new Set<string>();
  return support.filter((item) => {
    const subject = item.commit.subject
      .toLowerCase()
      .replace(/\s*\(#\d+\)|\.$/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (seen.has(subject)) return false;
    seen.add(subject);
    return true;
  });
}

function patternOf(key: string): string {
  return key.slice(0, key.indexOf(SEPARATOR));
}

function exampleLineOf(newest: Shaped | undefined, pattern: string): string {
  return newest?.linked.files.get(newest.paths.get(pattern) ?? '')?.[0] ?? '';
}

/**
 * A template that says how to write the line, not just the name with punctuation around it; a
 * heading, list item or table row with the name is a documentation entry, which says enough.
 */
function informative(template: string): boolean {
  if (!PLACEHOLDER.test(template)) return false;
  const rest = template.replace(/<(NAME|Name|name)>|…/g, '').replace(/[^A-Za-z]/g, '');
  return rest.length >= 3 || /^(#{1,6}|[-*+]|\|)\s*`?<(NAME|Name|name)>/.test(template);
}

/** Code first, then its tests, then docs and changelogs, as a person would make the change. */
function orderSteps(patterns: readonly string[]): string[] {
  const rank = (pattern: string): number => {
    const path = pattern.replace(/<[A-Za-z]+>/g, 'x');
    if (isCodeFile(path) && !testInfo(path)) return 0;
    if (testInfo(path)) return 1;
    return 2;
  };
  return [...patterns].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
