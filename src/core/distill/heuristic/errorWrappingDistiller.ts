import type { Evidence } from '../../model/candidate';
import { type ErrorSite, errorSitesOf } from '../../code/errorSites';
import { languageOf } from '../../code/importStatements';
import { blockAt, excerptLines, excerptText, type SourceLine } from '../../code/sourceExcerpt';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody } from './candidateFactory';
import {
  type CodeConventionInput,
  type CodeConventionOptions,
  DEFAULT_CODE_CONVENTION_OPTIONS,
  groupBy,
  placeRank,
} from './codeConventions';
import { isTestFile } from './codeSample';

interface SourceFile {
  path: string;
  lines: SourceLine[];
  text: string;
}

/**
 * How errors travel up the stack where the language leaves it to the project: Go code that wraps
 * returned errors with `fmt.Errorf("…: %w", err)` rather than returning them bare, and Rust
 * crates that return `anyhow::Result`. Proposed only above the error share.
 */
export function distillErrorWrapping(
  input: CodeConventionInput,
  partial: Partial<CodeConventionOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_CODE_CONVENTION_OPTIONS, ...partial };
  const sources = (language: 'go' | 'rust'): SourceFile[] =>
    [...input.excerpts]
      .filter(([path]) => languageOf(path) === language && !isTestFile(path) && placeRank(path) < 2)
      .map(([path, excerpt]) => ({ path, lines: excerptLines(excerpt), text: excerptText(excerpt) }));
  return [goWrapping(sources('go'), options, now), rustAnyhow(sources('rust'), options, now)].filter(
    (candidate): candidate is LearnedCandidate => candidate !== undefined,
  );
}

function goWrapping(
  files: readonly SourceFile[],
  options: CodeConventionOptions,
  now: number,
): LearnedCandidate | undefined {
  const sites = files.flatMap((file) => errorSitesOf('go', file.lines).map((site) => ({ ...site, file })));
  const wraps = sites.filter((site) => site.kind === 'wrap' || site.kind === 'pkg-wrap');
  const returned = wraps.length + sites.filter((site) => site.kind === 'bare').length;
  if (
    wraps.length < options.minFiles * 2 ||
    new Set(wraps.map((site) => site.file.path)).size < Math.ceil(options.minFiles / 2) ||
    wraps.length / returned < options.minErrorShare
  )
    return undefined;
  const pkg = wraps.filter((site) => site.kind === 'pkg-wrap').length * 2 > wraps.length;
  const messages = sites
    .map((site) => site.message)
    .filter((message): message is string => message !== undefined && /^[A-Za-z]/.test(message));
  const lowercase =
    messages.length >= options.minFiles * 2 &&
    messages.filter((message) => /^[a-z]/.test(message) && !/[.!]$/.test(message)).length / messages.length >=
      options.minShare;
  const steps = [
    pkg
      ? `When you return an error from a call, wrap it with ` +
        `context: ${code('return errors.Wrap(err, "read config")')} (${code('github.com/pkg/errors')}), not a ` +
        `bare ${code('return err')}.`
      : `When you return an error from a call, wrap it with context ` +
        `and ${code('%w')}: ${code('return fmt.Errorf("read config: %w", err)')}, not a ` +
        `bare ${code('return err')}.`,
    `Check a wrapped error with ${code('errors.Is')} or ${code('errors.As')}, not ${code('==')}, so the wrapping ` +
      `does not hide it.`,
  ];
  if (lowercase)
    steps.push('Start error messages in lowercase, without a trailing period: they are read inside longer messages.');
  const example = guardedExample('go', wraps);
  const evidence: Evidence[] = wraps.slice(0, 5).map((site) => ({
    kind: 'file',
    ref: site.file.path,
    line: site.file.lines[site.index]?.line,
    detail: 'wraps the error it returns',
  }));
  const body = renderBody('Returning errors in Go', [
    ['When to use', ['When Go code here returns an error it got from another call.']],
    ['Steps', steps.map((step, index) => `${index + 1}. ${step}`)],
    [
      'Example',
      example ? [`From ${code(example.path)} (line ${example.line}):`, '', '```go', ...example.lines, '```'] : [],
    ],
    [
      'Pitfalls',
      [
        `- A bare ${code('return err')} loses where the error happened; the message that reaches the user then ` +
          `names no step.`,
      ],
    ],
    [
      'Evidence',
      [
        `- ${humanList([...new Set(wraps.map((site) => code(site.file.path)))].slice(0, 4), 4)} wrap the errors ` +
          `they return.`,
      ],
    ],
  ]);
  const share = wraps.length / returned;
  return makeCandidate(
    {
      name: 'returning-go-errors',
      description:
        `How Go code here returns errors: wrapped with context ` +
        `(${pkg ? 'errors.Wrap' : 'fmt.Errorf and %w'}). Use when writing Go code that returns an error from ` +
        `another call.`,
      body,
      scope: ['**/*.go'],
      confidence: Math.min(0.85, share * (1 - 1 / (wraps.length + 2))),
      evidence,
      source: 'code-conventions',
      support: wraps.length,
      statistics: {
        convention: 'error-wrapping',
        language: 'Go',
        'wrapped-returns': String(wraps.length),
        'counted-returns': String(returned),
        share: share.toFixed(2),
      },
    },
    now,
  );
}

