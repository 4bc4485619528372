import { testInfo } from '../testLayout';
import type { Recipe } from './recipeMiner';

export interface RecipeKind {
  /** "action", "error code", "command-line option". */
  noun: string;
  article: 'a' | 'an';
  slug: string;
}

/** Words that say what was done, not what was added. */
const NOT_A_KIND = new Set(
  (
    'add added adds adding new support supports allow allows introduce make makes use update fix fixes fixed ' +
    'remove rename refactor implement implemented feat chore docs test tests and the for with from into when of ' +
    'to in on a an as by or its it is be option-less'
  ).split(' '),
);

/**
 * Names the kind of change: a word most of the recipe's commit subjects share ("Add exclude-current
 * action", "Add sub-word actions" → action), else the shape of the names it adds.
 */
export function kindOf(recipe: Recipe): RecipeKind {
  // Names spelled like error codes or flags say what they are better than any commit subject.
  const shape = shapeNoun(recipe);
  if (shape === 'error code' || shape === 'command-line option') return kind(shape);
  const counts = new Map<string, number>();
  for (const { commit, linked } of recipe.commits) {
    const own = new Set(linked.spellings.map((spelling) => spelling.toLowerCase()));
    const words = commit.subject
      .toLowerCase()
      .replace(/^\w+(\([^)]*\))?!?:\s*/, '')
      .split(/[^a-z-]+/)
      .map((word) => word.replace(/^-+|-+$/g, ''))
      .filter(
        (word) =>
          word.length >= 3 &&
          !NOT_A_KIND.has(word) &&
          !own.has(word) &&
          ![...own].some((token) => token.includes(word)),
      );
    const singles = words.map(singular);
    // "error code" says more than "code": a pair of words that follow each other counts as one kind.
    const pairs = singles.slice(1).map((word, index) => `${singles[index]} ${word}`);
    for (const term of new Set([...singles, ...pairs])) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const needed = Math.max(3, Math.ceil(recipe.commits.length * 0.5));
  const frequent = [...counts].filter(([, count]) => count >= needed);
  const [best] = frequent.sort(
    (a, b) => b[1] - a[1] || b[0].split(' ').length - a[0].split(' ').length || a[0].localeCompare(b[0]),
  );
  if (best) {
    const pair = frequent.find(
      ([term, count]) => term.includes(' ') && term.includes(best[0]) && count >= 0.8 * best[1],
    );
    return kind((pair ?? best)[0]);
  }
  return kind(shape);
}

function shapeNoun(recipe: Recipe): string {
  const tokens = recipe.commits.map((entry) => entry.linked.spellings[0] ?? '');
  const lines = recipe.steps.flatMap((step) => step.templates).join('\n');
  if (tokens.every((token) => /^[A-Z][A-Z0-9_]*$/.test(token)))
    return tokens.some((token) => /ERR|ERROR/.test(token)) ? 'error code' : 'constant';
  if (/--<name>/.test(lines)) return 'command-line option';
  const newFile = recipe.steps.find((step) => /<(NAME|Name|name)>/.test(step.pattern));
  if (newFile && testInfo(newFile.pattern.replace(/<(NAME|Name|name)>/g, 'x'))) return 'test';
  if (tokens.every((token) => /^[A-Z][a-z]/.test(token)))
    return recipe.steps.some((step) => /\.(java|kt|cs|scala)$/.test(step.pattern)) ? 'class' : 'type';
  if (tokens.every((token) => /^[a-z]+[A-Z]/.test(token))) return 'function';
  return 'entry';
}

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|us)$/.test(word)) return word;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

function kind(noun: string): RecipeKind {
  return {
    noun,
    article: /^[aeiou]/.test(noun) ? 'an' : 'a',
    slug: noun.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
  };
}
