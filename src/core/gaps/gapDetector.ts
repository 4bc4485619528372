import type { RecordedEvent } from '../model/events';
import type { Session } from '../model/trajectory';
import type { MatchResult, MatchTask, SkillIndex } from '../matching/matchTypes';
import { clusterGapDrafts, contentTerms } from './gapClustering';
import { questionFromTask } from './gapPrompt';
import type { GapDraft } from './gapTypes';
import { commandHead, errorSignature, firstErrorLine } from './errorSignature';
import { oneLine } from '../util/oneLine';

/** The default `skillwright.gaps.threshold`. */
export const DEFAULT_GAP_THRESHOLD = 0.3;

export interface GapDetectionOptions {
  /** A top match score below this is a gap. @default 0.3 */
  threshold?: number;
  /** Failing sessions that must edit the same area before it counts. @default 3 */
  minFailingSessions?: number;
  /** Failures with one error signature before the command counts. @default 3 */
  minCommandFailures?: number;
}

/** True when the best result does not reach the threshold (including an empty library). */
export function isGap(results: readonly MatchResult[], threshold = DEFAULT_GAP_THRESHOLD): boolean {
  return (results[0]?.score ?? 0) < threshold;
}

/** A draft gap for a task no skill covers, or undefined when the library has one. */
export function gapFromTask(
  task: MatchTask,
  results: readonly MatchResult[],
  context: { sessionId?: string; ts: number; kind?: 'low-match' | 'reported'; details?: string },
  threshold = DEFAULT_GAP_THRESHOLD,
): GapDraft | undefined {
  if (context.kind !== 'reported' && !isGap(results, threshold)) return undefined;
  const question = questionFromTask(task.text);
  const top = results[0];
  return {
    kind: context.kind ?? 'low-match',
    need: `help with tasks like “${question}”`,
    question,
    query: { text: task.text, files: [...(task.files ?? [])] },
    samples: [contentTerms(task.text)],
    scope: [],
    evidence: [
      context.sessionId
        ? {
            kind: 'session',
            ref: context.sessionId,
            detail: oneLine(task.text),
            sessionId: context.sessionId,
            ts: context.ts,
          }
        : { kind: 'task', ref: oneLine(task.text), detail: context.details, ts: context.ts },
    ],
    bestMatch: top ? { name: top.name, score: top.score } : undefined,
  };
}

export interface TrajectoryGapInput {
  sessions: readonly Session[];
  events: readonly RecordedEvent[];
  /** The library to check coverage against; without one every signal is a gap. */
  index?: SkillIndex;
}

/**
 * Gaps from what happened rather than what was asked: tasks no skill matched, areas that keep
 * being edited in failing sessions, and commands that keep failing the same way. Results are
 * clustered, so ten sessions about one topic make one gap with ten pieces of evidence.
 */
