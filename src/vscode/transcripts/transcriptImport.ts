import type * as vscode from 'vscode';
import { discoverTranscriptSources } from '../../core/sources/discovery';
import { importTranscripts, type ImportSummary } from '../../core/sources/importTranscripts';
import { SessionizingSink } from '../../core/sources/sessionizingSink';
import { KvOffsetStore } from '../../core/sources/tailState';
import type { RecordingRuntime } from '../runtime/recording';
import { discoveryOptionsFor } from './transcriptDiscovery';

export interface ImportContext {
  recording: RecordingRuntime;
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
}

/**
 * Imports the past sessions of the open folders into the store, with their sessions. Offsets are
 * the live watcher's, so files already followed continue where they stopped and nothing is
 * stored twice.
 */
export async function importPastSessions(
  { recording, context, log }: ImportContext,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<ImportSummary> {
  const { store, sessions } = recording;
  if (!store || !sessions) throw new Error('the store is not open (is a folder open?)');
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  try {
    progress.report({ message: 'finding transcripts…' });
    const { sources } = await discoverTranscriptSources(discoveryOptionsFor(context));
    log.info(`Import: ${sources.length} transcripts belong to the open folders.`);
    const sink = new SessionizingSink(store, sessions);
    let steps = 0;
    const summary = await importTranscripts({
      sources,
      sink,
      offsets: new KvOffsetStore(store.db),
      signal: controller.signal,
      onProgress: ({ done, total, events }) => {
        steps += events;
        progress.report({
          message: `${done}/${total} transcripts, ${steps} steps`,
          increment: 100 / Math.max(total, 1),
        });
      },
    });
    await sink.finish();
    log.info(`Import: ${describeSummary(summary)}`);
    return summary;
  } finally {
    cancel.dispose();
  }
}

export function describeSummary(summary: ImportSummary): string {
  const skipped = Object.entries(summary.skippedLines).sort(([, a], [, b]) => b - a);
  return [
    `${summary.sessions} sessions, ${summary.steps} steps (${summary.toolCalls} tool ` +
      `calls, ${summary.failedToolCalls} failed) from ${summary.files} transcripts`,
    summary.unchangedFiles ? `${summary.unchangedFiles} unchanged since the last import` : '',
    skipped.length
      ? `skipped lines: ${skipped.map(([reason, count]) => `${reason} ${count}`).join(', ')}`
      : 'no lines skipped',
    summary.cancelled ? 'cancelled before all transcripts were read' : '',
  ]
    .filter(Boolean)
    .join('; ');
}
