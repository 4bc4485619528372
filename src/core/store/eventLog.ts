import { closeSync, openSync, readSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './durableFile';
import { JournalFile } from './journalFile';
import { createPrivateTempFile } from '../util/privateFiles';

/** Where one event's journal line sits in the event log. */
export interface LogRef {
  offset: number;
  length: number;
}

/** Reads written bytes of an event log by position. */
export interface LogReader {
  readSync(offset: number, length: number): Buffer;
}

/**
 * The event log: the journal kept after checkpoints, so that an event's JSON lives here and the
 * database holds only its indexed columns and its LogRef. That keeps the sql.js image, which
 * lives wholly in memory and is rewritten by every checkpoint, a fraction of the data's size.
 *
 * A log is replaced, never edited in place (compaction and delete-all write generation n+1), so
 * a checkpoint image names the one generation its refs point into.
 */
export class EventLog implements LogReader {
  private reservedEnd: number;

  private constructor(
    readonly generation: number,
    readonly path: string,
    private readonly file: JournalFile,
  ) {
    this.reservedEnd = file.size;
  }

  /** Opens generation `generation` at `path`, cutting anything after validLength (a torn tail). */
  static async open(path: string, generation: number, validLength: number): Promise<EventLog> {
    return new EventLog(generation, path, await JournalFile.open(path, validLength, 'event log'));
  }

  /** Bytes written and fsynced. */
  get size(): number {
    return this.file.size;
  }

  /**
   * Claims the next `length` bytes for a line that will be appended later, so the event's row can
   * be inserted (and queried) before the line is durable. Appends must follow reservation order.
   */
  reserve(length: number): number {
    const offset = this.reservedEnd;
    this.reservedEnd += length;
    return offset;
  }

  async append(bytes: Buffer): Promise<void> {
    await this.file.append(bytes);
  }

  readSync(offset: number, length: number): Buffer {
    return this.file.readSync(offset, length);
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Read-only access to another process's event log (a guest window reads the owner's). */
export class ReadOnlyLog implements LogReader {
  private constructor(private readonly fd: number) {}

  static open(path: string): ReadOnlyLog | undefined {
    try {
      return new ReadOnlyLog(openSync(path, 'r'));
    } catch {
      return undefined;
    }
  }

  readSync(offset: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    return buffer.subarray(0, readSync(this.fd, buffer, 0, length, offset));
  }

  close(): void {
    closeSync(this.fd);
  }
}

const COPY_CHUNK = 1024 * 1024;

/**
 * Writes the lines at `refs` (sorted by offset) from `source` into a new file at `target`: a
 * temporary sibling, fsynced, then renamed, so a file with the target's name is always whole.
 * Returns each line's new offset and the new file's size.
 */
export async function copyLogLines(
  source: LogReader,
  refs: readonly LogRef[],
  target: string,
): Promise<{ offsets: number[]; size: number }> {
  const temp = `${target}.tmp`;
  const offsets: number[] = [];
  let size = 0;
  const handle = await createPrivateTempFile(temp);
  try {
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    for (let index = 0; index < refs.length;) {
      // Neighbouring lines are read in one call: after retention most survivors are contiguous.
      const first = refs[index] as LogRef;
      let end = first.offset + first.length;
      let last = index + 1;
      while (last < refs.length && (refs[last] as LogRef).offset === end && end - first.offset < COPY_CHUNK) {
        end += (refs[last] as LogRef).length;
        last++;
      }
      const bytes = source.readSync(first.offset, end - first.offset);
      if (bytes.length !== end - first.offset) throw new Error(`event log ends before offset ${end}`);
      for (let at = index; at < last; at++) {
        offsets.push(size);
        size += (refs[at] as LogRef).length;
      }
      chunk.push(bytes);
      chunkBytes += bytes.length;
      if (chunkBytes >= COPY_CHUNK) {
        await handle.write(Buffer.concat(chunk));
        chunk = [];
        chunkBytes = 0;
      }
      index = last;
    }
    if (chunkBytes > 0) await handle.write(Buffer.concat(chunk));
    await handle.sync();
    await handle.close();
    await rename(temp, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
  return { offsets, size };
}

const READ_GAP = 16 * 1024;

/**
 * Reads lines by ref, in the order asked. Lines close together in the file are read in one call,
 * since a session's or a time range's events were mostly written together.
 */
export function readLogLines(reader: LogReader, refs: readonly LogRef[]): (string | undefined)[] {
  const lines: (string | undefined)[] = new Array<string | undefined>(refs.length);
  const order = refs.map((_, index) => index).sort((a, b) => (refs[a] as LogRef).offset - (refs[b] as LogRef).offset);
  for (let start = 0; start < order.length;) {
    const first = refs[order[start] as number] as LogRef;
    let end = first.offset + first.length;
    let stop = start + 1;
    for (; stop < order.length; stop++) {
      const next = refs[order[stop] as number] as LogRef;
      if (next.offset - end > READ_GAP || next.offset + next.length - first.offset > COPY_CHUNK) break;
      end = Math.max(end, next.offset + next.length);
    }
    const bytes = reader.readSync(first.offset, end - first.offset);
    for (let at = start; at < stop; at++) {
      const index = order[at] as number;
      const ref = refs[index] as LogRef;
      const from = ref.offset - first.offset;
      if (from + ref.length <= bytes.length) lines[index] = bytes.toString('utf8', from, from + ref.length);
    }
    start = stop;
  }
  return lines;
}
