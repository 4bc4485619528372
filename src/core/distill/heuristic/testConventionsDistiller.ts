import type { Evidence } from '../../model/candidate';
import { languageOf, type SourceLanguage } from '../../code/importStatements';
import { blockAt, excerptLines, excerptText, findLine, type SourceLine } from '../../code/sourceExcerpt';
import { type TestStyle, testStyleOf } from '../../code/testStyle';
import { redactText } from '../../redaction/redactText';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody } from './candidateFactory';
import {
  type CodeConventionInput,
  type CodeConventionOptions,
  DEFAULT_CODE_CONVENTION_OPTIONS,
  dominant,
  fenceOf,
  groupBy,
  languageLabel,
} from './codeConventions';
import { isTestFile } from './codeSample';
import { pytestFixtures } from './pytestFixtures';
import { jsTestRunners } from './jsTestRunners';
import { assertionPhrase, featurePhrase, frameworkPhrase } from './testStylePhrases';

interface StyledFile {
  path: string;
  language: SourceLanguage;
  area: string;
  style: TestStyle;
  lines: SourceLine[];
}

/** What a group of test files agrees on; a part is set only where the files agree enough. */
interface Outcome {
  framework?: string;
  assertion?: string;
  features: string[];
  files: StyledFile[];
}

/**
 * The test framework and assertion style, read from a sample of the test files: one skill per
 * language, or per test folder when a folder keeps a style of its own (a legacy suite, browser
 * tests beside Node tests). Nothing is proposed where the files do not agree.
 */
export function distillTestConventions(
  input: CodeConventionInput,
  partial: Partial<CodeConventionOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_CODE_CONVENTION_OPTIONS, ...partial };
  const runnerFor = jsTestRunners(input.contents.get('package.json'));
  const byLanguage = new Map<SourceLanguage, StyledFile[]>();
  for (const [path, excerpt] of input.excerpts) {
    const language = languageOf(path);
    const inline = language === 'rust' && !isTestFile(path);
    if (!language || (!isTestFile(path) && !inline)) continue;
    const lines = excerptLines(excerpt);
    const style = testStyleOf(language, lines, excerptText(excerpt));
    if (!style) continue;
    if (inline) style.framework = 'rust-inline';
    if (language === 'js' && !style.framework) style.framework = runnerFor(path) ?? '';
    const list = byLanguage.get(language) ?? [];
    list.push({ path, language, area: inline ? 'inline' : testArea(path), style, lines });
    byLanguage.set(language, list);
  }
  const candidates: LearnedCandidate[] = [];
  for (const [language, files] of byLanguage) {
    const whole = outcomeOf(files, options);
    const areas = [...groupBy(files, (file) => file.area).values()]
      .filter((list) => list.length >= options.minFiles)
      .map((list) => outcomeOf(list, options));
    if (areas.every((area) => agrees(area, whole))) {
      if (cleared(whole)) candidates.push(toCandidate(whole, language, true, input, now));
      continue;
    }
    for (const group of groupBy(areas.filter(cleared), outcomeKey).values()) {
      const merged = { ...(group[0] as Outcome), files: group.flatMap((area) => area.files) };
      candidates.push(toCandidate(merged, language, false, input, now));
    }
  }
  return candidates;
}

function outcomeOf(files: StyledFile[], options: CodeConventionOptions): Outcome {
  if (files.length < options.minFiles) return { features: [], files };
  const share = (count: number): boolean => count / files.length >= options.minShare;
  const framework = dominant(files, (file) => file.style.framework);
  const assertion = dominant(files, (file) => file.style.assertion);
  const features = [...new Set(files.flatMap((file) => file.style.features))].filter((feature) => {
    const users = files.filter((file) => file.style.features.includes(feature)).length;
    return feature === 'describe' ? share(users) : users >= 2 && users / files.length >= 0.25;
  });
  return {
    ...(framework && framework.key && share(framework.count) ? { framework: framework.key } : {}),
    ...(assertion && share(assertion.count) ? { assertion: assertion.key } : {}),
    features,
    files,
  };
}

