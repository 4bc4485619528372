import type { FileExcerpt } from '../../history/repoTree';
import { languageOf, type SourceLanguage } from '../../code/importStatements';

/** What the conventions read from the code see of the repository at the split. */
export interface CodeConventionInput {
  /** Every file in the tree at the split. */
  files: readonly string[];
  /** Head and tail of the sampled files (see sampleForConventions). */
  excerpts: ReadonlyMap<string, FileExcerpt>;
  /** package.json, Makefile and workflow contents at the split. */
  contents: ReadonlyMap<string, string>;
}

export interface CodeConventionOptions {
  /** Fewer files than this showing a habit (per language or folder): no convention. @default 4 */
  minFiles: number;
  /** Share of those files the dominant habit must reach. @default 0.8 */
  minShare: number;
  /**
   * Share of the counted raises that must throw the project's own errors. Lower than `minShare`:
   * even a project with its own errors raises a built-in now and then. @default 0.7
   */
  minErrorShare: number;
}

export const DEFAULT_CODE_CONVENTION_OPTIONS: CodeConventionOptions = {
  minFiles: 4,
  minShare: 0.8,
  minErrorShare: 0.7,
};

/** Library code shows a habit best; tests, examples and tooling come after it. */
export function placeRank(path: string): number {
  return /^(src|lib|packages|source|crates)\//.test(path)
    ? 0
    : /(^|\/)(tests?|__tests__|examples?|scripts?|benchmarks?|bin|docs?)\//.test(path)
      ? 2
      : 1;
}

/** The most common key and the items that have it. */
export function dominant<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): { key: string; count: number; items: T[] } | undefined {
  let best: { key: string; count: number; items: T[] } | undefined;
  for (const [key, list] of groupBy(items, keyOf))
    if (!best || list.length > best.count) best = { key, count: list.length, items: list };
  return best;
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** How a language is named to a reader: TypeScript when most of the JavaScript-family files are. */
export function languageLabel(language: SourceLanguage, paths: readonly string[]): string {
  if (language === 'js')
    return paths.filter((path) => /\.[cm]?tsx?$/.test(path)).length * 2 > paths.length ? 'TypeScript' : 'JavaScript';
  return { python: 'Python', go: 'Go', rust: 'Rust', java: /\.kt$/.test(paths[0] ?? '') ? 'Kotlin' : 'Java' }[language];
}

/** The Markdown fence tag for a file's language. */
export function fenceOf(path: string): string {
  const language = languageOf(path);
  if (language === 'js') return /\.[cm]?tsx?$/.test(path) ? 'ts' : 'js';
  return language === 'python' ? 'python' : (language ?? '');
}