export function detectTrajectoryGaps(input: TrajectoryGapInput, options: GapDetectionOptions = {}): GapDraft[] {
  const threshold = options.threshold ?? DEFAULT_GAP_THRESHOLD;
  const byId = new Map(input.events.map((event) => [event.id, event]));
  const drafts: GapDraft[] = [];
  const areaSessions = new Map<string, { sessions: Set<string>; files: Set<string>; ts: number }>();
  const commandFailures = new Map<
    string,
    { command: string; errorLine: string; ts: number; sessions: Map<string, number> }
  >();
  const match = (task: MatchTask): MatchResult[] => input.index?.match(task, 3) ?? [];

  for (const session of input.sessions) {
    if (session.excluded) continue;
    const events = session.eventIds.flatMap((id) => byId.get(id) ?? []);
    const edited = editedPaths(events);
    if (session.task) {
      const task = { text: session.task, files: edited };
      const draft = gapFromTask(task, match(task), { sessionId: session.id, ts: session.startedAt }, threshold);
      if (draft) drafts.push(draft);
    }
    if (session.outcome === 'failure') {
      for (const path of edited) {
        const area = areaOf(path);
        let entry = areaSessions.get(area);
        if (!entry) areaSessions.set(area, (entry = { sessions: new Set(), files: new Set(), ts: session.startedAt }));
        entry.sessions.add(session.id);
        entry.files.add(path);
      }
    }
    for (const failure of failedCommands(events)) {
      const signature = errorSignature(failure.command, failure.output);
      let entry = commandFailures.get(signature);
      if (!entry)
        commandFailures.set(
          signature,
          (entry = {
            command: failure.command,
            errorLine: firstErrorLine(failure.output),
            ts: failure.ts,
            sessions: new Map(),
          }),
        );
      entry.sessions.set(session.id, (entry.sessions.get(session.id) ?? 0) + 1);
    }
  }

  for (const [area, entry] of areaSessions) {
    if (entry.sessions.size < (options.minFailingSessions ?? 3)) continue;
    const files = [...entry.files].slice(0, 20);
    const results = match({ text: area.replace(/[/_.-]+/g, ' '), files });
    if (!isGap(results, threshold)) continue;
    drafts.push({
      kind: 'failing-area',
      need: `change code in ${area}/ safely`,
      question: `change code in ${area}/ without breaking it, and what keeps going wrong there`,
      query: { text: area.replace(/[/_.-]+/g, ' '), files },
      samples: [contentTerms(area)],
      scope: [`${area}/**`],
      evidence: [...entry.sessions].map((id) => ({
        kind: 'session' as const,
        ref: id,
        detail: `failing session edited ${area}/`,
        sessionId: id,
        ts: entry.ts,
      })),
      bestMatch: results[0] ? { name: results[0].name, score: results[0].score } : undefined,
    });
  }

  for (const [signature, entry] of commandFailures) {
    const total = [...entry.sessions.values()].reduce((sum, count) => sum + count, 0);
    if (total < (options.minCommandFailures ?? 3)) continue;
    const text = `${entry.command}\n${entry.errorLine}`;
    const results = match({ text });
    if (!isGap(results, threshold)) continue;
    const head = commandHead(entry.command);
    drafts.push({
      kind: 'failing-command',
      need: `get \`${head}\` past “${oneLine(entry.errorLine).slice(0, 100)}”`,
      question: `make \`${head}\` succeed when it fails with this error`,
      query: { text, files: [] },
      samples: [contentTerms(text)],
      scope: [],
      errorSignature: signature,
      evidence: [...entry.sessions].map(([id, count]) => ({
        kind: 'command' as const,
        ref: entry.command,
        detail: `${count}× ${oneLine(entry.errorLine).slice(0, 120)}`,
        sessionId: id,
        ts: entry.ts,
      })),
      bestMatch: results[0] ? { name: results[0].name, score: results[0].score } : undefined,
    });
  }
  return clusterGapDrafts(drafts);
}

/** The folder that names an area: the file's directory, at most three levels deep. */
export function areaOf(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/').filter(Boolean);
  parts.pop();
  return parts.slice(0, 3).join('/') || '.';
}

function editedPaths(events: readonly RecordedEvent[]): string[] {
  const paths = new Set<string>();
  for (const event of events) {
    if (event.type === 'edit') paths.add(event.path);
    else if (event.type === 'file' && event.op !== 'save') paths.add(event.path);
    else if (
      event.type === 'transcript' &&
      event.step.kind === 'tool-call' &&
      (event.step.tool === 'edit' || event.step.tool === 'write') &&
      event.step.path
    ) {
      paths.add(event.step.path);
    }
  }
  return [...paths];
}

function failedCommands(events: readonly RecordedEvent[]): { command: string; output: string; ts: number }[] {
  const failures: { command: string; output: string; ts: number }[] = [];
  const calls = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'terminal' && event.exitCode !== undefined && event.exitCode !== 0) {
      failures.push({ command: event.commandLine, output: event.output, ts: event.ts });
    } else if (event.type === 'transcript') {
      const step = event.step;
      if (step.kind === 'tool-call' && step.tool === 'run-command') calls.set(step.callId, step.summary);
      else if (step.kind === 'tool-result' && (step.isError || (step.exitCode !== undefined && step.exitCode !== 0))) {
        const command = calls.get(step.callId);
        if (command) failures.push({ command, output: step.output, ts: event.ts });
      }
    }
  }
  return failures;
}
