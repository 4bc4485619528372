import { createHash } from 'node:crypto';
import type { TranscriptEvent } from '../model/events';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseClineRooTask, type ClineTaskFiles } from './clineRoo';
import { formatOf } from './formats';
import { tryParseJson } from './json';
import { failureReason, type LineParser } from './lineParser';
import { type ScanResult, scanLines } from './lineScanner';
import type { TailState } from './tailState';
import { countSkip, MAX_WHOLE_FILE_BYTES, type ParseContext, type ParseResult, type TranscriptSource } from './types';

export interface ReadOptions {
  /** Hand over a last line without a newline if it parses (one-off import of finished files). */
  includePartialTail?: boolean;
  signal?: AbortSignal;
  /**
   * Receives events in batches while a large JSONL file streams by, so memory stays flat in the
   * file's size. Without it every event is returned in `events`.
   */
  onBatch?: (events: TranscriptEvent[]) => Promise<void> | void;
}

export interface ReadOutcome extends ParseResult {
  /** The state to persist; undefined when the source could not be read at all. */
  state: TailState | undefined;
  /** Nothing changed since `previous`; no events were produced. */
  unchanged: boolean;
  /** The file was truncated or rewritten and was read again from the start. */
  restarted: boolean;
  /** JSONL lines consumed in this read (0 for whole-file sources). */
  lines: number;
  /** Events handed to onBatch during the read (not included in `events`). */
  batched: number;
}

const HEAD_BYTES = 4096;

/**
 * Reads what is new in one transcript since `previous` and never throws for bad input:
 * unreadable files, vanished files and bad lines come back as skip counts. Only an error thrown
 * by options.onBatch is passed on to the caller.
 */
export async function readTranscriptSource(
  source: TranscriptSource,
  previous: TailState | undefined,
  options: ReadOptions = {},
): Promise<ReadOutcome> {
  const outcome: ReadOutcome = {
    events: [],
    skipped: {},
    state: previous,
    unchanged: false,
    restarted: false,
    lines: 0,
    batched: 0,
  };
  try {
    const format = formatOf(source);
    if (!format) {
      countSkip(outcome.skipped, 'unsupported-format');
      return outcome;
    }
    if (format.mode === 'taskFolder') return await readTaskFolder(source, previous, outcome);
    const info = await stat(source.path);
    const context: ParseContext = {
      agent: source.agent,
      path: source.path,
      fallbackTs: info.mtimeMs,
      ...(source.workspaceFolder ? { workspaceFolder: source.workspaceFolder } : {}),
    };
    if (format.mode === 'whole') {
      if (info.size > MAX_WHOLE_FILE_BYTES) {
        countSkip(outcome.skipped, 'file-too-large');
        return outcome;
      }
      const text = await readFile(source.path, 'utf8');
      const contentHash = sha1(text);
      if (previous?.contentHash === contentHash) return { ...outcome, unchanged: true };
      outcome.state = { offset: 0, size: info.size, headHash: '', headBytes: 0, contentHash };
      if (!text.trim()) return outcome;
      const value = tryParseJson(text);
      if (value === undefined) countSkip(outcome.skipped, 'invalid-json');
      else format.parse(value, context, outcome);
      return outcome;
    }
    const head = await headHash(source.path, previous?.headBytes ?? Math.min(HEAD_BYTES, info.size));
    const rewritten = previous !== undefined && (info.size < previous.offset || head !== previous.headHash);
    if (format.mode === 'fold') {
      const fingerprint = `${info.size}:${info.mtimeMs}`;
      if (!rewritten && previous?.contentHash === fingerprint) return { ...outcome, unchanged: true };
      outcome.restarted = rewritten;
      const parser = format.create(context);
      const scan = await scanLines(
        source.path,
        (line, offset, partial) => {
          outcome.lines++;
          const reason = parser.parseLine(line, offset, outcome);
          if (reason) countSkip(outcome.skipped, partial ? 'incomplete-last-line' : reason);
        },
        { includePartialTail: true, ...(options.signal ? { signal: options.signal } : {}) },
      );
      outcome.state = { ...(await finishScan(source.path, outcome, scan, parser)), contentHash: fingerprint };
      return outcome;
    }
    const start = rewritten || !previous ? 0 : previous.offset;
    if (!rewritten && previous && info.size === previous.offset) return { ...outcome, unchanged: true };
    outcome.restarted = rewritten;
    const parser = format.create(context, rewritten ? undefined : previous?.parserState);
    const scan = await scanLines(
      source.path,
      (line, offset, partial) => {
        if (!partial) outcome.lines++;
        const reason = parser.parseLine(line, offset, outcome);
        if (reason && !partial) countSkip(outcome.skipped, reason);
      },
      {
        start,
        includePartialTail: options.includePartialTail ?? false,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onBatch ? { afterChunk: () => handOver(outcome, options.onBatch) } : {}),
      },
    );
    outcome.state = { ...(await finishScan(source.path, outcome, scan, parser)), parserState: parser.saveState() };
    return outcome;
  } catch (error) {
    if (error instanceof SinkFailure) throw error.cause;
    countSkip(outcome.skipped, errorReason(error));
    return outcome;
  }
}

