/** Builds a TerminalEvent from the plain data the VS Code adapter reads off a shell execution. */
import type { Attribution } from '../model/agents';
import type { TerminalEvent } from '../model/events';
import { DEFAULT_OUTPUT_CAP_BYTES, terminalExcerpt } from './terminalExcerpt';

/** VS Code's TerminalShellExecutionCommandLineConfidence: 0 low, 1 medium, 2 high. */
export type CommandConfidence = 0 | 1 | 2;

export interface TerminalExecutionData {
  commandLine: string;
  confidence: CommandConfidence;
  cwd?: string;
  terminalName: string;
  startedAt: number;
  endedAt: number;
  exitCode?: number;
  /** Raw output as read from execution.read() (escapes and all). */
  output: string;
  workspaceFolder?: string;
}

const CONFIDENCE_WORDS = ['low', 'medium', 'high'] as const;

export function buildTerminalEvent(
  id: string,
  data: TerminalExecutionData,
  attribution: Attribution,
  capBytes = DEFAULT_OUTPUT_CAP_BYTES,
): TerminalEvent {
  const excerpt = terminalExcerpt(data.output, capBytes);
  const event: TerminalEvent = {
    id,
    ts: data.endedAt,
    type: 'terminal',
    commandLine: data.commandLine.trim(),
    commandConfidence: CONFIDENCE_WORDS[data.confidence] ?? 'low',
    terminalName: data.terminalName,
    startedAt: data.startedAt,
    durationMs: Math.max(0, data.endedAt - data.startedAt),
    output: excerpt.output,
    outputTruncated: excerpt.truncated,
    attribution,
  };
  if (data.cwd !== undefined) event.cwd = data.cwd;
  if (data.exitCode !== undefined && Number.isFinite(data.exitCode)) event.exitCode = data.exitCode;
  if (data.workspaceFolder !== undefined) event.workspaceFolder = data.workspaceFolder;
  return event;
}
