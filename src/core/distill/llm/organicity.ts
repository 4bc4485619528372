/**
 * What separates an attempt from the real change, measured without a model: the files, the hunks,
 * the identifiers and imports the real change used (internal API usage), and style. These numbers
 * are shown to the model so its lessons rest on facts, not on its own reading of two diffs.
 */
import type { FileDiff } from '../../diff/unifiedDiff';
import { composePattern } from '../../util/patterns';

export interface OrganicitySignals {
  missedFiles: string[];
  extraFiles: string[];
  hunks: { path: string; real: number; attempt: number }[];
  /** Identifiers on added lines of the real diff that the attempt never wrote. */
  missingIdentifiers: string[];
  /** Import/require/use lines the real diff added and the attempt did not. */
  missingImports: string[];
  /** Human-readable style differences on added lines. */
  style: string[];
  /** Jaccard overlap of the trimmed added lines, 0–1. */
  overlap: number;
}

const KEYWORDS = new Set(
  (
    'const let var function return if else for while do switch case break continue new this class extends ' +
    'import export from default async await try catch finally throw typeof instanceof void null undefined true ' +
    'false def self elif pass lambda with yield None True False public private protected static final int string ' +
    'bool boolean number any unknown interface type enum struct impl pub use mod fn mut'
  ).split(' '),
);
/** The first statement of an import in the languages seen in diffs: JS/TS, Python, C, Rust. */
const IMPORT_STARTS = [
  String.raw`import\b`,
  String.raw`export\s+\*?\s*\{?.*\bfrom\b`,
  String.raw`from\s+\S+\s+import\b`,
  String.raw`(const|let|var)\s+.*=\s*require\(`,
  String.raw`#include\b`,
  String.raw`use\s+[\w:]+`,
  String.raw`require\s*\(`,
];
const IMPORT_LINE = composePattern([String.raw`^\s*`, `(${IMPORT_STARTS.join('|')})`]);

export function filePathOf(diff: FileDiff): string {
  return diff.newPath && diff.newPath !== '/dev/null' ? diff.newPath : diff.oldPath;
}

function addedLines(diffs: FileDiff[]): string[] {
  return diffs.flatMap((diff) =>
    diff.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.startsWith('+')).map((line) => line.slice(1))),
  );
}

export function organicitySignals(real: FileDiff[], attempt: FileDiff[]): OrganicitySignals {
  const realFiles = new Map(real.map((diff) => [filePathOf(diff), diff]));
  const attemptFiles = new Map(attempt.map((diff) => [filePathOf(diff), diff]));
  const realAdded = addedLines(real);
  const attemptAdded = addedLines(attempt);
  const attemptText = attemptAdded.join('\n');
  const attemptIdentifiers = new Set(attemptText.match(/[A-Za-z_$][\w$]*/g) ?? []);

  const counts = new Map<string, number>();
  // String contents are data, not API use: 'repo.load' must not count `repo` and `load`.
  for (const identifier of withoutStrings(realAdded.join('\n')).match(/[A-Za-z_$][\w$]{2,}/g) ?? []) {
    if (KEYWORDS.has(identifier) || attemptIdentifiers.has(identifier)) continue;
    counts.set(identifier, (counts.get(identifier) ?? 0) + 1);
  }
  const attemptImports = new Set(attemptAdded.filter((line) => IMPORT_LINE.test(line)).map(squash));
  const realLines = new Set(realAdded.map(squash).filter(Boolean));
  const attemptLines = new Set(attemptAdded.map(squash).filter(Boolean));
  const shared = [...realLines].filter((line) => attemptLines.has(line)).length;
  const union = new Set([...realLines, ...attemptLines]).size;

  return {
    missedFiles: [...realFiles.keys()].filter((path) => !attemptFiles.has(path)),
    extraFiles: [...attemptFiles.keys()].filter((path) => !realFiles.has(path)),
    hunks: [...new Set([...realFiles.keys(), ...attemptFiles.keys()])].map((path) => ({
      path,
      real: realFiles.get(path)?.hunks.length ?? 0,
      attempt: attemptFiles.get(path)?.hunks.length ?? 0,
    })),
    missingIdentifiers: [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 20)
      .map(([name]) => name),
    missingImports: [...new Set(realAdded.filter((line) => IMPORT_LINE.test(line)).map(squash))]
      .filter((line) => !attemptImports.has(line))
      .slice(0, 20),
    style: styleDifferences(realAdded, attemptAdded),
    overlap: union === 0 ? 1 : shared / union,
  };
}

