/** Compact builders for recorded events in session and outcome tests. */
import type { Actor, Attribution } from '../../../src/core/model/agents';
import type {
  CommitEvent,
  EditEvent,
  FileEvent,
  TerminalEvent,
  TranscriptEvent,
  TranscriptStep,
} from '../../../src/core/model/events';

let counter = 0;
export const MIN = 60_000;
export const WS = '/work/app';

export function by(actor: Actor, confidence = 0.8): Attribution {
  return { actor, confidence, evidence: ['test'] };
}

export function terminal(ts: number, commandLine: string, extra: Partial<TerminalEvent> = {}): TerminalEvent {
  return {
    id: `t${counter++}`,
    ts,
    type: 'terminal',
    commandLine,
    commandConfidence: 'high',
    terminalName: 'bash',
    startedAt: ts - 1000,
    durationMs: 1000,
    exitCode: 0,
    output: '',
    outputTruncated: false,
    workspaceFolder: WS,
    attribution: by('human'),
    ...extra,
  };
}

export function edit(
  ts: number,
  path: string,
  diff: string,
  actor: Actor = 'human',
  extra: Partial<EditEvent> = {},
): EditEvent {
  return {
    id: `e${counter++}`,
    ts,
    type: 'edit',
    path,
    diff,
    linesAdded: 1,
    linesRemoved: 0,
    visibleInEditor: actor === 'human',
    workspaceFolder: WS,
    attribution: by(actor),
    ...extra,
  };
}

export function file(ts: number, op: FileEvent['op'], path: string, actor: Actor = 'unknown'): FileEvent {
  return { id: `f${counter++}`, ts, type: 'file', op, path, workspaceFolder: WS, attribution: by(actor, 0.75) };
}

export function commit(ts: number, hash: string, files: string[], diff?: string): CommitEvent {
  const event: CommitEvent = {
    id: `c${counter++}`,
    ts,
    type: 'commit',
    hash,
    parents: [],
    message: `commit ${hash}`,
    files,
    workspaceFolder: WS,
    attribution: by('human', 0.6),
  };
  if (diff !== undefined) event.diff = diff;
  return event;
}

export function transcript(
  ts: number,
  sessionId: string,
  step: TranscriptStep,
  agent: TranscriptEvent['agent'] = 'claude-code',
): TranscriptEvent {
  return {
    id: `x${counter++}`,
    ts,
    type: 'transcript',
    agent,
    sessionId,
    step,
    workspaceFolder: WS,
    attribution: by(agent, 1),
  };
}

/** A one-file unified diff that adds the given lines. */
export function addDiff(path: string, lines: string[]): string {
  return [
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((line) => `+${line}`),
    '',
  ].join('\n');
}
