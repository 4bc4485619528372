import type { Evidence } from '../../model/candidate';
import { fileStem, type NameCase, nameCaseOf } from '../../code/fileNameCase';
import { languageOf, type SourceLanguage } from '../../code/importStatements';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody } from './candidateFactory';
import {
  type CodeConventionInput,
  type CodeConventionOptions,
  DEFAULT_CODE_CONVENTION_OPTIONS,
  dominant,
  groupBy,
  languageLabel,
  placeRank,
} from './codeConventions';

interface NamedFile {
  path: string;
  area: string;
  nameCase: NameCase;
}

/** Folders whose file names come from elsewhere (fixtures, snapshots, vendored code). */
const FOREIGN =
  /(^|\/)(fixtures?|__fixtures__|testdata|__snapshots__|snapshots|vendor|third_party|node_modules|generated)\//;
/** Monorepo folders whose children are the real areas. */
const CONTAINERS = new Set(['packages', 'crates', 'apps', 'libs', 'modules', 'plugins', 'services']);

/**
 * The case file names are written in, per language, or per top folder where folders differ.
 * Judged on the whole tree (names cost nothing to read); one-word names fit every case and do
 * not vote, so a folder of `utils.ts` and `index.ts` proposes nothing.
 */
export function distillFileNaming(
  input: CodeConventionInput,
  partial: Partial<CodeConventionOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_CODE_CONVENTION_OPTIONS, ...partial };
  // Names are many and cheap, so a case needs more of them than a test style needs files.
  const minNames = options.minFiles * 2;
  const byLanguage = new Map<SourceLanguage, NamedFile[]>();
  /** A real one-word, lowercase name per language, to show that such names need no separator. */
  const oneWord = new Map<SourceLanguage, string>();
  for (const path of input.files) {
    const language = languageOf(path);
    const stem = language && !FOREIGN.test(path) && !/\.d\.[cm]?ts$/.test(path) ? fileStem(path) : undefined;
    if (!language || !stem) continue;
    const nameCase = nameCaseOf(stem);
    if (nameCase === 'word') {
      if (!oneWord.has(language) && /^[a-z]+$/.test(stem)) oneWord.set(language, path);
      continue;
    }
    const list = byLanguage.get(language) ?? [];
    list.push({ path, area: areaOf(path), nameCase });
    byLanguage.set(language, list);
  }
  const candidates: LearnedCandidate[] = [];
  for (const [language, files] of byLanguage) {
    const settled = (list: readonly NamedFile[]): NameCase | undefined => {
      const best = dominant(list, (file) => file.nameCase);
      return best && best.key !== 'other' && best.count >= minNames && best.count / list.length >= options.minShare
        ? (best.key as NameCase)
        : undefined;
    };
    const whole = settled(files);
    const areas = [...groupBy(files, (file) => file.area)].filter(([, list]) => list.length >= minNames);
    const rules: Array<{ area?: string; nameCase: NameCase; files: NamedFile[] }> = [];
    if (whole && areas.every(([, list]) => (settled(list) ?? whole) === whole))
      rules.push({ nameCase: whole, files: files.filter((file) => file.nameCase === whole) });
    else {
      for (const [area, list] of areas) {
        const nameCase = settled(list);
        if (nameCase) rules.push({ area, nameCase, files: list.filter((file) => file.nameCase === nameCase) });
      }
    }
    if (rules.length > 0) candidates.push(toCandidate(language, files, rules, oneWord.get(language), now));
  }
  return candidates;
}

function toCandidate(
  language: SourceLanguage,
  all: readonly NamedFile[],
  rules: Array<{ area?: string; nameCase: NameCase; files: NamedFile[] }>,
  oneWord: string | undefined,
  now: number,
): LearnedCandidate {
  const label = languageLabel(
    language,
    all.map((file) => file.path),
  );
  const base = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
  // Library code first: its names are the ones new files will sit beside.
  const byPlace = (files: readonly NamedFile[]): NamedFile[] =>
    [...files].sort((a, b) => placeRank(a.path) - placeRank(b.path) || a.path.localeCompare(b.path));
  const steps = rules.map((rule) => {
    const examples = spaced(byPlace(rule.files), 2).map((file) => code(base(file.path)));
    const where =
      rule.area === '.' ? 'At the repository root, name' : rule.area ? `In ${code(`${rule.area}/`)}, name` : 'Name';
    return `${where} new files in ${rule.nameCase}, like ${humanList(examples)}.`;
  });
  const pascal = rules.every((rule) => rule.nameCase === 'PascalCase');
  if (language === 'java' && pascal)
    steps.push('Name the file after the public class it declares; the compiler requires the two to match.');
  else if (!pascal && oneWord)
    steps.push(`A one-word name needs no separator; keep it lowercase, like ${code(oneWord)}.`);
  const following = rules.flatMap((rule) => rule.files);
  const examples = rules.flatMap((rule) => spaced(byPlace(rule.files), 3)).slice(0, 6);
  const evidence: Evidence[] = examples.map((file) => ({
    kind: 'file',
    ref: file.path,
    detail: `named in ${file.nameCase}`,
  }));
  const areas = rules.every((rule) => rule.area)
    ? humanList(rules.map((rule) => code(`${rule.area ?? ''}/`)))
    : 'this repository';
  const body = renderBody(`Naming ${label} files`, [
    ['When to use', [`When you create, rename or move a ${label} file.`]],
    ['Steps', steps.map((step, index) => `${index + 1}. ${step}`)],
    ['Example', examples.map((file) => `- ${code(file.path)}`)],
    [
      'Pitfalls',
      [
        '- When you rename a file only by case, use `git mv`; on a case-insensitive file system (macOS, Windows) ' +
          'git may not notice the change otherwise.',
      ],
    ],
    ['Evidence', [`- The ${label} files in ${areas} are named this way, apart from one-word names.`]],
  ]);
  const share =
    following.length /
    Math.max(
      1,
      rules.reduce((sum, rule) => sum + all.filter((file) => !rule.area || file.area === rule.area).length, 0),
    );
  return makeCandidate(
    {
      name: `naming-${label}-files`,
      description:
        `The case ${label} file names are written in here ` +
        `(${[...new Set(rules.map((rule) => rule.nameCase))].join(', ')}). Use when creating or renaming ` +
        `a ${label} file.`,
      body,
      scope: rules.some((rule) => !rule.area)
        ? [`**/*${extensionOf(following[0]?.path ?? '')}`]
        : rules.map((rule) => `${rule.area}/**`),
      // A naming rule is worth less than a test or error habit: it caps below them in the queue.
      confidence: Math.min(0.6, share * (1 - 1 / (following.length + 2))),
      evidence,
      source: 'code-conventions',
      support: following.length,
      statistics: {
        convention: 'file-naming',
        language: label,
        cases: rules.map((rule) => `${rule.area ?? '*'}=${rule.nameCase}`).join(', '),
        'multi-word-names': String(all.length),
        'following-names': String(following.length),
        share: share.toFixed(2),
      },
    },
    now,
  );
}

/** `count` items spread over the list, so examples come from different folders. */
function spaced<T>(items: readonly T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, index) => index % step === 0).slice(0, count);
}

/** The top folder, or two levels in a monorepo (`packages/core`); '.' for the root. */
function areaOf(path: string): string {
  const dirs = path.split('/').slice(0, -1);
  if (dirs.length === 0) return '.';
  return CONTAINERS.has(dirs[0] ?? '') && dirs.length > 1 ? dirs.slice(0, 2).join('/') : (dirs[0] as string);
}

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.includes('.') ? base.slice(base.lastIndexOf('.')) : '';
}
