/**
 * The seam between captured events and transcript tool calls. A CLI agent's `npm test` shows up
 * twice: as a shell execution the recorder saw and as a tool call in the agent's transcript. The
 * transcript knows more (the agent, its session, why), so when both exist they become one step
 * and the transcript's data wins. Importers call findCapturedDuplicate(); toTrajectory() uses
 * duplicateCapturedIds() to drop the captured twin.
 */
import type { RecordedEvent, TranscriptEvent } from '../model/events';

export const DEFAULT_MATCH_WINDOW_MS = 30_000;

/**
 * The captured terminal/edit/file event that duplicates a transcript tool call, if any: same
 * command (whitespace-normalised) or same path, within windowMs of the call, not yet claimed.
 */
export function findCapturedDuplicate(
  toolCall: TranscriptEvent,
  captured: readonly RecordedEvent[],
  windowMs = DEFAULT_MATCH_WINDOW_MS,
  claimed: ReadonlySet<string> = new Set(),
): RecordedEvent | undefined {
  const step = toolCall.step;
  if (step.kind !== 'tool-call') return undefined;
  let best: RecordedEvent | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const event of captured) {
    if (claimed.has(event.id)) continue;
    if (toolCall.workspaceFolder && event.workspaceFolder && toolCall.workspaceFolder !== event.workspaceFolder) continue;
    const distance = Math.abs(eventStart(event) - toolCall.ts);
    if (distance > windowMs || distance >= bestDistance) continue;
    if (isSameAction(step, event)) {
      best = event;
      bestDistance = distance;
    }
  }
  return best;
}

/** Ids of captured events that some transcript tool call in `events` duplicates. */
export function duplicateCapturedIds(events: readonly RecordedEvent[], windowMs = DEFAULT_MATCH_WINDOW_MS): Set<string> {
  const captured = events.filter((event) => event.type === 'terminal' || event.type === 'edit' || event.type === 'file');
  const claimed = new Set<string>();
  if (captured.length === 0) return claimed;
  for (const event of events) {
    if (event.type !== 'transcript' || event.step.kind !== 'tool-call') continue;
    const twin = findCapturedDuplicate(event, captured, windowMs, claimed);
    if (twin) claimed.add(twin.id);
  }
  return claimed;
}

type ToolCallStep = Extract<TranscriptEvent['step'], { kind: 'tool-call' }>;

function isSameAction(step: ToolCallStep, event: RecordedEvent): boolean {
  if (step.tool === 'run-command' && event.type === 'terminal') {
    return normaliseCommand(event.commandLine) === normaliseCommand(step.summary);
  }
  if ((step.tool === 'edit' || step.tool === 'write') && (event.type === 'edit' || event.type === 'file')) {
    const path = step.path ?? step.summary;
    return path.length > 0 && (pathsMatch(path, event.path) || (event.type === 'file' && event.oldPath !== undefined && pathsMatch(path, event.oldPath)));
  }
  return false;
}

function eventStart(event: RecordedEvent): number {
  return event.type === 'terminal' ? event.startedAt : event.ts;
}

function normaliseCommand(command: string): string {
  return command.trim().replace(/\s+/g, ' ');
}

/** Transcripts hold absolute paths, captured events workspace-relative ones. */
function pathsMatch(transcriptPath: string, relativePath: string): boolean {
  const a = transcriptPath.replace(/\\/g, '/');
  const b = relativePath.replace(/\\/g, '/');
  return a === b || a.endsWith(`/${b}`);
}
