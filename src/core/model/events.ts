import type { AgentId, Attribution } from './agents';

/**
 * A normalised event as the recorder and the transcript importers produce it. Events are
 * redacted before they reach the store, and are append-only: corrections are new events.
 */
export type RecordedEvent = TerminalEvent | EditEvent | FileEvent | CommitEvent | TranscriptEvent | RatingEvent;
export type RecordedEventType = RecordedEvent['type'];

interface EventBase {
  /** Globally unique, stable across journal replays (used to de-duplicate). */
  id: string;
  /** Epoch milliseconds. */
  ts: number;
  /** Absolute path of the workspace folder the event belongs to, when known. */
  workspaceFolder?: string;
  /** A session id the source already knows (a transcript's id, an agent terminal's id). */
  sessionHint?: string;
  attribution: Attribution;
}

export interface TerminalEvent extends EventBase {
  type: 'terminal';
  commandLine: string;
  /** VS Code's TerminalShellExecutionCommandLineConfidence, as a word. */
  commandConfidence: 'low' | 'medium' | 'high';
  cwd?: string;
  terminalName: string;
  startedAt: number;
  durationMs: number;
  /** Undefined when the shell did not report one (Ctrl+C, sub-shells, an empty Enter). */
  exitCode?: number;
  /** Head and tail of the output, ANSI stripped, capped and redacted. */
  output: string;
  outputTruncated: boolean;
}

export interface EditEvent extends EventBase {
  type: 'edit';
  /** Workspace-relative path with forward slashes. */
  path: string;
  /** Unified diff of one burst of changes. */
  diff: string;
  linesAdded: number;
  linesRemoved: number;
  /** Whether the document was visible in an editor when it changed (humans edit what they see). */
  visibleInEditor: boolean;
}

export interface FileEvent extends EventBase {
  type: 'file';
  op: 'save' | 'create' | 'delete' | 'rename' | 'external-write';
  path: string;
  oldPath?: string;
  /** Content was not recorded because the file is binary or over the size cap. */
  contentSkipped?: 'binary' | 'too-large' | 'excluded';
}

export interface CommitEvent extends EventBase {
  type: 'commit';
  hash: string;
  parents: string[];
  message: string;
  author?: string;
  branch?: string;
  files: string[];
  /** Unified diff, capped. */
  diff?: string;
}

export type ToolKind = 'run-command' | 'read' | 'edit' | 'write' | 'search' | 'other';

export interface TranscriptEvent extends EventBase {
  type: 'transcript';
  agent: AgentId;
  /** The agent's own session id. */
  sessionId: string;
  parentSessionId?: string;
  step: TranscriptStep;
}

export type TranscriptStep =
  | { kind: 'prompt'; text: string }
  | { kind: 'note'; text: string }
  | {
      kind: 'tool-call';
      callId: string;
      tool: ToolKind;
      rawName: string;
      /** The command line for run-command, the path for read/edit/write, the query for search. */
      summary: string;
      path?: string;
      diff?: string;
      input?: unknown;
    }
  | { kind: 'tool-result'; callId: string; isError: boolean; exitCode?: number; output: string }
  | { kind: 'meta'; model?: string; cwd?: string; branch?: string; inputTokens?: number; outputTokens?: number };

export interface RatingEvent extends EventBase {
  type: 'rating';
  sessionId: string;
  rating: 'up' | 'down';
}
