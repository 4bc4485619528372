import { type Recipe, mineRecipes } from '../distill/heuristic/recipes/recipeMiner';
import type { ClassifiedCommit } from '../history/commitRecord';
import type { GitRunOptions } from '../history/gitProcess';
import { readAdditions } from '../history/patchReader';
import type { RecentAddition } from '../history/recentAdditions';
import { escapeRegExp } from '../util/regex';
import type { OursPredictor } from './cochangePredictors';

/** How well recipes learned at the split foresee the later commits that make that kind of change. */
export interface RecipeMeasure {
  /** Recipes learned at the split. */
  recipes: number;
  /** Later commits that add a new name the way a recipe's first step does. */
  triggers: number;
  /** Share of a recipe's other files those commits also changed, averaged. */
  ours: { share: number };
  /** The co-change model asked for as many files from the same first file, scored the same way. */
  baselines: { cochange: { share: number } };
  ratios: { cochange: number | null };
}

interface Compiled {
  recipe: Recipe;
  first: RegExp;
  others: RegExp[];
  firstLines: RegExp[];
}

/** Path patterns and line templates become expressions: the placeholder stands for any new name. */
function compile(recipe: Recipe): Compiled | undefined {
  const [first, ...others] = recipe.steps;
  if (!first || others.length === 0) return undefined;
  const path = (pattern: string): RegExp =>
    new RegExp(`^${escapeRegExp(pattern).replace(/<(NAME|Name|name)>/g, '[^/]+')}$`);
  const line = (template: string): RegExp =>
    new RegExp(
      escapeRegExp(template)
        .replace(/<(NAME|Name|name)>/g, '[\\w$-]+')
        .replace(/<n>/g, '[\\d.]+')
        .replace(/…/g, '[^\\n]*?')
        .replace(/ /g, '\\s*'),
    );
  return {
    recipe,
    first: path(first.pattern),
    others: others.map((step) => path(step.pattern)),
    firstLines: first.templates.map(line),
  };
}

export async function measureRecipes(
  additions: readonly RecentAddition[],
  test: readonly ClassifiedCommit[],
  ours: OursPredictor,
  splitName: (path: string) => string,
  repo: string,
  options: GitRunOptions = {},
): Promise<RecipeMeasure> {
  const compiled = mineRecipes(additions).flatMap((recipe) => compile(recipe) ?? []);
  const touching = new Map<string, Compiled[]>();
  for (const commit of test) {
    if (commit.exclusion) continue;
    const files = commit.statFiles.map(splitName);
    const hits = compiled.filter((entry) => files.some((file) => entry.first.test(file)));
    if (hits.length > 0) touching.set(commit.hash, hits);
  }
  let triggers = 0;
  let recipeShare = 0;
  let cochangeShare = 0;
  const byHash = new Map(test.map((commit) => [commit.hash, commit]));
  for await (const added of readAdditions(repo, [...touching.keys()], options)) {
    const commit = byHash.get(added.hash);
    if (!commit) continue;
    const files = new Set(commit.statFiles.map(splitName));
    for (const entry of touching.get(added.hash) ?? []) {
      const firstFile = added.files.find((file) => entry.first.test(splitName(file.path)));
      const normalised = firstFile?.lines.map((line) => line.replace(/\s+/g, ' ').trim()) ?? [];
      if (!normalised.some((line) => entry.firstLines.some((template) => template.test(line)))) continue;
      triggers++;
      recipeShare +=
        entry.others.filter((pattern) => [...files].some((file) => pattern.test(file))).length / entry.others.length;
      const predicted = ours.predict([splitName(firstFile?.path ?? '')], entry.others.length);
      cochangeShare += predicted.filter((path) => files.has(path)).length / entry.others.length;
    }
  }
  const ourShare = triggers === 0 ? 0 : recipeShare / triggers;
  const baseShare = triggers === 0 ? 0 : cochangeShare / triggers;
  return {
    recipes: compiled.length,
    triggers,
    ours: { share: round(ourShare) },
    baselines: { cochange: { share: round(baseShare) } },
    ratios: { cochange: baseShare === 0 ? null : round(ourShare / baseShare) },
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
