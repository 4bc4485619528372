import type { Evidence } from '../../model/candidate';
import { errorClassesOf, errorSitesOf } from '../../code/errorSites';
import { importsIn, languageOf, type SourceLanguage } from '../../code/importStatements';
import { ModuleResolver } from '../../code/moduleResolver';
import { blockAt, excerptLines, type SourceLine } from '../../code/sourceExcerpt';
import { redactText } from '../../redaction/redactText';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody } from './candidateFactory';
import {
  type CodeConventionInput,
  type CodeConventionOptions,
  DEFAULT_CODE_CONVENTION_OPTIONS,
  dominant,
  fenceOf,
  languageLabel,
  placeRank,
} from './codeConventions';
import { isTestFile } from './codeSample';

/** Where a project error is defined. */
interface Definition {
  path: string;
  /** Index into that file's lines, when the file was read. */
  index?: number;
  base?: string;
}

interface Site {
  path: string;
  name: string;
  index: number;
  lines: SourceLine[];
  project: boolean;
}

/**
 * Built-ins every codebase throws for a bad argument or an abstract method: they say nothing about
 * how the project reports its own failures, so they do not vote.
 */
const ARGUMENT_ERRORS: Partial<Record<SourceLanguage, ReadonlySet<string>>> = {
  python: new Set(['NotImplementedError', 'TypeError']),
  js: new Set(['TypeError', 'RangeError']),
  java: new Set(['NullPointerException', 'IllegalArgumentException', 'UnsupportedOperationException']),
};
const ERROR_NAME = /(Error|Exception|Warning|Failure)$/;
const HANDLER: Partial<Record<SourceLanguage, (root: string) => string>> = {
  python: (root) => `except ${root}:`,
  js: (root) => `instanceof ${root}`,
  java: (root) => `catch (${root} e)`,
};

/**
 * "Raise the project's own exceptions": Python, JavaScript/TypeScript and Java code that mostly
 * throws error classes the repository defines (in its code, or by an import of a repository file)
 * rather than built-ins. Proposed only when such throws clear the error share.
 */
export function distillErrorClasses(
  input: CodeConventionInput,
  partial: Partial<CodeConventionOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_CODE_CONVENTION_OPTIONS, ...partial };
  const resolver = new ModuleResolver(input.files);
  const candidates: LearnedCandidate[] = [];
  for (const language of ['python', 'js', 'java'] as const) {
    const sources = [...input.excerpts]
      .filter(([path]) => languageOf(path) === language && !isTestFile(path) && placeRank(path) < 2)
      .map(([path, excerpt]) => ({ path, lines: excerptLines(excerpt) }));
    if (sources.length === 0) continue;
    const definitions = projectErrors(language, sources, input.files);
    const sites: Site[] = [];
    for (const { path, lines } of sources) {
      const imported = importedFromRepo(language, path, lines, resolver);
      for (const site of errorSitesOf(language, lines)) {
        const name = site.name ?? '';
        if (ARGUMENT_ERRORS[language]?.has(name)) continue;
        const from = imported.get(name);
        if (from && !definitions.has(name)) definitions.set(name, { path: from });
        sites.push({ path, name, index: site.index, lines, project: definitions.has(name) });
      }
    }
    const project = sites.filter((site) => site.project);
    const files = new Set(project.map((site) => site.path));
    if (
      project.length < options.minFiles * 2 ||
      files.size < Math.ceil(options.minFiles / 2) ||
      project.length / sites.length < options.minErrorShare
    )
      continue;
    candidates.push(toCandidate(language, project, sites.length, definitions, input, now));
  }
  return candidates;
}

