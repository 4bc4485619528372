/**
 * The project's only import of the `diff` library. Everything that compares text (edit bursts,
 * human corrections, commit replay) goes through these helpers.
 */
import { createTwoFilesPatch, parsePatch } from 'diff';

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Lines prefixed with ' ', '+' or '-', as in a unified diff. */
  lines: string[];
}

export interface FileDiff {
  oldPath: string;
  newPath: string;
  hunks: DiffHunk[];
}

export interface DiffStats {
  added: number;
  removed: number;
}

/** A unified diff between two versions of one file; empty string when they are equal. */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context });
}

/** Parses a (possibly multi-file) unified diff, such as `git diff` output or a model's attempt. */
export function parseUnifiedDiff(text: string): FileDiff[] {
  return parsePatch(text).map((file) => ({
    oldPath: stripPrefix(file.oldFileName ?? ''),
    newPath: stripPrefix(file.newFileName ?? ''),
    hunks: file.hunks.map((hunk) => ({
      oldStart: hunk.oldStart,
      oldLines: hunk.oldLines,
      newStart: hunk.newStart,
      newLines: hunk.newLines,
      lines: hunk.lines,
    })),
  }));
}

/** Counts added and removed lines of a unified diff text. */
export function diffStats(diffText: string): DiffStats {
  let added = 0;
  let removed = 0;
  for (const line of diffText.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return { added, removed };
}

function stripPrefix(name: string): string {
  return name.replace(/^[ab]\//, '');
}
