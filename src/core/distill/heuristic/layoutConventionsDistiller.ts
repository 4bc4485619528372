import type { Evidence } from '../../model/candidate';
import type { ClassifiedCommit } from '../../history/commitRecord';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody, shortHash } from './candidateFactory';
import { dominant } from './codeConventions';
import { isCodeFile, mirrorRoots, testFileName, testInfo, type TestFileInfo } from './testLayout';

export interface LayoutInput {
  /** Every file in the tree at the split. */
  files: readonly string[];
  commits: readonly ClassifiedCommit[];
  /** The first bytes of a sample of source files (see sampleForConventions). */
  heads?: ReadonlyMap<string, string>;
}

export interface LayoutOptions {
  /** Fewer test files than this: no test-layout rule. @default 3 */
  minTests: number;
  /** Share the dominant layout or header must reach. @default 0.6 */
  minShare: number;
  /** Fewer sampled files than this: no header rule. @default 8 */
  minHeaderSample: number;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = { minTests: 3, minShare: 0.6, minHeaderSample: 8 };

/** Where tests live and how they are named, plus a shared file header, from the tree and history. */
export function distillLayoutConventions(
  input: LayoutInput,
  partial: Partial<LayoutOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_LAYOUT_OPTIONS, ...partial };
  const rules: string[] = [];
  const evidence: Evidence[] = [];
  const scope = new Set<string>();
  const statistics: Record<string, string> = {};
  const example: string[] = [];
  const tests = input.files.map(testInfo).filter((info): info is TestFileInfo => info !== undefined);
  const testLayout =
    tests.length >= options.minTests ? dominant(tests, (info) => `${info.location}|${info.marker}`) : undefined;
  let testKey = '';
  if (testLayout && testLayout.count / tests.length >= options.minShare) {
    const chosen = testLayout.items;
    const sources = indexSources(input.files);
    const pair = bestExample(chosen, sources);
    const [location, marker] = testLayout.key.split('|') as [string, string];
    testKey = location;
    const sample = chosen[0] as TestFileInfo;
    const fileName = testFileName('<name>', sample.ext, marker);
    const testOf = pair?.source ? `: the test for ${code(pair.source)} is ${code(pair.info.path)}` : '';
    if (location === 'test-dir' && pair?.source && pair.coverage >= 0.3) {
      const [testRoot, sourceRoot] = mirrorRoots(pair.info.path, pair.source);
      rules.push(`- Put tests under ${code(`${testRoot}/`)}, mirroring ${code(`${sourceRoot || '.'}/`)}${testOf}.`);
      scope.add(`${testRoot}/**`);
      if (sourceRoot) scope.add(`${sourceRoot}/**`);
    } else if (location === 'test-dir') {
      const { root, share: rootShare, folder } = topTestRoot(chosen);
      // Several areas with a test folder each (`src/v3/tests`, `src/v4/tests`): name the habit, not one folder.
      if (rootShare < 0.6 && folder)
        rules.push(
          `- Put tests in the ${code(`${folder}/`)} folder of the code's area, such as ${code(`${root}/`)}, not ` +
            `next to the source.`,
        );
      else rules.push(`- Put tests under ${code(`${root}/`)}, not next to the source.`);
      scope.add(rootShare < 0.6 && folder ? `**/${folder}/**` : `${root}/**`);
    } else if (location === '__tests__') {
      rules.push(`- Put tests in a ${code('__tests__/')} folder next to the code${testOf}.`);
    } else {
      rules.push(`- Put each test next to the file it tests${testOf}.`);
    }
    if (marker) rules.push(`- Name test files ${code(fileName)}.`);
    rules.push(
      '- When you add a source file, add its test file in the same commit; when you change behaviour, change its ' +
        'test alongside.',
    );
    evidence.push(
      ...chosen.slice(0, 3).map((info): Evidence => ({
        kind: 'file',
        ref: info.path,
        detail: `one of the ${testLayout.count} of ${tests.length} test files that follow this layout`,
      })),
    );
    const together = commitsPairingTests(input.commits, new Set(chosen.map((info) => info.stem)));
    evidence.push(
      ...together.slice(0, 5).map((commit): Evidence => ({
        kind: 'commit',
        ref: commit.hash,
        detail: `"${commit.subject}" changed code and its test together`,
      })),
    );
    const shown = together[0] ? pairIn(together[0]) : undefined;
    if (together[0] && shown)
      example.push(
        `${code(shortHash(together[0].hash))} "${together[0].subject}" changed ${code(shown.source)} and its ` +
          `test ${code(shown.test)} together.`,
      );
    Object.assign(statistics, {
      'test-files': String(tests.length),
      'following-layout': String(testLayout.count),
      'layout-share': (testLayout.count / tests.length).toFixed(2),
      'commits-pairing-code-and-test': String(together.length),
    });
  }
  const header = input.heads ? commonHeader(input.heads, options) : undefined;
  if (header) {
    rules.push("- Start every new source file with the repository's header:", '', '```', ...header.lines, '```');
    evidence.push(
      ...header.files.slice(0, 3).map((file): Evidence => ({
        kind: 'file',
        ref: file,
        line: 1,
        detail: `starts with the shared header, as ${header.count} of ${header.total} sampled source files do`,
      })),
    );
    Object.assign(statistics, { 'sampled-source-files': String(header.total), 'with-header': String(header.count) });
  }
  if (rules.length === 0 || evidence.length === 0) return [];
  const files = evidence.filter((item) => item.kind === 'file').map((item) => code(item.ref));
  const body = renderBody('Test and file layout', [
    [
      'When to use',
      [
        'When you create a new source or test file, or move one, so it lands where the rest of the repository ' +
          'expects it.',
      ],
    ],
    ['Rules', rules],
    ['Example', example],
    [
      'Pitfalls',
      [
        ...(testKey === 'test-dir'
          ? [
              '- A test placed next to the source (instead of in the test folder) may not be picked up by the ' +
                'test runner configuration.',
            ]
          : []),
        ...(testKey && testKey !== 'test-dir'
          ? ['- A test in a separate folder is easy to miss when the module moves; keep them side by side.']
          : []),
        ...(header
          ? ['- Copying a file from elsewhere can drop or alter the header; check it before committing.']
          : []),
      ],
    ],
    [
      'Evidence',
      [
        `- ${humanList(files, 4)} follow this layout.`,
        ...evidence
          .filter((item) => item.kind === 'commit')
          .slice(0, 3)
          .map((item) => `- ${shortHash(item.ref)} ${item.detail ?? ''}`),
      ],
    ],
  ]);
  const share = testLayout ? testLayout.count / tests.length : (header?.count ?? 0) / Math.max(1, header?.total ?? 1);
  const subject = testKey
    ? 'Where test files go and how they are named in this repository'
    : 'The header every source file in this repository starts with';
  const headerNote = testKey && header ? ', and the header new files start with' : '';
  return [
    makeCandidate(
      {
        name: 'test-and-file-layout',
        description: `${subject}${headerNote}. Use when adding or moving source or test files.`,
        body,
        scope: scope.size > 0 ? [...scope] : ['**'],
        confidence: Math.min(0.9, share * (1 - 1 / (tests.length + 2))),
        evidence,
        source: 'layout-conventions',
        support: (testLayout?.count ?? 0) + (header?.count ?? 0),
        statistics,
      },
      now,
    ),
  ];
}