function projectErrors(
  language: SourceLanguage,
  sources: ReadonlyArray<{ path: string; lines: SourceLine[] }>,
  tree: readonly string[],
): Map<string, Definition> {
  const found = new Map<string, Definition>();
  const classes = sources.flatMap(({ path, lines }) =>
    errorClassesOf(language, lines).map((item) => ({ ...item, path })),
  );
  // Derived classes join once their base is known to be the project's: a few passes settle chains.
  for (let pass = 0; pass < 4; pass++) {
    for (const item of classes) {
      if (
        !found.has(item.name) &&
        (ERROR_NAME.test(item.name) ||
          item.base === 'createError' ||
          found.has(item.base) ||
          ERROR_NAME.test(item.base))
      ) {
        found.set(item.name, { path: item.path, index: item.index, base: item.base });
      }
    }
  }
  if (language === 'java') {
    for (const path of tree) {
      const name = /(?:^|\/)(\w+(?:Exception|Error|Failure))\.java$/.exec(path)?.[1];
      if (name && !found.has(name) && !/(^|\/)src\/test\//.test(path)) found.set(name, { path });
    }
  }
  return found;
}

/** Names a file imports from the repository's own modules, and from which file. */
function importedFromRepo(
  language: SourceLanguage,
  path: string,
  lines: readonly SourceLine[],
  resolver: ModuleResolver,
): Map<string, string> {
  const imported = new Map<string, string>();
  for (const statement of importsIn(lines.map((line) => line.text).join('\n'), language)) {
    const [target] = resolver.resolve(path, statement, language);
    if (target) for (const name of statement.names) imported.set(name, target);
  }
  return imported;
}

function toCandidate(
  language: SourceLanguage,
  project: readonly Site[],
  total: number,
  definitions: ReadonlyMap<string, Definition>,
  input: CodeConventionInput,
  now: number,
): LearnedCandidate {
  const label = languageLabel(
    language,
    project.map((site) => site.path),
  );
  const home = dominant(project, (site) => definitions.get(site.name)?.path ?? '')?.key ?? '';
  const counts = new Map<string, number>();
  for (const site of project) counts.set(site.name, (counts.get(site.name) ?? 0) + 1);
  const names = [...counts].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const factory = [...definitions.values()].some(
    (definition) => definition.path === home && definition.base === 'createError',
  );
  const root = rootOf(names[0] ?? '', definitions);
  const others = names.filter((name) => name !== root);
  const atHome = names.filter((name) => definitions.get(name)?.path === home);
  const elsewhere = names.filter((name) => definitions.get(name)?.path !== home);
  const besideNames = elsewhere
    .slice(0, 2)
    .map((name) => `${code(name)} in ${code(definitions.get(name)?.path ?? '')}`);
  const beside = elsewhere.length > 0 ? ` and beside it (${humanList(besideNames, 2)})` : '';
  const builtIn = language === 'python' ? 'Exception' : language === 'java' ? 'RuntimeException' : 'Error';
  const likeOthers =
    others.length > 0 ? `, as ${humanList(others.slice(0, 2).map(code))} ${others.length === 1 ? 'does' : 'do'}` : '';
  const steps = [
    `Raise the project's own errors, defined ` +
      `in ${code(home)} (${humanList(atHome.slice(0, 4).map(code), 4)})${beside}, not a ` +
      `built-in ${code(builtIn)}.`,
    factory
      ? `For a new kind of failure, add an error to ${code(home)} with ${code('createError(…)')}, next to the ` +
        `others, and throw it with ${code('throw new <NAME>()')}.`
      : [...definitions.values()].filter((definition) => definition.path === home).length >= 3
        ? `For a new kind of failure, add a class to ${code(home)} that derives from ${code(root)} (or a closer ` +
          `subclass), next to the others.`
        : `For a new kind of failure, throw ${code(root)} too, with a message that says what failed; add a ` +
          `subclass only when callers must tell the failure apart${likeOthers}.`,
  ];
  const site = exampleSite(language, project);
  const definition = definitions.get(site?.name ?? '');
  const defined = definition?.index !== undefined ? definitionBlock(language, input, definition) : undefined;
  const example: string[] = [];
  if (site)
    example.push(
      `From ${code(site.path)} (line ${site.lines[site.index]?.line ?? 0}):`,
      '',
      `\`\`\`${fenceOf(site.path)}`,
      ...site.block,
      '```',
    );
  if (defined && definition)
    example.push(
      '',
      `The error it raises, from ${code(definition.path)}:`,
      '',
      `\`\`\`${fenceOf(definition.path)}`,
      ...defined,
      '```',
    );
  const handler = HANDLER[language];
  const pitfalls = [
    factory
      ? `A plain ${code('new Error(…)')} carries no error code, unlike the errors made with ${code('createError')}.`
      : `A built-in error escapes the callers' ${code(handler ? handler(root) : root)} handlers.`,
    `Arguments of the wrong type may still raise the ` +
      `built-in ${code(language === 'java' ? 'IllegalArgumentException' : 'TypeError')}; the project's errors ` +
      `are for failures of the operation itself.`,
  ];
  const evidence: Evidence[] = project.slice(0, 5).map((item) => ({
    kind: 'file',
    ref: item.path,
    line: item.lines[item.index]?.line,
    detail: `raises ${item.name}`,
  }));
  evidence.push({
    kind: 'file',
    ref: home,
    ...(definition?.path === home && definition.index !== undefined ? { line: definitionLine(input, definition) } : {}),
    detail: 'defines the project errors',
  });
  const body = renderBody(`Raising errors in ${label}`, [
    ['When to use', [`When ${label} code here has to report a failure, or you add a new kind of failure.`]],
    ['Steps', steps.map((step, index) => `${index + 1}. ${step}`)],
    ['Example', example],
    ['Pitfalls', pitfalls.map((line) => `- ${line}`)],
    [
      'Evidence',
      [
        `- ${humanList([...new Set(project.map((item) => code(item.path)))].slice(0, 4), 4)} raise errors ` +
          `from ${code(home)}.`,
      ],
    ],
  ]);
  return makeCandidate(
    {
      name: `raising-${label}-errors`,
      description:
        `Which errors ${label} code raises here: the project's own, from ${home}. Use when adding ` +
        `error handling or a new failure case.`,
      body,
      scope: [...new Set(project.map((item) => `${item.path.slice(0, item.path.lastIndexOf('/') + 1) || ''}**`))].slice(
        0,
        8,
      ),
      confidence: Math.min(0.85, (project.length / total) * (1 - 1 / (project.length + 2))),
      evidence,
      source: 'code-conventions',
      support: project.length,
      statistics: {
        convention: 'error-classes',
        language: label,
        'project-raises': String(project.length),
        'counted-raises': String(total),
        share: (project.length / total).toFixed(2),
        home,
      },
    },
    now,
  );
}

/** The class whose base the project does not define: what callers catch to handle them all. */
function rootOf(name: string, definitions: ReadonlyMap<string, Definition>): string {
  let current = name;
  for (let step = 0; step < 10; step++) {
    const base = definitions.get(current)?.base;
    if (!base || !definitions.has(base) || base === current) return current;
    current = base;
  }
  return current;
}

/** A short raise with the condition that guards it, from library code first. */
function exampleSite(language: SourceLanguage, sites: readonly Site[]): (Site & { block: string[] }) | undefined {
  for (const site of [...sites].sort((a, b) => placeRank(a.path) - placeRank(b.path))) {
    const guard = site.index - 1;
    const guarded =
      guard >= 0 &&
      /^\s*(if|elif|else|except)\b.*[:{]\s*$|^\s*}?\s*(else|catch)\b.*\{\s*$/.test(site.lines[guard]?.text ?? '');
    const inline = /^\s*if\b/.test(site.lines[site.index]?.text ?? '')
      ? [(site.lines[site.index] as SourceLine).text.trim()]
      : undefined;
    const block = guarded ? blockAt(site.lines, guard, language, 6) : inline;
    if (block && block.some((line) => line.includes(site.name))) return { ...site, block };
  }
  return undefined;
}

function definitionBlock(
  language: SourceLanguage,
  input: CodeConventionInput,
  definition: Definition,
): string[] | undefined {
  const excerpt = input.excerpts.get(definition.path);
  if (!excerpt || definition.index === undefined) return undefined;
  const lines = excerptLines(excerpt);
  return (
    blockAt(lines, definition.index, language, 6) ??
    callAt(lines, definition.index) ?? [lines[definition.index]?.text.trim() ?? '']
  );
}

function definitionLine(input: CodeConventionInput, definition: Definition): number | undefined {
  const excerpt = input.excerpts.get(definition.path);
  return excerpt && definition.index !== undefined ? excerptLines(excerpt)[definition.index]?.line : undefined;
}

/** A factory call (`X: createError(…)`) up to its closing parenthesis, at most six lines. */
function callAt(lines: readonly SourceLine[], start: number): string[] | undefined {
  let depth = 0;
  const block: string[] = [];
  for (const line of lines.slice(start, start + 6)) {
    block.push(line.text);
    depth += (line.text.match(/\(/g)?.length ?? 0) - (line.text.match(/\)/g)?.length ?? 0);
    if (depth <= 0) {
      const indent = Math.min(
        ...block.filter((text) => text.trim()).map((text) => text.length - text.trimStart().length),
      );
      return redactText(block.map((text) => text.slice(indent).trimEnd()).join('\n')).split('\n');
    }
  }
  return undefined;
}
