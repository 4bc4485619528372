import { open } from 'node:fs/promises';

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
