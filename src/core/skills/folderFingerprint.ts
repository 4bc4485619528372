import { createHash } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Skill folders are shallow (`<name>/SKILL.md`, `<name>/scripts/x`); deeper trees are not looked into. */
const MAX_DEPTH = 4;
/** A fingerprint must stay cheap enough to take every few seconds, whatever lands in the folder. */
const MAX_ENTRIES = 5000;

/** What a fingerprint is of a folder that does not exist (yet). */
export const ABSENT_FOLDER = 'absent';

/**
 * A cheap summary of the skills folder, from names, sizes and modification times only (no file
 * is read). File watchers lose events (an inotify watch added after a new folder already has
 * files, an overloaded watcher process); comparing fingerprints finds the change they missed.
 */
export async function skillsFolderFingerprint(folder: string): Promise<string> {
  const hash = createHash('sha256');
  let entries = 0;
  const walk = async (relative: string, depth: number): Promise<boolean> => {
    let names: string[];
    try {
      names = (await readdir(join(folder, relative))).sort();
    } catch {
      return false;
    }
    for (const name of names) {
      if (++entries > MAX_ENTRIES) return true;
      const path = relative ? `${relative}/${name}` : name;
      const stats = await lstat(join(folder, path)).catch(() => undefined);
      if (!stats) continue;
      hash.update(`${path}\t${stats.isDirectory() ? 'd' : stats.size}\t${stats.mtimeMs}\n`);
      if (stats.isDirectory() && depth < MAX_DEPTH) await walk(path, depth + 1);
    }
    return true;
  };
  const exists = await walk('', 1);
  return exists ? hash.digest('hex') : ABSENT_FOLDER;
}
