import type { AgentId } from '../model/agents';
import type { TranscriptEvent } from '../model/events';

/** Why lines or files were left out, with how many of each. Never thrown, always reported. */
export type SkipCounts = Record<string, number>;

export interface ParseResult {
  events: TranscriptEvent[];
  skipped: SkipCounts;
}

/** How a source is read: line by line from an offset, or re-parsed whole when it changes. */
export type SourceKind = 'file' | 'taskFolder';

/** One transcript on disk that belongs to an open workspace folder. */
export interface TranscriptSource {
  agent: AgentId;
  /** A JSONL/JSON file, or a Cline/Roo task folder. */
  path: string;
  kind: SourceKind;
  /** The workspace folder the transcript's recorded cwd matched, when known. */
  workspaceFolder?: string;
}

/** What every parser needs to know about the file it reads. */
export interface ParseContext {
  agent: AgentId;
  path: string;
  workspaceFolder?: string;
  /** Used for lines that carry no timestamp of their own (file mtime, in epoch ms). */
  fallbackTs: number;
}

export function countSkip(skipped: SkipCounts, reason: string, count = 1): void {
  skipped[reason] = (skipped[reason] ?? 0) + count;
}

export function mergeSkips(into: SkipCounts, from: SkipCounts): void {
  for (const [reason, count] of Object.entries(from)) countSkip(into, reason, count);
}

/** Lines longer than this are skipped without being parsed, so a pasted blob cannot OOM the host. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;
/** Whole-JSON transcripts (Copilot v3, Gemini legacy, Cline) larger than this are skipped. */
export const MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;