const ANYHOW_USE = /\banyhow::(bail!|anyhow!|ensure!|Context)|\.(with_)?context\(/;

function rustAnyhow(
  files: readonly SourceFile[],
  options: CodeConventionOptions,
  now: number,
): LearnedCandidate | undefined {
  const fallible = files.filter((file) => /\bResult</.test(file.text));
  const areas: Array<{ area: string; files: SourceFile[] }> = [];
  for (const [area, list] of groupBy(fallible, (file) => crateOf(file.path))) {
    const users = list.filter((file) => /\banyhow\b/.test(file.text));
    if (users.length >= options.minFiles && users.length / list.length >= options.minErrorShare)
      areas.push({ area, files: users });
  }
  if (areas.length === 0) return undefined;
  const users = areas.flatMap((area) => area.files);
  const where = humanList(areas.map((area) => code(`${area.area}/`)));
  const uses = users
    .flatMap((file) => file.lines.map((line, index) => ({ file, index, line })))
    .filter(({ line }) => ANYHOW_USE.test(line.text));
  const example = guardedExample(
    'rust',
    uses.map(({ file, index }) => ({ file, index, kind: 'wrap' as const })),
  );
  const body = renderBody(`Returning errors in ${areas.map((area) => `${area.area}/`).join(', ')}`, [
    ['When to use', [`When Rust code in ${where} can fail.`]],
    [
      'Steps',
      [
        `1. Return ${code('anyhow::Result<T>')} and pass errors up with ${code('?')}.`,
        `2. Fail with ${code('anyhow::bail!("…")')} (or ${code('anyhow::anyhow!')} for a value), and add context ` +
          `to a lower-level error with ${code('.context("…")')} from ${code('anyhow::Context')}.`,
      ],
    ],
    [
      'Example',
      example ? [`From ${code(example.path)} (line ${example.line}):`, '', '```rust', ...example.lines, '```'] : [],
    ],
    [
      'Pitfalls',
      [
        `- Do not add a new error enum in ${where}: the code there uses ${code('anyhow')} throughout, ` +
          `and ${code('?')} already turns other errors into ${code('anyhow::Error')}.`,
      ],
    ],
    [
      'Evidence',
      [
        `- ${humanList(
          users.slice(0, 4).map((file) => code(file.path)),
          4,
        )} return ${code('anyhow::Result')}.`,
      ],
    ],
  ]);
  return makeCandidate(
    {
      name: `returning-errors-with-anyhow`,
      description:
        `How Rust code in ${areas.map((area) => area.area).join(', ')} returns errors: anyhow::Result, ` +
        `?, bail! and .context(). Use when writing fallible code there.`,
      body,
      scope: areas.map((area) => `${area.area}/**`),
      confidence: Math.min(
        0.85,
        users.length /
          Math.max(
            1,
            areas.reduce((sum, area) => sum + fallible.filter((file) => crateOf(file.path) === area.area).length, 0),
          ),
      ),
      evidence: users.slice(0, 5).map((file): Evidence => ({
        kind: 'file',
        ref: file.path,
        line: file.lines.find((line) => /\banyhow\b/.test(line.text))?.line,
        detail: 'returns anyhow::Result',
      })),
      source: 'code-conventions',
      support: users.length,
      statistics: {
        convention: 'error-wrapping',
        language: 'Rust',
        crates: areas.map((area) => area.area).join(', '),
        'anyhow-files': String(users.length),
        'fallible-files': String(fallible.length),
      },
    },
    now,
  );
}

/** The crate a file belongs to: the folder holding its `src/`, or the top folder. */
function crateOf(path: string): string {
  const at = path.indexOf('/src/');
  if (at > 0) return path.slice(0, at);
  const dirs = path.split('/');
  return dirs.length > 2 && dirs[0] === 'crates' ? dirs.slice(0, 2).join('/') : (dirs[0] ?? '.');
}

/** A short `if … {` block around one of the sites, from library code first. */
function guardedExample(
  language: 'go' | 'rust',
  sites: ReadonlyArray<Pick<ErrorSite, 'index'> & { file: SourceFile }>,
): { path: string; line: number; lines: string[] } | undefined {
  for (const site of sites.slice(0, 60)) {
    for (const start of [site.index - 1, site.index]) {
      if (!/^\s*(if|match)\b.*\{\s*$/.test(site.file.lines[start]?.text ?? '')) continue;
      const lines = blockAt(site.file.lines, start, language, 6);
      if (lines) return { path: site.file.path, line: site.file.lines[start]?.line ?? 0, lines };
    }
  }
  return undefined;
}