function cleared(outcome: Outcome): boolean {
  return outcome.framework !== undefined || outcome.assertion !== undefined;
}

/** A folder disagrees when it settles on a framework or assertion style the language as a whole does not. */
function agrees(area: Outcome, whole: Outcome): boolean {
  return (
    (area.framework === undefined || area.framework === whole.framework) &&
    (area.assertion === undefined || area.assertion === whole.assertion)
  );
}

function outcomeKey(outcome: Outcome): string {
  return `${outcome.framework ?? ''}|${outcome.assertion ?? ''}`;
}

function toCandidate(
  outcome: Outcome,
  language: SourceLanguage,
  whole: boolean,
  input: CodeConventionInput,
  now: number,
): LearnedCandidate {
  const follows = (file: StyledFile): boolean =>
    (!outcome.framework || file.style.framework === outcome.framework) &&
    (!outcome.assertion || file.style.assertion === outcome.assertion);
  // The main suite first: its folder leads the lists and gives the example.
  const sizes = new Map<string, number>();
  for (const file of outcome.files) sizes.set(file.area, (sizes.get(file.area) ?? 0) + 1);
  const following = outcome.files
    .filter(follows)
    .sort((a, b) => (sizes.get(b.area) ?? 0) - (sizes.get(a.area) ?? 0) || a.path.localeCompare(b.path));
  const areas = outermost([...new Set(following.map((file) => file.area))], sizes);
  const label = languageLabel(
    language,
    following.map((file) => file.path),
  );
  const framework = outcome.framework ? frameworkPhrase(outcome.framework) : undefined;
  const assertion = outcome.assertion ? assertionPhrase(outcome.assertion) : undefined;
  const sampleLine = (pattern: RegExp | undefined): string | undefined => {
    if (!pattern) return undefined;
    for (const file of following) {
      const index = findLine(file.lines, pattern);
      if (index >= 0) return redactText((file.lines[index] as SourceLine).text.trim());
    }
    return undefined;
  };
  const steps: string[] = [];
  const describeBlock = code("describe('…', () => { it('…', …) })");
  if (framework) steps.push(framework.step(sampleLine(framework.sample)));
  else if (outcome.features.includes('describe'))
    steps.push(`Group tests in ${describeBlock} blocks, as the tests around them are.`);
  if (assertion) steps.push(assertion.step(sampleLine(assertion.sample)));
  for (const feature of outcome.features) {
    const phrase = featurePhrase(feature);
    if (phrase) steps.push(phrase);
  }
  const fixtures = language === 'python' ? pytestFixtures(input.excerpts, areas) : undefined;
  if (fixtures)
    steps.push(
      `Reuse the fixtures in ${code(fixtures.path)} (${humanList(fixtures.names.map(code), 5)}) instead of ` +
        `building the same objects in each test.`,
    );
  const example = exampleTest(following, assertion?.sample);
  const where = areas.includes('inline')
    ? `${label} source files`
    : humanList(
        areas.map((area) => code(`${area}/`)),
        3,
      );
  const pitfalls = [
    framework?.pitfall,
    assertion?.pitfall,
    `Match the tests around yours: keep to one framework and one assertion style ` +
      `within ${whole ? 'the suite' : 'this folder'}.`,
  ].filter((line): line is string => line !== undefined);
  const evidence: Evidence[] = following.slice(0, 5).map((file) => ({
    kind: 'file',
    ref: file.path,
    line: (file.lines[file.style.tests[0] ?? 0] as SourceLine).line,
    detail: `written with ${[framework?.label, assertion?.label].filter(Boolean).join(' and ')}`,
  }));
  if (fixtures)
    evidence.push({ kind: 'file', ref: fixtures.path, line: fixtures.line, detail: 'shared pytest fixtures' });
  const style = [framework?.label, assertion ? `${assertion.label} checks` : undefined].filter(Boolean).join(' with ');
  const body = renderBody(
    whole ? `Writing ${label} tests` : `Writing tests in ${areas.map((area) => `${area}/`).join(', ')}`,
    [
      ['When to use', [`When you add or change a test in ${where}, or change code those tests cover.`]],
      ['Steps', steps.map((step, index) => `${index + 1}. ${step}`)],
      [
        'Example',
        example
          ? [
              `From ${code(example.path)} (line ${example.line}):`,
              '',
              `\`\`\`${fenceOf(example.path)}`,
              ...example.lines,
              '```',
            ]
          : [],
      ],
      ['Pitfalls', pitfalls.map((line) => `- ${line}`)],
      [
        'Evidence',
        [
          `- ${humanList(
            following.slice(0, 4).map((file) => code(file.path)),
            4,
          )} are written this way.`,
        ],
      ],
    ],
  );
  const share = following.length / outcome.files.length;
  return makeCandidate(
    {
      name: whole ? `writing-${label}-tests` : `writing-tests-in-${[...areas].sort().join('-')}`,
      description:
        `How tests are written ${whole ? `in ${label} here` : `in ${areas.join(', ')}`}: ${style}. Use ` +
        `when adding or changing a test${whole ? '' : ` there`}, so it runs and reads like the others.`,
      body,
      scope: areas.includes('inline')
        ? [`**/*${following[0]?.path.slice(following[0].path.lastIndexOf('.')) ?? ''}`]
        : areas.map((area) => `${area}/**`).slice(0, 12),
      confidence: Math.min(0.9, share * (1 - 1 / (outcome.files.length + 2))),
      evidence,
      source: 'code-conventions',
      support: following.length,
      statistics: {
        convention: 'test-style',
        language: label,
        ...(outcome.framework ? { framework: outcome.framework } : {}),
        ...(outcome.assertion ? { assertion: outcome.assertion } : {}),
        'sampled-test-files': String(outcome.files.length),
        'following-files': String(following.length),
        share: share.toFixed(2),
      },
    },
    now,
  );
}

