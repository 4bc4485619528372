import type { GitRunOptions } from '../history/gitProcess';
import { readFilesAt } from '../history/repoTree';
import { dirOf } from '../util/paths';
import { importsIn, languageOf } from './importStatements';
import { ModuleResolver } from './moduleResolver';

export interface ImportGraphOptions extends GitRunOptions {
  /** Source files read at most; the rest of a huge tree is left out. @default 6000 */
  maxFiles?: number;
  /** Bytes read from the top of each file, where imports live. @default 16384 */
  headBytes?: number;
}

/** Which files of the tree import which, as (importer, imported) pairs of tree paths. */
export async function readImportGraph(
  repo: string,
  rev: string,
  tree: readonly string[],
  options: ImportGraphOptions = {},
): Promise<Array<[string, string]>> {
  const sources = tree.filter((path) => languageOf(path) !== undefined).slice(0, options.maxFiles ?? 6000);
  if (sources.length === 0) return [];
  const goMods = tree.filter((path) => path === 'go.mod' || path.endsWith('/go.mod'));
  const heads = await readFilesAt(repo, rev, sources, options.headBytes ?? 16_384);
  const modules = await readFilesAt(repo, rev, goMods, 4096);
  const goModules = new Map<string, string>();
  for (const [path, text] of modules) {
    const name = /^module\s+(\S+)/m.exec(text)?.[1];
    if (name) goModules.set(dirOf(path), name);
  }
  return importPairs(heads, new ModuleResolver(tree, goModules));
}

/** The pure half of readImportGraph: pairs from file texts already read. */
export function importPairs(texts: ReadonlyMap<string, string>, resolver: ModuleResolver): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [path, text] of texts) {
    const language = languageOf(path);
    if (!language) continue;
    for (const statement of importsIn(text, language)) {
      for (const target of resolver.resolve(path, statement, language)) {
        const key = `${path}\u0000${target}`;
        if (target === path || seen.has(key)) continue;
        seen.add(key);
        pairs.push([path, target]);
      }
    }
  }
  return pairs;
}
