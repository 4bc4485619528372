import { languageOf } from '../code/importStatements';
import { ModuleResolver } from '../code/moduleResolver';
import { type InternalApiUse, internalApiUses } from '../distill/heuristic/apiReuse/internalApiUses';
import type { GitRunOptions } from '../history/gitProcess';
import type { PresentHistory } from '../history/presentHistory';
import { type RecentAddition, readRecentAdditions } from '../history/recentAdditions';
import { readFilesAt } from '../history/repoTree';
import { dirOf } from '../util/paths';

/** What the distillers that read diffs and code need, read once and bounded. */
export interface CodeInputs {
  /** Lines recent multi-file commits added, in today's paths. */
  additions: RecentAddition[];
  /** Helper modules new code in each area used. */
  apiUses: InternalApiUse[];
  /** Texts at the split of the modules those uses point at, for where each name is defined. */
  definitions: ReadonlyMap<string, string>;
}

export const NO_CODE_INPUTS: CodeInputs = { additions: [], apiUses: [], definitions: new Map() };

/** Modules whose definitions are read, at most; the distiller shows only the strongest few. */
const MAX_DEFINITION_MODULES = 24;

export async function readCodeInputs(
  repo: string,
  history: PresentHistory,
  options: GitRunOptions = {},
): Promise<CodeInputs> {
  const rev = history.split.rev;
  if (!rev) return NO_CODE_INPUTS;
  const additions = await readRecentAdditions(repo, history, options);
  const touched = [...new Set(additions.flatMap((commit) => commit.files.map((file) => file.path)))].filter(
    (path) => languageOf(path) !== undefined,
  );
  const heads = await readFilesAt(repo, rev, touched, 8192);
  const goModules = new Map<string, string>();
  for (const [path, text] of await readFilesAt(
    repo,
    rev,
    history.tree.filter((path) => path === 'go.mod' || path.endsWith('/go.mod')),
    4096,
  )) {
    const name = /^module\s+(\S+)/m.exec(text)?.[1];
    if (name) goModules.set(dirOf(path), name);
  }
  const apiUses = internalApiUses(additions, heads, new ModuleResolver(history.tree, goModules));
  const modules = [...new Set(apiUses.map((use) => use.module))].slice(0, MAX_DEFINITION_MODULES);
  // A Go package is a folder: its names may be defined in any of its files.
  const files = modules.flatMap((module) =>
    module.endsWith('/')
      ? history.tree
          .filter((path) => dirOf(path) === module.slice(0, -1) && path.endsWith('.go') && !path.endsWith('_test.go'))
          .slice(0, 20)
      : [module],
  );
  const definitions = await readFilesAt(repo, rev, files, 128 * 1024);
  return { additions, apiUses, definitions };
}