/** Wraps an error of the onBatch consumer so it passes the reader's own error handling. */
class SinkFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('transcript sink failed');
  }
}

const BATCH_EVENTS = 2000;

async function handOver(outcome: ReadOutcome, onBatch: ReadOptions['onBatch']): Promise<void> {
  if (!onBatch || outcome.events.length < BATCH_EVENTS) return;
  const batch = outcome.events;
  outcome.events = [];
  outcome.batched += batch.length;
  try {
    await onBatch(batch);
  } catch (error) {
    throw new SinkFailure(error);
  }
}

/**
 * Shared by both streamed modes, which differ only in how the next read tells whether anything
 * changed: the caller adds that (and saves the parser's state only after this has finished it).
 */
async function finishScan(
  path: string,
  outcome: ReadOutcome,
  scan: ScanResult,
  parser: LineParser,
): Promise<Omit<TailState, 'contentHash' | 'parserState'>> {
  if (scan.linesTooLong) countSkip(outcome.skipped, 'line-too-long', scan.linesTooLong);
  if (scan.error) countSkip(outcome.skipped, scan.error === 'enoent' ? 'file-vanished' : scan.error);
  parser.finish(outcome);
  return { offset: scan.endOffset, size: scan.size, ...(await headState(path, scan.size)) };
}

async function readTaskFolder(
  source: TranscriptSource,
  previous: TailState | undefined,
  outcome: ReadOutcome,
): Promise<ReadOutcome> {
  const names = ['ui_messages.json', 'api_conversation_history.json', 'task_metadata.json'] as const;
  const texts = await Promise.all(names.map((name) => readOptional(join(source.path, name))));
  if (texts.every((text) => text === undefined)) {
    countSkip(outcome.skipped, 'file-vanished');
    return outcome;
  }
  const contentHash = sha1(texts.map((text) => text ?? '').join('\u0000'));
  if (previous?.contentHash === contentHash) return { ...outcome, unchanged: true };
  const files: ClineTaskFiles = {};
  const [ui, api, metadata] = texts.map((text) => {
    if (text === undefined || !text.trim()) return undefined;
    const value = tryParseJson(text);
    if (value === undefined) countSkip(outcome.skipped, 'invalid-json');
    return value;
  });
  if (ui !== undefined) files.uiMessages = ui;
  if (api !== undefined) files.apiHistory = api;
  if (metadata !== undefined) files.metadata = metadata;
  const mtime = (await stat(source.path).catch(() => undefined))?.mtimeMs ?? 0;
  const context: ParseContext = {
    agent: source.agent,
    path: source.path,
    fallbackTs: mtime,
    ...(source.workspaceFolder ? { workspaceFolder: source.workspaceFolder } : {}),
  };
  parseClineRooTask(files, context, outcome);
  outcome.state = { offset: 0, size: 0, headHash: '', headBytes: 0, contentHash };
  return outcome;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.size > MAX_WHOLE_FILE_BYTES) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function headState(path: string, size: number): Promise<{ headHash: string; headBytes: number }> {
  const headBytes = Math.min(HEAD_BYTES, size);
  return { headHash: await headHash(path, headBytes), headBytes };
}

async function headHash(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return sha1(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

function errorReason(error: unknown): string {
  if (error instanceof RangeError) return failureReason(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file-vanished';
  return code ? `read-error-${code.toLowerCase()}` : 'read-error';
}
