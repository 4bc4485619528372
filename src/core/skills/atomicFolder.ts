import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessRunning } from '../util/processIdentity';

export interface FolderEntry {
  /** Relative, forward slashes, no `..`. */
  path: string;
  content: string | Uint8Array;
}

export interface ReplaceOptions {
  /**
   * Asked once the existing folder has been renamed aside (path given) or found absent
   * (undefined), immediately before the new folder is renamed in: true when what it finds is the
   * folder the caller decided on. On false the old folder is renamed back and nothing changes.
   * The check runs while `target` does not exist, so a writer going through the path (git's
   * checkout unlinks and re-creates files) cannot slip a change in after it: its writes fail or
   * make a new folder that the rename-in then refuses to replace. Only a writer that already holds
   * a file open in the old folder can still change it unseen after the check; that is the smallest
   * window rename-based replacement allows.
   */
  stillAsLoaded?: (aside: string | undefined) => Promise<boolean>;
}

const TEMP_MARK = '.skillwright-tmp-';
const OLD_MARK = '.skillwright-old-';
/** A write takes milliseconds; a hidden folder this old is a leftover even if its PID was reused. */
const IN_FLIGHT_MS = 10 * 60 * 1000;

/** `<pid>-<random>`: the PID lets recovery tell another process's write in progress from a crash's leftover. */
function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Replaces (or creates) `target` so that readers see either the old folder or the new one, never
 * a half-written SKILL.md. The new folder is built in a hidden temp sibling and fsynced; an
 * existing folder is renamed aside, the new one renamed in, and the old one removed. Files of the
 * existing folder that `entries` do not replace (scripts/, references/ …) are carried over when
 * `keepExisting` is set. Returns false, leaving `target` as it was, when `options.stillAsLoaded`
 * says the folder changed while the new one was being built.
 */
export async function replaceFolderAtomically(
  target: string,
  entries: readonly FolderEntry[],
  keepExisting: boolean,
  options: ReplaceOptions = {},
): Promise<boolean> {
  const parent = dirname(target);
  const name = basename(target);
  const suffix = uniqueSuffix();
  const temp = join(parent, `.${name}${TEMP_MARK}${suffix}`);
  const old = join(parent, `.${name}${OLD_MARK}${suffix}`);
  await mkdir(parent, { recursive: true });
  try {
    await mkdir(temp);
    const written = new Set(entries.map((entry) => entry.path));
    if (keepExisting && (await isDirectory(target))) await copyTree(target, temp, '', written);
    for (const entry of entries) {
      assertSafeRelative(entry.path);
      const file = join(temp, ...entry.path.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeDurably(file, entry.content);
    }
    await fsyncDir(temp);
    const movedAside = await rename(target, old).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    if (movedAside) {
      if (options.stillAsLoaded && !(await options.stillAsLoaded(old))) {
        await rename(old, target);
        return false;
      }
      try {
        await rename(temp, target);
      } catch (error) {
        await rename(old, target);
        throw error;
      }
      await fsyncDir(parent);
      await rm(old, { recursive: true, force: true });
    } else {
      if (options.stillAsLoaded && !(await options.stillAsLoaded(undefined))) return false;
      await rename(temp, target);
      await fsyncDir(parent);
    }
    return true;
  } finally {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Removes a folder so it vanishes at once: rename aside first, then delete at leisure. */
export async function removeFolderAtomically(target: string): Promise<boolean> {
  if (!(await exists(target))) return false;
  const aside = join(dirname(target), `.${basename(target)}${OLD_MARK}${uniqueSuffix()}`);
  await rename(target, aside);
  await rm(aside, { recursive: true, force: true });
  return true;
}

/**
 * After a crash between "rename old aside" and "rename new in", the skill folder is missing and
 * its old copy sits hidden beside it: put it back. Temp folders a killed write left are removed.
 * Another live process's write in progress (its PID in the name, recent) is left alone.
 */
export async function recoverInterruptedWrites(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const entry of names) {
    const oldAt = entry.indexOf(OLD_MARK);
    if (!entry.startsWith('.') || (!entry.includes(TEMP_MARK) && oldAt <= 0)) continue;
    if (await inFlight(join(folder, entry))) continue;
    if (entry.includes(TEMP_MARK))
      await rm(join(folder, entry), { recursive: true, force: true }).catch(() => undefined);
    else {
      const original = join(folder, entry.slice(1, oldAt));
      if (await exists(original))
        await rm(join(folder, entry), { recursive: true, force: true }).catch(() => undefined);
      else await rename(join(folder, entry), original).catch(() => undefined);
    }
  }
}

async function inFlight(path: string): Promise<boolean> {
  const match = /-(\d+)-[0-9a-f]+$/.exec(path);
  if (!match) return false; // Written before names carried a PID: only a crash leaves those.
  const pid = Number(match[1]);
  // ctime, not mtime: renaming a folder aside changes its ctime, and an old copy's mtime may be days old.
  const age = await stat(path).then(
    (info) => Date.now() - info.ctimeMs,
    () => Number.POSITIVE_INFINITY,
  );
  return age < IN_FLIGHT_MS && isProcessRunning(pid);
}

async function copyTree(from: string, to: string, relative: string, skip: ReadonlySet<string>): Promise<void> {
  const entries = await readdir(join(from, relative), { withFileTypes: true });
  for (const entry of entries) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (skip.has(path)) continue;
    if (entry.isDirectory()) {
      await mkdir(join(to, path), { recursive: true });
      await copyTree(from, to, path, skip);
    } else if (entry.isFile()) {
      await copyFile(join(from, path), join(to, path));
      await fsyncFile(join(to, path));
    }
    // Symlinks are not carried over: a skill folder must not point elsewhere on disk.
  }
}

async function writeDurably(file: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Directory fsync makes the rename durable on POSIX; Windows refuses it, which is fine there. */
async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported on this platform.
  }
}

function assertSafeRelative(path: string): void {
  if (
    path === '' ||
    path.startsWith('/') ||
    path.split('/').some((part) => part === '..' || part === '' || part === '.') ||
    /^[A-Za-z]:/.test(path)
  ) {
    throw new Error(`unsafe path in skill folder: ${path}`);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
