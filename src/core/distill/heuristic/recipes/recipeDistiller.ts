import type { Evidence } from '../../../model/candidate';
import {
  code,
  humanList,
  type LearnedCandidate,
  makeCandidate,
  renderBody,
  shortHash,
  spanOf,
} from '../candidateFactory';
import { kindOf } from './recipeKind';
import {
  DEFAULT_RECIPE_OPTIONS,
  mineRecipes,
  type AddedCommit,
  type Recipe,
  type RecipeMinerOptions,
} from './recipeMiner';

/** Lines of the worked example at most: enough to show the change, short enough to read. */
const EXAMPLE_LINES = 30;

/**
 * Change recipes: "to add a new <kind>, do this in A, B and C", learned from commits that added
 * the same new name in the same files the same way, with the newest such commit as a worked
 * example. Commits come newest first, in today's paths.
 */
export function distillRecipes(
  additions: readonly AddedCommit[],
  partial: Partial<RecipeMinerOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_RECIPE_OPTIONS, ...partial };
  const names = new Set<string>();
  return mineRecipes(additions, options).flatMap((recipe) => {
    const candidate = toCandidate(recipe, now);
    // Two recipes of one kind in one place would share a name; the stronger (first) one stays.
    if (names.has(candidate.name)) return [];
    names.add(candidate.name);
    return [candidate];
  });
}

function toCandidate(recipe: Recipe, now: number): LearnedCandidate {
  const kind = kindOf(recipe);
  const placeholder =
    recipe.steps
      .flatMap((step) => step.templates)
      .find((template) => /<(NAME|Name|name)>/.test(template))
      ?.match(/<(NAME|Name|name)>/)?.[0] ?? '<name>';
  const steps = recipe.steps.map((step, index) => {
    const lines = step.templates.slice(0, 2).map((template) => `   ${code(template)}`);
    const where = step.pattern.includes('<') ? `a new file ${code(step.pattern)}` : code(step.pattern);
    return [`${index + 1}. In ${where}, add:`, ...lines].join('\n');
  });
  const newest = recipe.commits[0];
  const example = newest ? exampleOf(newest.commit, newest.linked.spellings[0] ?? '', recipe) : [];
  const files = recipe.steps.map((step) => step.pattern);
  const first = files[0] ?? '';
  const evidence: Evidence[] = [
    ...recipe.commits.slice(0, 8).map((entry): Evidence => ({
      kind: 'commit',
      ref: entry.commit.hash,
      detail:
        `"${entry.commit.subject}" ` +
        `added ${entry.linked.spellings[0] ?? ''} in ${humanList([...entry.paths.values()], 4)}`,
    })),
    ...files
      .filter((file) => !file.includes('<'))
      .map((file): Evidence => ({ kind: 'file', ref: file, detail: `every ${kind.noun} adds a line here` })),
  ];
  const body = renderBody(`Adding ${kind.article} ${kind.noun}`, [
    [
      'When to use',
      [
        `When you add ${kind.article} ${kind.noun}: its name must appear in ${humanList(files.map(code), 4)}, ` +
          `each in the way shown below.`,
      ],
    ],
    ['Steps', [`To add ${kind.article} ${kind.noun} ${code(placeholder)}:`, ...steps]],
    ['Example', example],
    [
      'Pitfalls',
      [
        `- A new ${placeholder} added to ${code(first)} alone is half a change here: the other files above are ` +
          `how the rest of the code, the tests and the docs learn about it.`,
        ...spellingPitfall(recipe),
      ],
    ],
    [
      'Evidence',
      recipe.commits.slice(0, 5).map((entry) => `- ${shortHash(entry.commit.hash)} ${entry.commit.subject}`),
    ],
  ]);
  const commits = recipe.commits.map((entry) => entry.commit);
  return makeCandidate(
    {
      name: `adding-${kind.article === 'an' ? 'an' : 'a'}-${kind.slug}`,
      description:
        `How a new ${kind.noun} is added in this repository: the lines it needs ` +
        `in ${humanList(files, 4)}. Use when adding ${kind.article} ${kind.noun}, so no file is missed and each ` +
        `follows the existing pattern.`,
      body,
      scope: files.map((file) => file.replace(/<(NAME|Name|name)>/g, '*')),
      confidence: Math.min(0.9, 0.6 + recipe.commits.length / 20),
      evidence,
      source: 'change-recipe',
      support: recipe.commits.length,
      span: spanOf(commits),
      statistics: {
        commits: String(recipe.commits.length),
        files: String(files.length),
        tokens: recipe.commits
          .slice(0, 5)
          .map((entry) => entry.linked.spellings[0] ?? '')
          .join(' '),
      },
    },
    now,
  );
}

/** Only when the files spell the name differently (`<NAME>` in one, `<name>` in another) is that worth saying. */
function spellingPitfall(recipe: Recipe): string[] {
  const cases = [
    ...new Set(
      recipe.steps
        .flatMap((step) => step.templates)
        .join(' ')
        .match(/<(NAME|Name|name)>/g) ?? [],
    ),
  ];
  return cases.length > 1
    ? [
        `- The same name is spelled ${humanList(cases.map(code), 3)} in different files; follow the case each ` +
          `line above shows.`,
      ]
    : [];
}

/** The newest commit's linking lines, as a short diff per file. */
function exampleOf(commit: AddedCommit, token: string, recipe: Recipe): string[] {
  const lines = [`${code(shortHash(commit.hash))} "${commit.subject}" added ${code(token)}:`, '', '```diff'];
  let budget = EXAMPLE_LINES;
  // In the order of the steps, not git's alphabetical one.
  const ordered = recipe.steps.map((step) =>
    commit.files.find((file) => file.path === recipe.commits[0]?.paths.get(step.pattern)),
  );
  for (const file of ordered) {
    if (!file || budget <= 0) continue;
    const named = file.lines.filter((line) => line.includes(token) || line.toLowerCase().includes(token.toLowerCase()));
    lines.push(`+++ ${file.path}`);
    budget--;
    for (const line of named.slice(0, Math.min(6, budget))) {
      lines.push(`+${line.replace(/\s+$/, '')}`);
      budget--;
    }
  }
  lines.push('```');
  return lines;
}
