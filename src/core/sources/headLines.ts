import { open } from 'node:fs/promises';
import { scanLines } from './lineScanner';

/**
 * The complete lines among a file's first `maxBytes` bytes. Discovery only needs a transcript's
 * header (cwd, project hash), never the whole file.
 */
export async function readHeadLines(path: string, maxBytes = 256 * 1024): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    const text = buffer.toString('utf8', 0, bytesRead);
    const lines = text.split('\n');
    if (bytesRead === maxBytes) lines.pop();
    return lines.filter((line) => line.trim());
  } catch {
    return [];
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export async function readHeadText(path: string, maxBytes = 256 * 1024): Promise<string> {
  return (await readHeadLines(path, maxBytes)).join('\n');
}

/** How far into a file the first records are looked for: past a pasted blob, not through a whole huge file. */
const RECORD_SCAN_BYTES = 128 * 1024 * 1024;
const RECORD_SCAN_CHUNK = 64 * 1024;

/**
 * The first `count` lines of a JSONL file that are at most `maxLineBytes` long. Longer lines are
 * stepped over as they stream by, so a transcript whose first line is a 50 MB paste is still
 * recognised by the lines after it. At most the first RECORD_SCAN_BYTES are read.
 */
export async function readFirstRecords(path: string, count = 20, maxLineBytes = 512 * 1024): Promise<string[]> {
  const lines: string[] = [];
  const enough = new AbortController();
  let scanned = 0;
  await scanLines(
    path,
    (line) => {
      if (lines.length < count && line.trim()) lines.push(line);
    },
    {
      maxLineBytes,
      chunkBytes: RECORD_SCAN_CHUNK,
      includePartialTail: true,
      signal: enough.signal,
      afterChunk: () => {
        scanned += RECORD_SCAN_CHUNK;
        if (lines.length >= count || scanned >= RECORD_SCAN_BYTES) enough.abort();
      },
    },
  );
  return lines;
}
