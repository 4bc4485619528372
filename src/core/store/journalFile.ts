import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { openPrivateFile } from '../util/privateFiles';
import { vetWriteTarget } from '../util/writeTarget';
import { syncDirectory } from './durableFile';
import { dirname } from 'node:path';

/**
 * The journal file on disk. Writes are positional at the last known-good length rather than
 * O_APPEND, so a write that failed half-way (a full disk) is overwritten by the next attempt
 * instead of leaving garbage in front of it.
 */
export class JournalFile {
  private constructor(
    private readonly handle: FileHandle,
    private length: number,
  ) {}

  /** Opens (creating if needed) and cuts anything after validLength: a torn tail from a crash. */
  static async open(path: string, validLength: number, role = 'journal'): Promise<JournalFile> {
    await vetWriteTarget(path, { role });
    const handle = await openPrivateFile(path, 'readWrite');
    try {
      const { size } = await handle.stat();
      const length = Math.min(validLength, size);
      if (size !== length) {
        await handle.truncate(length);
        await handle.sync();
      }
      if (size === 0) await syncDirectory(dirname(path));
      return new JournalFile(handle, length);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get size(): number {
    return this.length;
  }

  /** Appends and fsyncs; the bytes are durable when this resolves. */
  async append(bytes: Buffer): Promise<void> {
    try {
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written, this.length + written);
        written += bytesWritten;
      }
      await this.handle.sync();
      this.length += bytes.length;
    } catch (error) {
      // Cut the partial record now; if that fails too, the next append overwrites it anyway.
      await this.handle.truncate(this.length).catch(() => undefined);
      throw error;
    }
  }

  /** Reads bytes already written. Synchronous because event queries are; the reads are small. */
  readSync(offset: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    const read = readSync(this.handle.fd, buffer, 0, length, offset);
    return buffer.subarray(0, read);
  }

  /** Empties the journal after a checkpoint made its records redundant. */
  async clear(): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.sync();
    this.length = 0;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
