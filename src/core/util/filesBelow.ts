import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files below a folder, at most `limit`, skipping `.git` and `node_modules`. File watchers
 * report a newly created folder once and drop the events of the files created inside it, so
 * callers list the folder themselves. Never throws: a folder that is gone gives no files.
 */
export async function filesBelow(
  folder: string,
  options: { limit: number; keep?: (name: string) => boolean },
): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries
      .filter(
        (entry) =>
          entry.isFile() &&
          !/(^|[\\/])(\.git|node_modules)([\\/]|$)/.test(entry.parentPath) &&
          (options.keep?.(entry.name) ?? true),
      )
      .slice(0, options.limit)
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}
