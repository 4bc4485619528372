/**
 * Condenses a session's events into the steps distillers read: what was done (action), what came
 * back (observation), and whether it worked (outcome). Concise on purpose: prompts and model
 * context are the budget. Captured events that duplicate a transcript tool call are dropped in
 * favour of the transcript's step, and a tool call absorbs its result.
 */
import { duplicateCapturedIds } from './transcriptMatching';
import type { RecordedEvent, TranscriptEvent } from '../model/events';
import type { Session, Trajectory, TrajectoryStep } from '../model/trajectory';
import type { SurvivalLabel } from './editSurvival';
import { stepOutcome, survivalOutcome } from './outcomeLabels';

export interface TrajectoryOptions {
  /** Characters of command output / tool output kept per step. @default 800 */
  observationChars?: number;
  /** Characters of a diff kept per edit step. @default 1500 */
  diffChars?: number;
}

type SessionLike = Session & { labels?: { survivalByPath?: Record<string, SurvivalLabel> } };

export function toTrajectory(
  session: SessionLike,
  events: readonly RecordedEvent[],
  options: TrajectoryOptions = {},
): Trajectory {
  const observationChars = options.observationChars ?? 800;
  const diffChars = options.diffChars ?? 1500;
  const ordered = [...events].sort((a, b) => a.ts - b.ts);
  const duplicates = duplicateCapturedIds(ordered);
  const results = new Map<string, Extract<TranscriptEvent['step'], { kind: 'tool-result' }>>();
  for (const event of ordered)
    if (event.type === 'transcript' && event.step.kind === 'tool-result') results.set(event.step.callId, event.step);
  const survival = session.labels?.survivalByPath ?? {};
  const steps: TrajectoryStep[] = [];
  for (const event of ordered) {
    if (duplicates.has(event.id)) continue;
    const step = describe(event);
    if (step) steps.push({ eventId: event.id, ts: event.ts, ...step });
  }
  return { session, steps };

  function describe(event: RecordedEvent): Omit<TrajectoryStep, 'eventId' | 'ts'> | undefined {
    switch (event.type) {
      case 'terminal': {
        const exit = event.exitCode === undefined ? 'no exit code' : `exit ${event.exitCode}`;
        const output = event.output ? `\n${tail(event.output, observationChars)}` : '';
        return {
          action: `$ ${event.commandLine}`,
          observation: `${exit}, ${event.durationMs} ms${output}`,
          outcome: stepOutcome(event),
          files: [],
        };
      }
      case 'edit':
        return {
          action: `edit ${event.path} (+${event.linesAdded} -${event.linesRemoved})`,
          observation: head(event.diff, diffChars),
          outcome: survivalOutcome(survival[event.path]),
          files: [event.path],
        };
      case 'file': {
        const target = event.op === 'rename' && event.oldPath ? `${event.oldPath} -> ${event.path}` : event.path;
        return {
          action: `${event.op} ${target}`,
          observation: event.contentSkipped ? `content not recorded (${event.contentSkipped})` : '',
          outcome: 'unknown',
          files: event.oldPath ? [event.oldPath, event.path] : [event.path],
        };
      }
      case 'commit': {
        const more = event.files.length > 20 ? ', …' : '';
        return {
          action: `commit ${event.hash.slice(0, 10)} ${event.message.split('\n')[0] ?? ''}`,
          observation: `${event.files.length} file(s): ${event.files.slice(0, 20).join(', ')}${more}`,
          outcome: 'success',
          files: [...event.files],
        };
      }
      case 'transcript':
        return describeTranscript(event);
      default:
        return undefined;
    }
  }

  function describeTranscript(event: TranscriptEvent): Omit<TrajectoryStep, 'eventId' | 'ts'> | undefined {
    const step = event.step;
    if (step.kind === 'prompt')
      return { action: `prompt: ${head(step.text, observationChars)}`, observation: '', outcome: 'unknown', files: [] };
    if (step.kind !== 'tool-call') return undefined;
    const result = results.get(step.callId);
    const failed = result ? result.isError || (result.exitCode !== undefined && result.exitCode !== 0) : undefined;
    const observation = result
      ? `${result.exitCode !== undefined ? `exit ${result.exitCode}\n` : ''}${tail(result.output, observationChars)}`
      : step.diff
        ? head(step.diff, diffChars)
        : '';
    return {
      action: `${step.rawName}: ${head(step.summary, 300)}`,
      observation,
      outcome: stepOutcome(event, failed),
      files: step.path ? [step.path] : [],
    };
  }
}

function head(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}\n…`;
}

/** Outputs end with the verdict (failures, summaries), so the tail is what to keep. */
function tail(text: string, chars: number): string {
  return text.length <= chars ? text : `…\n${text.slice(text.length - chars)}`;
}
