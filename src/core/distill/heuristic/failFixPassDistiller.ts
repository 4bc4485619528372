import type { Evidence } from '../../model/candidate';
import type { RecordedEvent } from '../../model/events';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody } from './candidateFactory';
import { commandRuns, type CommandRun, errorLine, errorSignature } from './commandRuns';

export interface FailFixPassOptions {
  /** Longest gap between the failure and the passing re-run. @default 3_600_000 (1 h) */
  maxEpisodeMs: number;
  /** Episodes with the same command and error needed for a lesson. @default 1 */
  minEpisodes: number;
  /** At most this many lessons. @default 4 */
  maxSkills: number;
}

export const DEFAULT_FAIL_FIX_PASS_OPTIONS: FailFixPassOptions = {
  maxEpisodeMs: 3_600_000,
  minEpisodes: 1,
  maxSkills: 4,
};

interface Episode {
  failure: CommandRun;
  pass: CommandRun;
  failures: number;
  files: string[];
  diffLines: string[];
}

/** A command fails, files are edited, the same command passes: each recurring fix becomes a lesson. */
export function distillFailFixPass(
  events: readonly RecordedEvent[],
  partial: Partial<FailFixPassOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_FAIL_FIX_PASS_OPTIONS, ...partial };
  const sorted = [...events].sort((a, b) => a.ts - b.ts);
  const runs = commandRuns(sorted);
  const episodes: Episode[] = [];
  const consumed = new Set<CommandRun>();
  runs.forEach((run, index) => {
    if (!run.failed || consumed.has(run)) return;
    let failures = 1;
    for (const later of runs.slice(index + 1)) {
      if (later.command !== run.command) continue;
      if (later.ts - run.ts > options.maxEpisodeMs) break;
      consumed.add(later);
      if (later.failed) {
        failures++;
        continue;
      }
      if (later.exitCode !== 0) break;
      const edits = sorted.filter(
        (event) => event.ts > run.ts && event.ts < later.ts && (event.type === 'edit' || event.type === 'file'),
      );
      const files = [
        ...new Set(
          edits.map((event) => (event.type === 'edit' || event.type === 'file' ? event.path : '')).filter(Boolean),
        ),
      ];
      if (files.length === 0) break;
      const diffLines = edits.flatMap((event) => (event.type === 'edit' ? changedLines(event.diff) : []));
      episodes.push({ failure: run, pass: later, failures, files, diffLines });
      break;
    }
  });
  const groups = new Map<string, Episode[]>();
  for (const episode of episodes) {
    const key = `${episode.failure.command}\u0000${errorSignature(episode.failure.output)}`;
    groups.set(key, [...(groups.get(key) ?? []), episode]);
  }
  return [...groups.values()]
    .filter((group) => group.length >= options.minEpisodes)
    .sort((a, b) => b.length - a.length)
    .slice(0, options.maxSkills)
    .map((group) => toCandidate(group, now));
}

function toCandidate(group: Episode[], now: number): LearnedCandidate {
  const first = group[0] as Episode;
  const command = first.failure.command;
  const error = errorLine(first.failure.output);
  const fileCounts = new Map<string, number>();
  for (const episode of group) for (const file of episode.files) fileCounts.set(file, (fileCounts.get(file) ?? 0) + 1);
  const files = [...fileCounts].sort((a, b) => b[1] - a[1]).map(([file]) => file);
  const fix = [...new Set(first.diffLines)].slice(0, 8);
  const fixedThere = group.length === 1 ? 'the fix was made there' : 'the fixes were made there';
  const steps = [
    `1. Do not re-run ${code(command)} unchanged: the same error came back until the cause was fixed.`,
    `2. Look at ${humanList(files.slice(0, 4).map(code))} first: ${fixedThere}.`,
    '3. Make the kind of change the example below shows, adapted to your code.',
    `4. Re-run ${code(command)} to confirm it passes.`,
  ];
  const evidence: Evidence[] = [];
  for (const episode of group.slice(0, 6)) {
    const ref = episode.failure.sessionId ?? episode.failure.eventId;
    evidence.push({
      kind: episode.failure.sessionId ? 'session' : 'command',
      ref,
      eventId: episode.failure.eventId,
      detail: `${command} failed ${episode.failures}× then passed after editing ${humanList(episode.files, 3)}`,
    });
  }
  for (const file of files.slice(0, 3))
    evidence.push({ kind: 'file', ref: file, detail: `edited to fix "${error.slice(0, 80)}"` });
  const topic = error
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 2 && !/^(error|the|and|for|with)$/i.test(word))
    .slice(0, 4)
    .join(' ');
  const body = renderBody(`When ${command} fails with "${error.slice(0, 80)}"`, [
    ['When to use', [`When ${code(command)} fails with an error like:`, '', '```', error, '```']],
    [
      'Steps',
      fix.length > 0 ? steps : steps.filter((step) => !step.startsWith('3.')).map((step) => step.replace(/^4\./, '3.')),
    ],
    ['Example', fix.length > 0 ? ['The change that made it pass:', '', '```diff', ...fix, '```'] : []],
    [
      'Pitfalls',
      [
        `- The error names the symptom; the cause was in ${humanList(files.slice(0, 3).map(code))}, not ` +
          `necessarily in the file the error mentions.`,
      ],
    ],
    [
      'Evidence',
      group
        .slice(0, 6)
        .map(
          (episode) =>
            `- ${episode.failure.sessionId ?? episode.failure.eventId}: ${command} failed, then passed after ` +
            `editing ${humanList(episode.files, 3)}`,
        ),
    ],
  ]);
  return makeCandidate(
    {
      name: `fix-${command.split(' ').slice(0, 3).join('-')}-${topic}`,
      description:
        `What to do when \`${command}\` fails with "${error.slice(0, 120)}": the files to fix and the ` +
        `change that made it pass. Use when you see this error.`,
      body,
      scope: files.slice(0, 6),
      confidence: Math.min(0.9, 0.45 + 0.15 * group.length),
      evidence,
      source: 'fail-fix-pass',
      support: group.length,
      statistics: {
        episodes: String(group.length),
        'failed-runs-before-pass': String(group.reduce((sum, episode) => sum + episode.failures, 0)),
        'files-edited': String(files.length),
      },
    },
    now,
  );
}

function changedLines(diff: string): string[] {
  return diff.split('\n').filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---)/.test(line) && line.trim().length > 1);
}
