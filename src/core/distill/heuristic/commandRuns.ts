import type { RecordedEvent } from '../../model/events';

/** One command execution, from a terminal event or a transcript's tool call and its result. */
export interface CommandRun {
  eventId: string;
  sessionId?: string;
  ts: number;
  command: string;
  /** Undefined when unknown. */
  exitCode?: number;
  failed: boolean;
  durationMs?: number;
  output: string;
}

/** Collapses whitespace and strips a leading `$ ` so the same command always compares equal. */
export function normalizeCommand(commandLine: string): string {
  return commandLine
    .trim()
    .replace(/^\$\s+/, '')
    .replace(/\s+/g, ' ');
}

/** The command runs in events, oldest first. Runs with unknown outcome are kept with failed=false. */
export function commandRuns(events: readonly RecordedEvent[]): CommandRun[] {
  const runs: CommandRun[] = [];
  const pendingCalls = new Map<string, { event: RecordedEvent; command: string; sessionId: string }>();
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    if (event.type === 'terminal') {
      const command = normalizeCommand(event.commandLine);
      if (!command) continue;
      runs.push({
        eventId: event.id,
        sessionId: event.sessionHint,
        ts: event.startedAt || event.ts,
        command,
        exitCode: event.exitCode,
        failed: event.exitCode !== undefined && event.exitCode !== 0,
        durationMs: event.durationMs,
        output: event.output,
      });
    } else if (event.type === 'transcript') {
      const step = event.step;
      if (step.kind === 'tool-call' && step.tool === 'run-command') {
        pendingCalls.set(`${event.sessionId}\u0000${step.callId}`, {
          event,
          command: normalizeCommand(step.summary),
          sessionId: event.sessionId,
        });
      } else if (step.kind === 'tool-result') {
        const call = pendingCalls.get(`${event.sessionId}\u0000${step.callId}`);
        if (!call || !call.command) continue;
        pendingCalls.delete(`${event.sessionId}\u0000${step.callId}`);
        runs.push({
          eventId: call.event.id,
          sessionId: call.sessionId,
          ts: call.event.ts,
          command: call.command,
          exitCode: step.exitCode,
          failed: step.isError || (step.exitCode !== undefined && step.exitCode !== 0),
          durationMs: event.ts - call.event.ts,
          output: step.output,
        });
      }
    }
  }
  return runs;
}

/** The first line of output that looks like an error, with numbers, paths and quotes made generic. */
export function errorSignature(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const line =
    lines.find((text) =>
      /\b(error|failed|failure|cannot|could not|not found|missing|exception|undefined|fatal|ERR!)\b/i.test(text),
    ) ??
    lines[0] ??
    '';
  return line
    .replace(/(?:[A-Za-z]:)?(?:[\w.-]*\/)+[\w.-]+/g, '<path>')
    .replace(/\b\d+(\.\d+)*\b/g, 'N')
    .replace(/\s+/g, ' ')
    .slice(0, 160);
}

/** The error line as written, for showing to a person. */
export function errorLine(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (
    lines.find((text) =>
      /\b(error|failed|failure|cannot|could not|not found|missing|exception|fatal|ERR!)\b/i.test(text),
    ) ??
    lines[0] ??
    ''
  ).slice(0, 200);
}
