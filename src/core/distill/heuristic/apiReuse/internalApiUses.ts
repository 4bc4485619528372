import { type ImportStatement, importsIn, languageOf, type SourceLanguage } from '../../../code/importStatements';
import type { ModuleResolver } from '../../../code/moduleResolver';
import type { RecentAddition } from '../../../history/recentAdditions';
import { dirOf } from '../../../util/paths';
import { composePattern } from '../../../util/patterns';
import { escapeRegExp } from '../../../util/regex';
import { testInfo } from '../testLayout';

/** New code in an area calling a repository helper module. */
export interface InternalApiUse {
  /** The area of the code that uses it: the first two folders of the using file. */
  area: string;
  /** The repository file that defines what is used. */
  module: string;
  /** What is used from it, most used first, with the commits that used each. */
  names: Array<{ name: string; commits: number }>;
  /** Commits whose added lines used it in the area, newest first, with those lines. */
  commits: Array<{ hash: string; subject: string; commitDate: number; file: string; lines: string[] }>;
  /** Different files of the area whose new code used it. */
  files: number;
}

export interface ApiUseOptions {
  /** Distinct commits whose new code must use the module in the area. @default 4 */
  minCommits: number;
  /** Distinct files of the area that must use it. @default 2 */
  minFiles: number;
}

export const DEFAULT_API_USE_OPTIONS: ApiUseOptions = { minCommits: 4, minFiles: 2 };

/**
 * A module whose job is to be reused: utilities, helpers, compatibility shims, the project's own
 * errors, warnings and logging, and test support code. The library's public entry points and the
 * code a test exercises are used too, but "use the code under test" is no advice.
 */
const HELPER_NAMES = [
  ...['utils?', 'helpers?', 'support', 'common', 'shared', 'compat', 'internals?'],
  ...['testing', 'testutils?', 'testlib', 'fixtures?', 'harness', 'conftest'],
  ...['errors?', 'exceptions?', 'warnings?', 'logg?(er|ing)?'],
  ...['mocks?', 'fakes?', 'stubs?'],
];
const HELPER = composePattern(['(^|[/_.-])', `(${HELPER_NAMES.join('|')})`, '([/_.-]|$)'], 'i');

export function isHelperModule(path: string): boolean {
  if (HELPER.test(path.replace(/\.[^./]+$/, ''))) return true;
  // A file under a test folder that is not a test itself is test support.
  return !testInfo(path) && /(^|\/)(tests?|specs?|__tests__)\//.test(path);
}

interface Tally {
  area: string;
  module: string;
  names: Map<string, Set<string>>;
  commits: InternalApiUse['commits'];
  files: Set<string>;
}

/**
 * Which helper modules of the repository the lines recent commits added use, per area: a name
 * imported from the module (at the split or in the commit itself) that an added line refers to,
 * or a member reached through the module's binding (`util.clamp(`, `compat.urlparse`).
 */
