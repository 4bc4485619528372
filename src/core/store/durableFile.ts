import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createPrivateTempFile } from '../util/privateFiles';

/**
 * Replaces a file so that after a crash it holds either the old bytes or the new ones, never a
 * mix: write a temporary file beside it, fsync it, rename it over the target, fsync the folder.
 * The file is private (0600) whatever mode the one it replaces had.
 */
export async function replaceFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    const handle = await createPrivateTempFile(temp);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Makes a rename or a new file's directory entry durable. Not supported on Windows; harmless there. */
export async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}