function withoutStrings(code: string): string {
  return code.replace(/(['"`])(?:\\.|(?!\1)[^\\\n])*\1/g, '""');
}

function squash(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

interface StyleProfile {
  indent?: string;
  quotes?: 'single' | 'double';
  semicolons?: boolean;
}

function profile(lines: string[]): StyleProfile {
  const code = lines.filter((line) => line.trim().length > 0);
  if (code.length === 0) return {};
  const tabs = code.filter((line) => line.startsWith('\t')).length;
  const spaceWidths = code.map((line) => /^( +)\S/.exec(line)?.[1]?.length ?? 0).filter((width) => width > 0);
  const width = spaceWidths.length ? Math.min(...spaceWidths) : 0;
  const single = code.join('\n').match(/'[^'\n]*'/g)?.length ?? 0;
  const double = code.join('\n').match(/"[^"\n]*"/g)?.length ?? 0;
  const statements = code.filter((line) => /[\w)\]'"]\s*;?\s*$/.test(line) && !/[{(,[]\s*$/.test(line));
  const withSemicolon = statements.filter((line) => /;\s*$/.test(line)).length;
  return {
    indent: tabs > spaceWidths.length ? 'tabs' : width > 0 ? `${width} spaces` : undefined,
    quotes: single + double < 2 ? undefined : single >= double ? 'single' : 'double',
    semicolons: statements.length < 3 ? undefined : withSemicolon / statements.length > 0.5,
  };
}

function styleDifferences(realAdded: string[], attemptAdded: string[]): string[] {
  const real = profile(realAdded);
  const attempt = profile(attemptAdded);
  const notes: string[] = [];
  if (real.indent && attempt.indent && real.indent !== attempt.indent)
    notes.push(`indentation: real uses ${real.indent}, attempt used ${attempt.indent}`);
  if (real.quotes && attempt.quotes && real.quotes !== attempt.quotes)
    notes.push(`quotes: real uses ${real.quotes} quotes, attempt used ${attempt.quotes}`);
  if (real.semicolons !== undefined && attempt.semicolons !== undefined && real.semicolons !== attempt.semicolons) {
    notes.push(
      `semicolons: real ${real.semicolons ? 'ends statements with' : 'omits'} semicolons, ` +
        `attempt ${attempt.semicolons ? 'used' : 'omitted'} them`,
    );
  }
  const size = (lines: string[]): number => lines.filter((line) => line.trim()).length;
  if (size(realAdded) > 0 && size(attemptAdded) > 2 * size(realAdded) + 5)
    notes.push(`size: attempt added ${size(attemptAdded)} lines, real added ${size(realAdded)}`);
  return notes;
}

/** A compact text of the signals for the prompt. */
export function describeSignals(signals: OrganicitySignals): string {
  const list = (items: string[]): string => (items.length ? items.join(', ') : 'none');
  const hunkCounts = signals.hunks.map((hunk) => `${hunk.path} ${hunk.real}/${hunk.attempt}`).join(', ') || 'none';
  return [
    `files the attempt missed: ${list(signals.missedFiles)}`,
    `files the attempt touched needlessly: ${list(signals.extraFiles)}`,
    `hunks per file (real/attempt): ${hunkCounts}`,
    `identifiers in the real change absent from the attempt: ${list(signals.missingIdentifiers)}`,
    `imports in the real change absent from the attempt: ${list(signals.missingImports)}`,
    `style differences: ${list(signals.style)}`,
    `added-line overlap: ${(signals.overlap * 100).toFixed(0)}%`,
  ].join('\n');
}
