/**
 * The pre-change files a replay shows the model, trimmed to a character budget around the regions
 * the real commit changed, so a commit touching a 5000-line file costs a few thousand tokens.
 */
import type { FileDiff } from '../../diff/unifiedDiff';

export interface FileExcerpt {
  path: string;
  text: string;
}

export function excerptFiles(
  realDiff: FileDiff[],
  before: ReadonlyMap<string, string>,
  options: { budgetChars?: number; contextLines?: number } = {},
): FileExcerpt[] {
  const budget = options.budgetChars ?? 24_000;
  const context = options.contextLines ?? 30;
  const files = realDiff.filter((diff) => diff.oldPath && diff.oldPath !== '/dev/null' && before.has(diff.oldPath));
  if (files.length === 0) return [];
  const share = Math.floor(budget / files.length);
  return files.map((diff) => {
    const lines = (before.get(diff.oldPath) ?? '').split('\n');
    const ranges = mergeRanges(
      diff.hunks.map(
        (hunk) =>
          [
            Math.max(1, hunk.oldStart - context),
            Math.min(lines.length, hunk.oldStart + hunk.oldLines - 1 + context),
          ] as [number, number],
      ),
    );
    const parts: string[] = [];
    let next = 1;
    for (const [from, to] of ranges) {
      if (from > next) parts.push(`… lines ${next}-${from - 1} omitted …`);
      parts.push(lines.slice(from - 1, to).join('\n'));
      next = to + 1;
    }
    if (next <= lines.length) parts.push(`… lines ${next}-${lines.length} omitted …`);
    let text = parts.join('\n');
    if (text.length > share) text = `${text.slice(0, share)}\n… excerpt cut to fit the budget …`;
    return { path: diff.oldPath, text };
  });
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
