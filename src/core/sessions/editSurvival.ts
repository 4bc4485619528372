/**
 * Did the agent's edits make it into the commit? Each line the agent added (net of its own later
 * removals) is looked up in the commit's diff of the same file: present as is → survived; a
 * similar line instead → rewritten by the human; nothing → reverted. Files the commit does not
 * touch are not judged (they may land in a later commit).
 */
import { parseUnifiedDiff } from '../diff/unifiedDiff';

export type SurvivalLabel = 'survived' | 'rewritten' | 'reverted' | 'unknown';

export interface SurvivalCounts {
  survived: number;
  rewritten: number;
  reverted: number;
}

export interface SurvivalResult extends SurvivalCounts {
  label: SurvivalLabel;
  /** Agent-added lines in files the commit does not touch. */
  unjudged: number;
  byPath: Record<string, SurvivalCounts & { label: SurvivalLabel }>;
}

const SIMILARITY_THRESHOLD = 0.5;

/** agentDiffs: unified diffs of the agent's edits, oldest first; commitDiff: the commit's diff. */
export function editSurvival(agentDiffs: readonly string[], commitDiff: string): SurvivalResult {
  const agentLines = netAddedLines(agentDiffs);
  const commit = commitLines(commitDiff);
  const result: SurvivalResult = { label: 'unknown', survived: 0, rewritten: 0, reverted: 0, unjudged: 0, byPath: {} };
  for (const [path, lines] of agentLines) {
    const committed = commit.get(path);
    if (!committed) {
      result.unjudged += lines.length;
      continue;
    }
    const counts: SurvivalCounts = { survived: 0, rewritten: 0, reverted: 0 };
    const unmatched: string[] = [];
    for (const line of lines) {
      if (takeOne(committed.added, line) || committed.context.has(line)) counts.survived++;
      else unmatched.push(line);
    }
    for (const line of unmatched) {
      const similar = mostSimilar(line, committed.added);
      if (similar !== undefined) {
        takeOne(committed.added, similar);
        counts.rewritten++;
      } else counts.reverted++;
    }
    result.byPath[path] = { ...counts, label: labelOf(counts) };
    result.survived += counts.survived;
    result.rewritten += counts.rewritten;
    result.reverted += counts.reverted;
  }
  result.label = labelOf(result);
  return result;
}

export function labelOf(counts: SurvivalCounts): SurvivalLabel {
  const judged = counts.survived + counts.rewritten + counts.reverted;
  if (judged === 0) return 'unknown';
  if (counts.survived / judged >= 0.8) return 'survived';
  if (counts.reverted / judged >= 0.6) return 'reverted';
  return 'rewritten';
}

/** Lines like `}` or `});` survive everywhere and prove nothing, so they are not counted. */
function isMeaningful(line: string): boolean {
  return line.replace(/[^A-Za-z0-9]/g, '').length >= 2;
}

function netAddedLines(diffs: readonly string[]): Map<string, string[]> {
  const byPath = new Map<string, Map<string, number>>();
  for (const diff of diffs) {
    for (const file of safeParse(diff)) {
      const path = file.newPath === '/dev/null' ? file.oldPath : file.newPath;
      const counts = byPath.get(path) ?? new Map<string, number>();
      byPath.set(path, counts);
      for (const hunk of file.hunks) {
        for (const raw of hunk.lines) {
          const line = raw.slice(1).trim();
          if (!isMeaningful(line)) continue;
          if (raw.startsWith('+')) counts.set(line, (counts.get(line) ?? 0) + 1);
          else if (raw.startsWith('-') && (counts.get(line) ?? 0) > 0) counts.set(line, (counts.get(line) ?? 0) - 1);
        }
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const [path, counts] of byPath) {
    const lines = [...counts].flatMap(([line, count]) => Array<string>(count).fill(line));
    if (lines.length > 0) out.set(path, lines);
  }
  return out;
}

function commitLines(diff: string): Map<string, { added: Map<string, number>; context: Set<string> }> {
  const out = new Map<string, { added: Map<string, number>; context: Set<string> }>();
  for (const file of safeParse(diff)) {
    const path = file.newPath === '/dev/null' ? file.oldPath : file.newPath;
    const entry = out.get(path) ?? { added: new Map<string, number>(), context: new Set<string>() };
    out.set(path, entry);
    for (const hunk of file.hunks) {
      for (const raw of hunk.lines) {
        const line = raw.slice(1).trim();
        if (raw.startsWith('+')) entry.added.set(line, (entry.added.get(line) ?? 0) + 1);
        else if (raw.startsWith(' ')) entry.context.add(line);
      }
    }
  }
  return out;
}

function safeParse(diff: string): ReturnType<typeof parseUnifiedDiff> {
  try {
    return parseUnifiedDiff(diff);
  } catch {
    return [];
  }
}

function takeOne(multiset: Map<string, number>, line: string): boolean {
  const count = multiset.get(line) ?? 0;
  if (count === 0) return false;
  multiset.set(line, count - 1);
  return true;
}

function mostSimilar(line: string, candidates: Map<string, number>): string | undefined {
  let best: string | undefined;
  let bestScore = SIMILARITY_THRESHOLD;
  const grams = bigrams(line);
  for (const [candidate, count] of candidates) {
    if (count === 0) continue;
    const score = dice(grams, bigrams(candidate));
    if (score >= bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const compact = text.replace(/\s+/g, ' ');
  for (let i = 0; i < compact.length - 1; i++) {
    const gram = compact.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let overlap = 0;
  let total = 0;
  for (const count of a.values()) total += count;
  for (const count of b.values()) total += count;
  for (const [gram, count] of a) overlap += Math.min(count, b.get(gram) ?? 0);
  return total === 0 ? 0 : (2 * overlap) / total;
}
