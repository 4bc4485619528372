import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, unlink } from 'node:fs/promises';

/**
 * Files that hold a user's recordings (the store and its log, journals and lock, the gap inbox,
 * exports) are readable by that user alone: 0600, in folders created 0700. A folder that already
 * exists keeps its mode, because it may be shared (`/tmp`, a home folder) and is not ours to change.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/** O_NONBLOCK makes opening a FIFO swapped in after the path was vetted fail instead of hang. */
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const FLAGS = {
  write: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NONBLOCK,
  append: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | NONBLOCK,
  readWrite: constants.O_RDWR | constants.O_CREAT | NONBLOCK,
} as const;

export async function ensurePrivateFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/**
 * Opens a file the caller has vetted (see vetWriteTarget), creating it 0600. An existing file
 * readable by others (written by an older version, or an export target) is narrowed to 0600.
 */
export async function openPrivateFile(path: string, mode: keyof typeof FLAGS): Promise<FileHandle> {
  const handle = await open(path, FLAGS[mode], PRIVATE_FILE_MODE);
  try {
    const { mode: current } = await handle.stat();
    if ((current & 0o077) !== 0) await handle.chmod(PRIVATE_FILE_MODE).catch(() => undefined);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * A new private file for a write-then-rename: whatever a crashed run left at that name is removed
 * first, and O_EXCL then refuses anything (a link, a FIFO) that appears there in between.
 */
export async function createPrivateTempFile(path: string): Promise<FileHandle> {
  await unlink(path).catch(() => undefined);
  return open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
}