export function internalApiUses(
  additions: readonly RecentAddition[],
  heads: ReadonlyMap<string, string>,
  resolver: ModuleResolver,
  partial: Partial<ApiUseOptions> = {},
): InternalApiUse[] {
  const options = { ...DEFAULT_API_USE_OPTIONS, ...partial };
  const tallies = new Map<string, Tally>();
  for (const commit of additions) {
    for (const file of commit.files) {
      const language = languageOf(file.path);
      if (!language) continue;
      const statements = importsIn(`${heads.get(file.path) ?? ''}\n${file.lines.join('\n')}`, language);
      const references = referencesIn(
        file.lines,
        statements,
        (statement) => resolver.resolve(file.path, statement, language),
        language,
      );
      for (const [module, found] of references) {
        if (module === file.path || !isHelperModule(module)) continue;
        const area = areaOf(file.path);
        const key = `${area}\u0000${module}`;
        let tally = tallies.get(key);
        if (!tally) tallies.set(key, (tally = { area, module, names: new Map(), commits: [], files: new Set() }));
        for (const name of found.names) {
          let users = tally.names.get(name);
          if (!users) tally.names.set(name, (users = new Set()));
          users.add(commit.hash);
        }
        tally.files.add(file.path);
        // Lines that call the helper show its use better than a type annotation that names it.
        const code = found.lines.filter((line) => !/^\s*(\/\/|#|\*|\/\*|--)/.test(line));
        const lines = [...(code.length > 0 ? code : found.lines)]
          .sort((a, b) => Number(!/\(/.test(a)) - Number(!/\(/.test(b)))
          .slice(0, 4);
        if (!tally.commits.some((item) => item.hash === commit.hash))
          tally.commits.push({
            hash: commit.hash,
            subject: commit.subject,
            commitDate: commit.commitDate,
            file: file.path,
            lines,
          });
      }
    }
  }
  return [...tallies.values()]
    .filter(
      (tally) =>
        tally.commits.length >= options.minCommits && tally.files.size >= options.minFiles && tally.names.size > 0,
    )
    .map((tally) => ({
      area: tally.area,
      module: tally.module,
      names: [...tally.names]
        .map(([name, users]) => ({ name, commits: users.size }))
        .sort((a, b) => b.commits - a.commits || a.name.localeCompare(b.name)),
      commits: tally.commits,
      files: tally.files.size,
    }))
    .sort((a, b) => b.commits.length - a.commits.length || b.files - a.files || a.module.localeCompare(b.module));
}

/** `helpers.js` in a string is a file name, not a member. */
const FILE_EXTENSION = /^(m?[jt]sx?|cjs|py|go|rs|java|json|md|ya?ml)$/;

const IMPORT_LINE =
  /^\s*(import\b|from\s+\S+\s+import\b|use\s|package\s|#include\b|export\s+\*?\s*\{?[^=]*\bfrom\b)|\brequire\s*\(/;

/** Per module: the names the added (non-import) lines use from it, and those lines. */
function referencesIn(
  lines: readonly string[],
  statements: readonly ImportStatement[],
  resolve: (statement: ImportStatement) => string[],
  language: SourceLanguage,
): Map<string, { names: Set<string>; lines: string[] }> {
  const byModule = new Map<string, { names: Set<string>; lines: string[] }>();
  const patterns: Array<{ module: string; pattern: RegExp; member: boolean; name: string }> = [];
  for (const statement of statements) {
    const resolved = resolve(statement);
    // A Go import names a package (a folder of files); a member may live in any of them.
    const module = language === 'go' && resolved.length > 0 ? `${dirOf(resolved[0] as string)}/` : resolved[0];
    if (!module) continue;
    for (const name of statement.names)
      patterns.push({
        module,
        pattern: new RegExp(`(?<![\\w$.])${escapeRegExp(name)}(?![\\w$])`),
        member: false,
        name,
      });
    if (statement.binding && (language === 'go' || language === 'python' || language === 'js')) {
      patterns.push({
        module,
        pattern: new RegExp(`(?<![\\w$.])${escapeRegExp(statement.binding)}\\.([A-Za-z_$][\\w$]*)`),
        member: true,
        name: statement.binding,
      });
    }
  }
  if (patterns.length === 0) return byModule;
  for (const line of lines) {
    if (IMPORT_LINE.test(line)) continue;
    for (const { module, pattern, member, name } of patterns) {
      const match = pattern.exec(line);
      if (!match || (member && FILE_EXTENSION.test(match[1] ?? ''))) continue;
      let entry = byModule.get(module);
      if (!entry) byModule.set(module, (entry = { names: new Set(), lines: [] }));
      entry.names.add(member ? `${name}.${match[1] ?? ''}` : name);
      if (!entry.lines.includes(line)) entry.lines.push(line);
    }
  }
  return byModule;
}

/** `src/core/learn/x.ts` → `src/core`; `tests/test_a.py` → `tests`; a root file → `.`. */
export function areaOf(path: string): string {
  const folder = dirOf(path);
  return folder === '.' ? '.' : folder.split('/').slice(0, 2).join('/');
}
