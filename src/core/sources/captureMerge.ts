import path from 'node:path';
import type { RecordedEvent, TranscriptEvent } from '../model/events';

export interface CaptureMatch {
  /** The recorder's event that describes the same step as the transcript's tool call. */
  captured: RecordedEvent;
  reason: 'same-command' | 'same-path';
  /** Absolute time between the two, in ms. */
  deltaMs: number;
}

/**
 * Pairs a transcript tool call with what the recorder saw of the same action: a run-command call
 * and a terminal execution of the same normalised command line, or an edit/write call and an
 * edit or file event on the same path, within windowMs. The closest in time wins. The caller
 * keeps the transcript's step (richer: input, result, error flag) and links or drops the capture.
 */
export function findCaptureDuplicate(toolCall: TranscriptEvent, captured: readonly RecordedEvent[], windowMs = 120_000): CaptureMatch | undefined {
  const step = toolCall.step;
  if (step.kind !== 'tool-call') return undefined;
  let best: CaptureMatch | undefined;
  const consider = (event: RecordedEvent, reason: CaptureMatch['reason'], at: number): void => {
    const deltaMs = Math.abs(at - toolCall.ts);
    if (deltaMs > windowMs || (best && best.deltaMs <= deltaMs)) return;
    best = { captured: event, reason, deltaMs };
  };
  if (step.tool === 'run-command') {
    const command = normaliseCommandLine(step.summary);
    if (!command) return undefined;
    for (const event of captured) {
      if (event.type === 'terminal' && normaliseCommandLine(event.commandLine) === command) consider(event, 'same-command', event.startedAt);
    }
    return best;
  }
  if (step.tool === 'edit' || step.tool === 'write') {
    const target = step.path;
    if (!target) return undefined;
    for (const event of captured) {
      if ((event.type === 'edit' || event.type === 'file') && samePath(target, event.path, event.workspaceFolder ?? toolCall.workspaceFolder)) {
        consider(event, 'same-path', event.ts);
      }
    }
  }
  return best;
}

/** Whitespace collapsed, a `bash -lc '…'` wrapper and a trailing `;` removed, quotes unified. */
export function normaliseCommandLine(commandLine: string): string {
  let command = commandLine.trim();
  const wrapped = /^(?:\/(?:usr\/)?bin\/)?(?:ba|z)?sh\s+-l?c\s+(['"])([\s\S]*)\1$/.exec(command);
  if (wrapped?.[2] !== undefined) command = wrapped[2];
  return command.replace(/\s+/g, ' ').replace(/\s*;+\s*$/, '').replace(/"/g, "'").trim();
}

function samePath(transcriptPath: string, capturedPath: string, workspaceFolder: string | undefined): boolean {
  const captured = capturedPath.replace(/\\/g, '/').replace(/^\.\//, '');
  let candidate = transcriptPath.replace(/\\/g, '/');
  if (workspaceFolder && path.isAbsolute(transcriptPath)) {
    candidate = path.relative(workspaceFolder, transcriptPath).replace(/\\/g, '/');
  }
  candidate = candidate.replace(/^\.\//, '');
  if (candidate === captured) return true;
  // Without a known workspace folder, an absolute transcript path still matches its relative tail.
  return path.isAbsolute(transcriptPath) && transcriptPath.replace(/\\/g, '/').endsWith(`/${captured}`);
}

/** The task of each transcript session: its first user prompt by time. */
export function sessionTasks(events: readonly TranscriptEvent[]): Map<string, string> {
  const first = new Map<string, { ts: number; text: string }>();
  for (const event of events) {
    if (event.step.kind !== 'prompt') continue;
    const known = first.get(event.sessionId);
    if (!known || event.ts < known.ts) first.set(event.sessionId, { ts: event.ts, text: event.step.text });
  }
  return new Map([...first].map(([sessionId, prompt]) => [sessionId, prompt.text]));
}
