/** The plain data the VS Code adapter hands the Recorder, and the Recorder's options. */
import type { Clock, Logger } from '../ports';
import type { AgentId } from '../model/agents';
import type { SessionRecord } from '../sessions/sessionRecord';
import type { SessionTrackerOptions } from '../sessions/sessionTracker';
import type { CaptureFilter } from './captureFilter';
import type { EditBurstFolderOptions } from './editBurstFolder';
import type { EventSink } from './eventSink';

/** SessionRepository satisfies this. */
export interface SessionStore {
  upsertMany(sessions: readonly SessionRecord[]): void;
  setRating?(sessionId: string, rating: 'up' | 'down' | undefined): boolean;
}

export interface RecorderOptions {
  sink: EventSink;
  clock?: Clock;
  logger?: Logger;
  /** The capture filter of a workspace folder; undefined captures everything except `.git/`. */
  filterFor?: (workspaceFolder: string | undefined) => CaptureFilter | undefined;
  /** Where changed sessions are persisted (SessionRepository fits). */
  sessionStore?: SessionStore;
  sessions?: SessionTrackerOptions;
  edits?: EditBurstFolderOptions;
  /** @default 4096 */
  outputCapBytes?: number;
  /** The agent that edits through editor buffers here (Copilot, Cline or Roo when installed). */
  editorAgent?: AgentId;
  /** Schedule (unref'd) flush timers. Tests and benchmarks call tick() instead. @default true */
  timers?: boolean;
  /** @default 5000 */
  sessionFlushMs?: number;
  newId?: () => string;
}

export interface TerminalStart {
  terminalName: string;
  commandLine: string;
  startedAt: number;
  workspaceFolder?: string;
}

export interface TerminalWithoutShellIntegration {
  terminalId: string;
  terminalName: string;
  since: number;
}

export interface FileSaveData {
  workspaceFolder?: string;
  path: string;
  ts?: number;
  sizeBytes?: number;
  binary?: boolean;
}

export interface FilesData {
  workspaceFolder?: string;
  paths: readonly string[];
  ts?: number;
}

export interface RenamesData {
  workspaceFolder?: string;
  renames: readonly { oldPath: string; newPath: string }[];
  ts?: number;
}

export interface ExternalWriteData {
  workspaceFolder?: string;
  path: string;
  kind: 'create' | 'change' | 'delete';
  ts?: number;
  sizeBytes?: number;
  binary?: boolean;
}

export interface CommitData {
  workspaceFolder?: string;
  hash: string;
  parents: readonly string[];
  message: string;
  author?: string;
  branch?: string;
  files: readonly string[];
  diff?: string;
  ts?: number;
}

export interface RecorderStats {
  emitted: number;
  excluded: number;
  tooLarge: number;
  noBaseline: number;
  echoesIgnored: number;
}
