import { open } from 'node:fs/promises';
import { MAX_LINE_BYTES } from './types';

export interface ScanOptions {
  /** Byte offset to start at; it must be the start of a line. */
  start?: number;
  maxLineBytes?: number;
  chunkBytes?: number;
  /**
   * Also hand over a last line that has no newline yet. The returned endOffset still stops before
   * it, so a tail resumes there and re-reads the line once it is complete.
   */
  includePartialTail?: boolean;
  signal?: AbortSignal;
  /** Awaited after each chunk, so a consumer can hand over what it collected (back-pressure). */
  afterChunk?: () => Promise<void> | void;
}

export interface ScanResult {
  /** Offset just past the last complete line: where the next read resumes. */
  endOffset: number;
  /** File size seen when the scan started. */
  size: number;
  linesTooLong: number;
  /** Bytes of an incomplete last line left for the next read. */
  partialBytes: number;
  /** Set when the file could not be opened or vanished mid-read (ENOENT and friends). */
  error?: string;
}

const NEWLINE = 0x0a;

/**
 * Streams a JSONL file from an offset in fixed-size chunks and calls onLine for each complete line
 * with the byte offset it starts at. Memory stays bounded by one chunk plus the longest accepted
 * line: a line past maxLineBytes is dropped while it streams by, never buffered whole.
 */
export async function scanLines(
  path: string,
  onLine: (line: string, offset: number, partial: boolean) => void,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  let position = options.start ?? 0;
  const result: ScanResult = { endOffset: position, size: 0, linesTooLong: 0, partialBytes: 0 };
  let handle;
  // A failing consumer is not a read error: it is rethrown once the file is closed.
  let hookError: { error: unknown } | undefined;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    result.error = errorCode(error);
    return result;
  }
  try {
    result.size = (await handle.stat()).size;
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let lineStart = position;
    let skippingLongLine = false;
    for (;;) {
      if (options.signal?.aborted) break;
      const { bytesRead } = await handle.read(chunk, 0, chunkBytes, position);
      if (bytesRead === 0) break;
      let cursor = 0;
      while (cursor < bytesRead) {
        const newline = chunk.indexOf(NEWLINE, cursor);
        const end = newline === -1 || newline >= bytesRead ? -1 : newline;
        if (end === -1) {
          const rest = bytesRead - cursor;
          if (!skippingLongLine && pendingBytes + rest > maxLine) {
            skippingLongLine = true;
            pending = [];
            pendingBytes = 0;
          }
          if (!skippingLongLine) {
            pending.push(Buffer.from(chunk.subarray(cursor, bytesRead)));
            pendingBytes += rest;
          }
          break;
        }
        const pieceBytes = end - cursor;
        if (skippingLongLine || pendingBytes + pieceBytes > maxLine) {
          result.linesTooLong++;
        } else {
          const text =
            pendingBytes === 0
              ? chunk.toString('utf8', cursor, end)
              : joinPending(pending, chunk.subarray(cursor, end));
          onLine(stripCarriageReturn(text), lineStart, false);
        }
        skippingLongLine = false;
        pending = [];
        pendingBytes = 0;
        lineStart = position + end + 1;
        result.endOffset = lineStart;
        cursor = end + 1;
      }
      position += bytesRead;
      if (options.afterChunk) {
        try {
          await options.afterChunk();
        } catch (error) {
          hookError = { error };
          break;
        }
      }
    }
    result.partialBytes = position - result.endOffset;
    if (options.includePartialTail && !skippingLongLine && pendingBytes > 0) {
      onLine(stripCarriageReturn(Buffer.concat(pending).toString('utf8')), lineStart, true);
    }
  } catch (error) {
    result.error = errorCode(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (hookError) throw hookError.error;
  return result;
}

function joinPending(pending: Buffer[], last: Buffer): string {
  return Buffer.concat([...pending, last]).toString('utf8');
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? code.toLowerCase() : 'read-error';
}
