import type { TranscriptEvent } from '../model/events';
import type { Logger } from '../ports';
import { readTranscriptSource } from './readSource';
import type { OffsetStore } from './tailState';
import { mergeSkips, type SkipCounts, type TranscriptSource } from './types';
import { errorMessage } from '../util/errorMessage';

export interface TranscriptSink {
  append(events: TranscriptEvent[]): void | Promise<void>;
}

export interface TailPollResult {
  events: number;
  skipped: SkipCounts;
  restarted: boolean;
}

/**
 * Follows transcripts as agents write them. The host calls poll(source) when a watcher reports
 * a change (and once at start); each poll reads only what is new since the stored offset, hands
 * the events to the sink and then stores the new offset, so a crash re-reads rather than loses.
 * Polls of one path are serialised and coalesced. Whole-file and folded sources re-emit their
 * full state on every change; ids already sent in this process are filtered out here, and the
 * store's de-duplication covers the rest (after a restart or a rewrite).
 */
export class TranscriptTailer {
  private readonly running = new Map<string, Promise<TailPollResult>>();
  private readonly again = new Set<string>();
  private readonly sent = new Map<string, Set<string>>();

  constructor(
    private readonly offsets: OffsetStore,
    private readonly sink: TranscriptSink,
    private readonly logger?: Logger,
  ) {}

  poll(source: TranscriptSource, signal?: AbortSignal): Promise<TailPollResult> {
    const active = this.running.get(source.path);
    if (active) {
      this.again.add(source.path);
      return active;
    }
    const run = (async (): Promise<TailPollResult> => {
      const total: TailPollResult = { events: 0, skipped: {}, restarted: false };
      do {
        this.again.delete(source.path);
        const result = await this.readOnce(source, signal);
        total.events += result.events;
        total.restarted ||= result.restarted;
        mergeSkips(total.skipped, result.skipped);
      } while (this.again.has(source.path) && !signal?.aborted);
      return total;
    })().finally(() => this.running.delete(source.path));
    this.running.set(source.path, run);
    return run;
  }

  /** Drops what is remembered about a path (the file was deleted, or the agent was turned off). */
  forget(path: string): void {
    this.sent.delete(path);
  }

  private async readOnce(source: TranscriptSource, signal?: AbortSignal): Promise<TailPollResult> {
    const previous = this.offsets.get(source.path);
    let batched = 0;
    let outcome;
    try {
      // Batches only come from append-only JSONL; a backlog of a large file streams to the sink.
      outcome = await readTranscriptSource(source, previous, {
        ...(signal ? { signal } : {}),
        onBatch: async (batch) => {
          await this.sink.append(batch);
          batched += batch.length;
        },
      });
    } catch (error) {
      this.logger?.warn(`could not store transcript events from ${source.path}: ${errorMessage(error)}`);
      return { events: batched, skipped: {}, restarted: false };
    }
    if (outcome.unchanged || !outcome.state) return { events: 0, skipped: outcome.skipped, restarted: false };
    let events = outcome.events;
    if (source.kind === 'taskFolder' || outcome.state.contentHash !== undefined) {
      const sent = this.sent.get(source.path) ?? new Set<string>();
      this.sent.set(source.path, sent);
      events = events.filter((event) => !sent.has(event.id));
      for (const event of events) sent.add(event.id);
    }
    if (events.length) {
      try {
        await this.sink.append(events);
      } catch (error) {
        // The offset is not advanced, so the next poll delivers these events again.
        this.logger?.warn(`could not store transcript events from ${source.path}: ${errorMessage(error)}`);
        this.sent.delete(source.path);
        return { events: 0, skipped: outcome.skipped, restarted: outcome.restarted };
      }
    }
    this.offsets.set(source.path, outcome.state);
    if (outcome.restarted) this.logger?.info(`transcript ${source.path} was rewritten; re-read from the start`);
    return { events: batched + events.length, skipped: outcome.skipped, restarted: outcome.restarted };
  }
}
