import type { TranscriptEvent } from '../model/events';
import { readTranscriptSource } from './readSource';
import type { OffsetStore } from './tailState';
import type { TranscriptSink } from './tailer';
import { countSkip, mergeSkips, type SkipCounts, type TranscriptSource } from './types';
import { errorMessage } from '../util/errorMessage';

export interface ImportProgress {
  done: number;
  total: number;
  source: TranscriptSource;
  events: number;
}

export interface ImportOptions {
  sources: readonly TranscriptSource[];
  sink: TranscriptSink;
  /** When given, files already read are continued from their offset and the new offsets stored. */
  offsets?: OffsetStore;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportSummary {
  files: number;
  /** Files with nothing new since the stored offset. */
  unchangedFiles: number;
  sessions: number;
  /** Transcript events handed to the sink (prompts, notes, calls, results, meta). */
  steps: number;
  toolCalls: number;
  failedToolCalls: number;
  lines: number;
  skippedLines: SkipCounts;
  byAgent: Record<string, { sessions: number; steps: number }>;
  cancelled: boolean;
}

/** One-off import of past sessions, file by file, so memory stays bounded by the largest file's events. */
export async function importTranscripts(options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    files: 0,
    unchangedFiles: 0,
    sessions: 0,
    steps: 0,
    toolCalls: 0,
    failedToolCalls: 0,
    lines: 0,
    skippedLines: {},
    byAgent: {},
    cancelled: false,
  };
  const sessions = new Map<string, Set<string>>();
  for (const [index, source] of options.sources.entries()) {
    if (options.signal?.aborted) {
      summary.cancelled = true;
      break;
    }
    const previous = options.offsets?.get(source.path);
    let delivered = 0;
    const deliver = async (events: TranscriptEvent[]): Promise<void> => {
      await options.sink.append(events);
      delivered += events.length;
      tally(summary, sessions, source, events);
    };
    let storeFailed = false;
    try {
      const outcome = await readTranscriptSource(source, previous, {
        includePartialTail: true,
        onBatch: deliver,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      summary.files++;
      summary.lines += outcome.lines;
      mergeSkips(summary.skippedLines, outcome.skipped);
      if (outcome.unchanged) summary.unchangedFiles++;
      if (outcome.events.length) await deliver(outcome.events);
      if (outcome.state && !outcome.unchanged) options.offsets?.set(source.path, outcome.state);
    } catch (error) {
      // Only the sink can throw here (the reader never does); the offset stays, so a rerun retries.
      storeFailed = true;
      countSkip(summary.skippedLines, `store-error: ${errorMessage(error)}`);
    }
    if (!storeFailed || delivered)
      options.onProgress?.({ done: index + 1, total: options.sources.length, source, events: delivered });
  }
  summary.sessions = [...sessions.values()].reduce((total, set) => total + set.size, 0);
  return summary;
}

function tally(
  summary: ImportSummary,
  sessions: Map<string, Set<string>>,
  source: TranscriptSource,
  events: TranscriptEvent[],
): void {
  const agentSessions = sessions.get(source.agent) ?? new Set<string>();
  sessions.set(source.agent, agentSessions);
  const byAgent = (summary.byAgent[source.agent] ??= { sessions: 0, steps: 0 });
  for (const event of events) {
    agentSessions.add(event.sessionId);
    summary.steps++;
    byAgent.steps++;
    if (event.step.kind === 'tool-call') summary.toolCalls++;
    if (event.step.kind === 'tool-result' && event.step.isError) summary.failedToolCalls++;
  }
  byAgent.sessions = agentSessions.size;
}