/** The shortest whole test among the following files that shows the assertion style. */
function exampleTest(
  files: readonly StyledFile[],
  assertion: RegExp | undefined,
): { path: string; line: number; lines: string[] } | undefined {
  let best: { path: string; line: number; lines: string[] } | undefined;
  for (const file of files.slice(0, 30)) {
    for (const start of file.style.tests) {
      const lines = blockAt(file.lines, start, file.language, 12);
      if (!lines || lines.length < 2 || (assertion && !lines.some((line) => assertion.test(line)))) continue;
      if (!best || lines.length < best.lines.length)
        best = { path: file.path, line: (file.lines[start] as SourceLine).line, lines };
    }
    if (best && best.lines.length <= 6) break;
  }
  return best;
}

/**
 * The test folder a file belongs to: `tests`, `test/unit`, `src/test/java/org`; colocated tests by their top two
 * folders.
 */
export function testArea(path: string): string {
  const dirs = path.split('/').slice(0, -1);
  const at = dirs.findIndex((dir) => /^(tests?|specs?|__tests__|testing)$/.test(dir));
  if (at < 0) return dirs.slice(0, 2).join('/') || '.';
  let end = at + 1;
  while (end < dirs.length && /^(java|kotlin|scala|groovy)$/.test(dirs[end] ?? '')) end++;
  return dirs.slice(0, Math.min(dirs.length, end + 1)).join('/');
}

/** The folders not inside another of them (`test` covers `test/internals`), the largest first. */
function outermost(folders: readonly string[], sizes: ReadonlyMap<string, number>): string[] {
  const size = (folder: string): number =>
    [...sizes].reduce(
      (sum, [area, count]) => (area === folder || area.startsWith(`${folder}/`) ? sum + count : sum),
      0,
    );
  return folders
    .filter((folder) => !folders.some((other) => other !== folder && folder.startsWith(`${other}/`)))
    .sort((a, b) => size(b) - size(a) || a.localeCompare(b));
}
