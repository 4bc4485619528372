import type { DriftGit } from './gitReader';
import { extractCitations } from './citations';
import type { OutcomeStats } from './outcomeStats';
import { wilsonInterval } from './wilson';

export interface DriftSkill {
  name: string;
  body: string;
  /** Files the skill cites as evidence (metadata.evidence), workspace-relative. */
  evidenceFiles: string[];
  acceptedAt: number;
  /** HEAD when the current version was accepted; without it, churn cannot be measured. */
  acceptedCommit?: string;
  lastUsedAt?: number;
  stats?: OutcomeStats;
}

export type DriftReason =
  | { kind: 'unused'; days: number }
  | { kind: 'missing-files'; files: string[] }
  | { kind: 'renamed-files'; files: { from: string; to: string }[] }
  | { kind: 'changed-files'; files: { path: string; changedLines: number; linesThen: number }[] }
  | { kind: 'missing-symbols'; symbols: string[] }
  | { kind: 'low-success'; rate: number; upperBound: number; libraryAverage: number; trials: number };

/** A skill to revise or retire, with every reason; the lead turns it into a candidate edit. */
export interface DriftFlag {
  skill: string;
  reasons: DriftReason[];
}

export interface DriftOptions {
  /** @default 28 */
  unusedDays?: number;
  /** A cited file changed heavily when added+removed lines reach this share of its size then. @default 0.5 */
  churnRatio?: number;
  /** …and at least this many lines, so a 4-line file with 2 edits is not "heavy". @default 20 */
  minChangedLines?: number;
  /** Sessions needed before a success rate can be judged. @default 5 */
  minTrials?: number;
}

const DAY_MS = 86_400_000;

/**
 * Flags skills that no longer fit the repository: unused, citing files or symbols that are
 * gone or rewritten, or succeeding clearly less often than the library (the Wilson upper bound
 * of their rate is below the library's average, so a bad streak of two does not count).
 */
export async function reviewDrift(
  skills: readonly DriftSkill[],
  context: { git: DriftGit; now: number; libraryAverage?: number },
  options: DriftOptions = {},
): Promise<DriftFlag[]> {
  const unusedDays = options.unusedDays ?? 28;
  const tracked = await context.git.trackedFiles();
  const flags: DriftFlag[] = [];
  for (const skill of skills) {
    const reasons: DriftReason[] = [];
    const idleSince = skill.lastUsedAt ?? skill.acceptedAt;
    const idleDays = Math.floor((context.now - idleSince) / DAY_MS);
    if (idleDays >= unusedDays) reasons.push({ kind: 'unused', days: idleDays });

    const citations = extractCitations(skill.body);
    const cited = [...new Set([...skill.evidenceFiles, ...citations.files])];
    const missing: string[] = [];
    const renamed: { from: string; to: string }[] = [];
    const changed: { path: string; changedLines: number; linesThen: number }[] = [];
    for (const path of cited) {
      if (!tracked.has(path)) {
        // A body may name a file it means to create; only a file that existed when the skill was written has gone
        // missing.
        if (skill.acceptedCommit && !(await context.git.existedAt(skill.acceptedCommit, path))) continue;
        const to = await context.git.renamedTo(path, skill.acceptedCommit);
        if (to) renamed.push({ from: path, to });
        else missing.push(path);
        continue;
      }
      if (!skill.acceptedCommit) continue;
      const linesThen = await context.git.lineCountAt(skill.acceptedCommit, path);
      if (linesThen === undefined) continue;
      const changedLines = await context.git.changedLinesSince(skill.acceptedCommit, path);
      if (changedLines >= Math.max(options.minChangedLines ?? 20, (options.churnRatio ?? 0.5) * linesThen))
        changed.push({ path, changedLines, linesThen });
    }
    if (missing.length > 0) reasons.push({ kind: 'missing-files', files: missing });
    if (renamed.length > 0) reasons.push({ kind: 'renamed-files', files: renamed });
    if (changed.length > 0) reasons.push({ kind: 'changed-files', files: changed });

    const goneSymbols: string[] = [];
    for (const symbol of citations.symbols) {
      if (await context.git.symbolExists(symbol)) continue;
      if (!skill.acceptedCommit || (await context.git.symbolExists(symbol, skill.acceptedCommit)))
        goneSymbols.push(symbol);
    }
    if (goneSymbols.length > 0) reasons.push({ kind: 'missing-symbols', symbols: goneSymbols });

    const stats = skill.stats;
    if (
      stats &&
      context.libraryAverage !== undefined &&
      stats.trials >= (options.minTrials ?? 5) &&
      stats.rate !== undefined
    ) {
      const { upper } = wilsonInterval(stats.successes, stats.trials);
      if (upper < context.libraryAverage) {
        reasons.push({
          kind: 'low-success',
          rate: stats.rate,
          upperBound: upper,
          libraryAverage: context.libraryAverage,
          trials: stats.trials,
        });
      }
    }
    if (reasons.length > 0) flags.push({ skill: skill.name, reasons });
  }
  return flags;
}

/** One line per reason, for the candidate edit's rationale and the Library tooltip. */
export function describeDriftReason(reason: DriftReason): string {
  switch (reason.kind) {
    case 'unused':
      return `not used by any session for ${reason.days} days`;
    case 'missing-files':
      return `cites files that no longer exist: ${reason.files.join(', ')}`;
    case 'renamed-files':
      return `cites files that were renamed: ${reason.files.map((file) => `${file.from} → ${file.to}`).join(', ')}`;
    case 'changed-files': {
      const changed = reason.files.map(
        (file) => `${file.path} (${file.changedLines} lines changed of ${file.linesThen})`,
      );
      return `cited files changed heavily since it was accepted: ${changed.join(', ')}`;
    }
    case 'missing-symbols':
      return `names code that no longer exists: ${reason.symbols.join(', ')}`;
    case 'low-success':
      return (
        `succeeds in ${Math.round(reason.rate * 100)}% of ${reason.trials} sessions, clearly below the ` +
        `library's ${Math.round(reason.libraryAverage * 100)}%`
      );
  }
}