/** The source file and its test that a commit changed together. */
function pairIn(commit: ClassifiedCommit): { source: string; test: string } | undefined {
  const stemOf = (file: string): string => file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  for (const test of commit.statFiles) {
    const info = testInfo(test);
    const source =
      info && commit.statFiles.find((file) => !testInfo(file) && isCodeFile(file) && stemOf(file) === info.stem);
    if (info && source) return { source, test };
  }
  return undefined;
}

function indexSources(files: readonly string[]): Map<string, string[]> {
  const byStem = new Map<string, string[]>();
  for (const file of files) {
    if (!isCodeFile(file) || testInfo(file)) continue;
    const base = file.slice(file.lastIndexOf('/') + 1);
    const stem = base.slice(0, base.lastIndexOf('.'));
    byStem.set(stem, [...(byStem.get(stem) ?? []), file]);
  }
  return byStem;
}

/**
 * The test/source pair that shows the layout best: each test is paired with the same-named source
 * sharing the most trailing folders, then the most common pair of mirrored roots wins.
 */
function bestExample(
  tests: readonly TestFileInfo[],
  sources: Map<string, string[]>,
): { info: TestFileInfo; source: string; coverage: number } | undefined {
  const pairs: Array<{ info: TestFileInfo; source: string; roots: string; shared: number }> = [];
  for (const info of tests) {
    let best: { source: string; roots: string; shared: number } | undefined;
    for (const source of sources.get(info.stem) ?? []) {
      const [testRoot, sourceRoot] = mirrorRoots(info.path, source);
      const shared =
        info.path.split('/').length -
        1 -
        (testRoot ? testRoot.split('/').length : 0) +
        (source.endsWith(info.ext) ? 0.5 : 0);
      if (!best || shared > best.shared) best = { source, roots: `${testRoot}\u0000${sourceRoot}`, shared };
    }
    if (best) pairs.push({ info, ...best });
  }
  const counts = new Map<string, number>();
  for (const pair of pairs) counts.set(pair.roots, (counts.get(pair.roots) ?? 0) + 1 + pair.shared);
  const roots = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const matching = pairs.filter((pair) => pair.roots === roots).sort((a, b) => b.shared - a.shared);
  const best = matching[0];
  // A mirror is a claim about most tests; fixture folders full of same-named files are not one.
  return best ? { info: best.info, source: best.source, coverage: matching.length / tests.length } : undefined;
}

