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
import { type Definition, findDefinition } from './definitions';
import type { InternalApiUse } from './internalApiUses';

export interface ApiReuseOptions {
  /** Areas (one skill each) at most. @default 3 */
  maxSkills: number;
  /** Helper modules per area at most. @default 3 */
  maxModules: number;
  /** Names shown per module at most. @default 4 */
  maxNames: number;
}

export const DEFAULT_API_REUSE_OPTIONS: ApiReuseOptions = { maxSkills: 3, maxModules: 3, maxNames: 4 };

/**
 * "Use X for Y; do not write it again": per area, the repository's own helpers that new code
 * there keeps calling, each cited where it is defined and where it was used lately.
 */
export function distillApiReuse(
  uses: readonly InternalApiUse[],
  definitions: ReadonlyMap<string, string>,
  partial: Partial<ApiReuseOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_API_REUSE_OPTIONS, ...partial };
  const byArea = new Map<string, DefinedUse[]>();
  for (const use of uses) {
    const defined = withDefinitions(use, definitions);
    if (defined) byArea.set(use.area, [...(byArea.get(use.area) ?? []), defined]);
  }
  return [...byArea]
    .map(([area, list]) => ({
      area,
      list: list.slice(0, options.maxModules),
      weight: list.reduce((sum, use) => sum + use.commits.length, 0),
    }))
    .sort((a, b) => b.weight - a.weight || a.area.localeCompare(b.area))
    .slice(0, options.maxSkills)
    .map(({ area, list }) => toCandidate(area, list, options, now));
}

/** A use whose names are still defined at the split, each with where. */
interface DefinedUse extends InternalApiUse {
  defined: Array<{ name: string; definition: Definition }>;
}

/** Keeps the names the module still defines today; a helper removed since is no advice. */
function withDefinitions(use: InternalApiUse, definitions: ReadonlyMap<string, string>): DefinedUse | undefined {
  const paths = use.module.endsWith('/')
    ? [...definitions.keys()].filter((path) => path.startsWith(use.module))
    : [use.module];
  const defined = use.names.flatMap((item) => {
    const definition = findDefinition(bare(item.name), definitions, paths);
    return definition && !definition.deprecated ? [{ name: item.name, definition }] : [];
  });
  return defined.length > 0 ? { ...use, defined } : undefined;
}

function toCandidate(
  area: string,
  uses: readonly DefinedUse[],
  options: ApiReuseOptions,
  now: number,
): LearnedCandidate {
  const where = area === '.' ? 'the repository root' : code(`${area}/`);
  const steps = uses.map((use, index) => {
    const shown = use.defined.slice(0, options.maxNames);
    const first = shown[0] as DefinedUse['defined'][number];
    const summary = first.definition.summary;
    // A comment fragment ("the allocation", ": Python 3.x?") says nothing a reader can use.
    const purpose =
      summary && /^[A-Za-z]/.test(summary) && summary.split(/\s+/).length >= 4 && !/\?$/.test(summary)
        ? ` (${lowerFirst(summary.replace(/\.$/, ''))})`
        : '';
    const names = humanList(
      shown.map((item) => code(item.name)),
      options.maxNames,
    );
    const definedAt = code(`${first.definition.path}:${first.definition.line}`);
    return (
      `${index + 1}. Use ${names} from ${code(use.module)}${purpose}; ${code(bare(first.name))} is defined ` +
      `at ${definedAt}. Do not write your own version.`
    );
  });
  const newest = uses
    .flatMap((use) => use.commits.slice(0, 1).map((commit) => ({ use, commit })))
    .sort((a, b) => b.commit.commitDate - a.commit.commitDate)[0];
  const example = newest
    ? [
        `${code(shortHash(newest.commit.hash))} "${newest.commit.subject}" in ${code(newest.commit.file)}:`,
        '',
        '```',
        ...newest.commit.lines.map((line) => line.replace(/\s+$/, '')),
        '```',
      ]
    : [];
  const commits = uses.flatMap((use) => use.commits);
  const evidence: Evidence[] = [
    ...uses.flatMap((use) =>
      use.defined.slice(0, 2).map((item): Evidence => ({
        kind: 'file',
        ref: item.definition.path,
        line: item.definition.line,
        detail: `defines ${bare(item.name)}`,
      })),
    ),
    ...commits.slice(0, 8).map((commit): Evidence => ({
      kind: 'commit',
      ref: commit.hash,
      detail: `"${commit.subject}" used it in ${commit.file}`,
    })),
  ];
  const body = renderBody(`Reusing the helpers in ${where}`, [
    [
      'When to use',
      [
        `When you write new code in ${where}: these helpers already do the job there, so call them instead of ` +
          `writing it again.`,
      ],
    ],
    ['Steps', steps],
    ['Example', example],
    [
      'Pitfalls',
      [
        '- A hand-written copy of a helper drifts from it: fixes to the helper stop reaching your code, and ' +
          'reviewers here ask for the helper instead.',
      ],
    ],
    ['Evidence', commits.slice(0, 5).map((commit) => `- ${shortHash(commit.hash)} ${commit.subject}`)],
  ]);
  const strongest = uses[0] as InternalApiUse;
  const modules = uses.map((use) => use.module);
  return makeCandidate(
    {
      name: `reusing-helpers-in-${area === '.' ? 'root' : area}`,
      description:
        `Which of the repository's own helpers new code ` +
        `in ${area === '.' ? 'the root' : `${area}/`} uses (${humanList(modules, 3)}). Use when writing code ` +
        `there, so you call them instead of writing your own.`,
      body,
      scope: [
        area === '.' ? '*' : `${area}/**`,
        ...modules.map((module) => (module.endsWith('/') ? `${module}*` : module)),
      ],
      confidence: Math.min(0.9, 0.45 + strongest.commits.length / 40),
      evidence,
      source: 'internal-api',
      support: new Set(commits.map((commit) => commit.hash)).size,
      span: spanOf(commits),
      statistics: Object.fromEntries(
        uses.map((use) => [use.module, `${use.commits.length} commits, ${use.files} files`]),
      ),
    },
    now,
  );
}

/** `util.Max` → `Max`: the member is what is defined. */
function bare(name: string): string {
  return name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
}

/** "Runs a call again" → "runs a call again", but an identifier ("ToChars converts…") keeps its case. */
function lowerFirst(text: string): string {
  const first = text.split(/\s/, 1)[0] ?? '';
  return /^[A-Z][a-z]+$/.test(first) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}
