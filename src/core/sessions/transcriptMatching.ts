/**
 * The seam between captured events and transcript tool calls. A CLI agent's `npm test` shows up
 * twice: as a shell execution the recorder saw and as a tool call in the agent's transcript. The
 * transcript knows more (the agent, its session, input, result, error flag), so when both exist
 * they become one step and the transcript's data wins. Importers call findCapturedDuplicate();
 * toTrajectory() uses duplicateCapturedIds() to drop the captured twin.
 */
import path from 'node:path';
import type { RecordedEvent, TranscriptEvent } from '../model/events';

export const DEFAULT_MATCH_WINDOW_MS = 30_000;

/**
 * The captured terminal/edit/file event that duplicates a transcript tool call, if any: a
 * run-command call and a terminal run of the same normalised command line, or an edit/write call
 * and an edit/file event on the same path; within windowMs of the call, in the same workspace
 * folder, not yet claimed. The closest in time wins.
 */
export function findCapturedDuplicate(
  toolCall: TranscriptEvent,
  captured: readonly RecordedEvent[],
  windowMs = DEFAULT_MATCH_WINDOW_MS,
  claimed: ReadonlySet<string> = new Set(),
): RecordedEvent | undefined {
  const step = toolCall.step;
  if (step.kind !== 'tool-call') return undefined;
  const action = actionOf(step);
  if (!action) return undefined;
  let best: RecordedEvent | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const event of captured) {
    if (claimed.has(event.id)) continue;
    if (toolCall.workspaceFolder && event.workspaceFolder && toolCall.workspaceFolder !== event.workspaceFolder)
      continue;
    const distance = Math.abs(eventStart(event) - toolCall.ts);
    if (distance > windowMs || distance >= bestDistance) continue;
    if (isSameAction(action, event, toolCall.workspaceFolder) && sameContent(step, event)) {
      best = event;
      bestDistance = distance;
    }
  }
  return best;
}

/** Ids of captured events that some transcript tool call in `events` duplicates. */
export function duplicateCapturedIds(
  events: readonly RecordedEvent[],
  windowMs = DEFAULT_MATCH_WINDOW_MS,
): Set<string> {
  const captured = events.filter(
    (event) => event.type === 'terminal' || event.type === 'edit' || event.type === 'file',
  );
  const claimed = new Set<string>();
  if (captured.length === 0) return claimed;
  for (const event of events) {
    if (event.type !== 'transcript' || event.step.kind !== 'tool-call') continue;
    const twin = findCapturedDuplicate(event, captured, windowMs, claimed);
    if (twin) claimed.add(twin.id);
  }
  return claimed;
}

/**
 * Transcript tool calls seen lately, for the other order of arrival: the call is read from the
 * transcript first and the recorder's own event of the same action comes after. claim() names
 * the call a captured event duplicates (each call claims one event), so the recorder can put
 * that event into the transcript's session instead of a session of its own.
 */
export class RecentToolCalls {
  private calls: TranscriptEvent[] = [];

  constructor(
    private readonly windowMs = DEFAULT_MATCH_WINDOW_MS,
    private readonly maxCalls = 256,
  ) {}

  remember(event: TranscriptEvent): void {
    const step = event.step;
    if (step.kind !== 'tool-call' || !actionOf(step)) return;
    this.calls.push(event);
    if (this.calls.length > this.maxCalls) this.calls.splice(0, this.calls.length - this.maxCalls);
  }

  /** The nearest remembered call `captured` duplicates, removed so no other event claims it. */
  claim(captured: RecordedEvent): TranscriptEvent | undefined {
    if (captured.type !== 'terminal' && captured.type !== 'edit' && captured.type !== 'file') return undefined;
    const at = eventStart(captured);
    this.calls = this.calls.filter((call) => at - call.ts <= this.windowMs * 4);
    let best: TranscriptEvent | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const call of this.calls) {
      const distance = Math.abs(at - call.ts);
      if (distance < bestDistance && findCapturedDuplicate(call, [captured], this.windowMs) === captured) {
        best = call;
        bestDistance = distance;
      }
    }
    if (best) this.calls.splice(this.calls.indexOf(best), 1);
    return best;
  }
}

/** Whitespace collapsed, a `bash -lc '…'` wrapper and a trailing `;` removed, quotes unified. */
export function normaliseCommandLine(commandLine: string): string {
  let command = commandLine.trim();
  const wrapped = /^(?:\/(?:usr\/)?bin\/)?(?:ba|z)?sh\s+-l?c\s+(['"])([\s\S]*)\1$/.exec(command);
  if (wrapped?.[2] !== undefined) command = wrapped[2];
  return command
    .replace(/\s+/g, ' ')
    .replace(/\s*;+\s*$/, '')
    .replace(/"/g, "'")
    .trim();
}

type ToolCallStep = Extract<TranscriptEvent['step'], { kind: 'tool-call' }>;
type Action = { kind: 'command'; command: string } | { kind: 'path'; path: string };

function actionOf(step: ToolCallStep): Action | undefined {
  if (step.tool === 'run-command') {
    const command = normaliseCommandLine(step.summary);
    return command ? { kind: 'command', command } : undefined;
  }
  if (step.tool === 'edit' || step.tool === 'write') {
    const target = step.path ?? step.summary;
    return target ? { kind: 'path', path: target } : undefined;
  }
  return undefined;
}

function isSameAction(action: Action, event: RecordedEvent, callFolder: string | undefined): boolean {
  if (action.kind === 'command')
    return event.type === 'terminal' && normaliseCommandLine(event.commandLine) === action.command;
  if (event.type !== 'edit' && event.type !== 'file') return false;
  const folder = event.workspaceFolder ?? callFolder;
  return (
    samePath(action.path, event.path, folder) ||
    (event.type === 'file' && event.oldPath !== undefined && samePath(action.path, event.oldPath, folder))
  );
}

/**
 * When both sides carry a diff, they must add at least one line in common: a person editing the
 * same file moments after the agent is a different step, not the agent's edit seen twice.
 */
function sameContent(step: ToolCallStep, event: RecordedEvent): boolean {
  if (event.type !== 'edit' || !step.diff || !event.diff) return true;
  const added = addedLines(step.diff);
  if (added.size === 0) return true;
  for (const line of addedLines(event.diff)) if (added.has(line)) return true;
  return false;
}

function addedLines(diff: string): Set<string> {
  const lines = new Set<string>();
  for (const line of diff.split('\n')) {
    if (!line.startsWith('+') || line.startsWith('+++')) continue;
    const text = line.slice(1).trim();
    if (text) lines.add(text);
  }
  return lines;
}

function eventStart(event: RecordedEvent): number {
  return event.type === 'terminal' ? event.startedAt : event.ts;
}

/** Transcripts hold absolute paths, captured events workspace-relative ones. */
function samePath(transcriptPath: string, capturedPath: string, workspaceFolder: string | undefined): boolean {
  const captured = capturedPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const absolute = path.isAbsolute(transcriptPath);
  let candidate = transcriptPath.replace(/\\/g, '/');
  if (workspaceFolder && absolute) candidate = path.relative(workspaceFolder, transcriptPath).replace(/\\/g, '/');
  candidate = candidate.replace(/^\.\//, '');
  if (candidate === captured) return true;
  // Without a known workspace folder, an absolute transcript path still matches its relative tail.
  return absolute && !workspaceFolder && transcriptPath.replace(/\\/g, '/').endsWith(`/${captured}`);
}