/** The deepest folder (at most two levels) that holds most of the tests: "test", "tests/unit". */
function topTestRoot(tests: readonly TestFileInfo[]): { root: string; share: number; folder?: string } {
  const counts = new Map<string, number>();
  const folders = new Map<string, number>();
  for (const info of tests) {
    const dirs = info.path.split('/').slice(0, -1);
    const at = dirs.findIndex((dir) => /^(tests?|specs?|__tests__|testing)$/.test(dir));
    const root = dirs.slice(0, at < 0 ? 1 : at + 1).join('/');
    counts.set(root, (counts.get(root) ?? 0) + 1);
    if (at >= 0) folders.set(dirs[at] as string, (folders.get(dirs[at] as string) ?? 0) + 1);
  }
  const [root, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['test', 0];
  const folder = [...folders].sort((a, b) => b[1] - a[1])[0];
  return {
    root,
    share: count / Math.max(1, tests.length),
    ...(folder && folder[1] / tests.length >= 0.8 ? { folder: folder[0] } : {}),
  };
}

function commitsPairingTests(commits: readonly ClassifiedCommit[], stems: Set<string>): ClassifiedCommit[] {
  return commits.filter((commit) => {
    if (commit.exclusion) return false;
    const testStems = new Set<string>();
    const sourceStems = new Set<string>();
    for (const file of commit.statFiles) {
      const info = testInfo(file);
      if (info && stems.has(info.stem)) testStems.add(info.stem);
      else if (!info && isCodeFile(file))
        sourceStems.add(file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, ''));
    }
    return [...testStems].some((stem) => sourceStems.has(stem));
  });
}

function commonHeader(
  heads: ReadonlyMap<string, string>,
  options: LayoutOptions,
): { lines: string[]; count: number; total: number; files: string[] } | undefined {
  if (heads.size < options.minHeaderSample) return undefined;
  const byHeader = new Map<string, string[]>();
  for (const [file, text] of heads) {
    const lines = leadingComment(text);
    if (lines.length === 0 || !/licen[cs]e|copyright|spdx/i.test(lines.join('\n'))) continue;
    const key = lines.join('\n');
    byHeader.set(key, [...(byHeader.get(key) ?? []), file]);
  }
  const best = [...byHeader].sort((a, b) => b[1].length - a[1].length)[0];
  if (!best || best[1].length / heads.size < options.minShare) return undefined;
  return { lines: best[0].split('\n'), count: best[1].length, total: heads.size, files: best[1] };
}

/** The comment block a file opens with (after a shebang), years normalised so 2023 and 2024 match. */
function leadingComment(text: string): string[] {
  const lines = text.split('\n').slice(0, 20);
  if (lines[0]?.startsWith('#!')) lines.shift();
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (/^\s*(\/\/|#|\/\*|\*|--|;)/.test(line) || (out.length > 0 && line.trim() === '*/'))
      out.push(line.replace(/\b(19|20)\d{2}(\s*-\s*(19|20)\d{2})?\b/g, 'YYYY'));
    else break;
  }
  return out;
}
