import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A lock file (created with O_EXCL) that names the process owning a store's database file.
 *
 * Why one owner and not shared writes: sql.js keeps the whole database in memory and writes it
 * back as one image, so two writers would each overwrite the other's checkpoint. The owner
 * ("primary") writes the database and the main journal. Any other process on the same store (a
 * second window on the same folder, the CLI while the editor runs) becomes a "guest": it reads
 * the last checkpoint, and appends its own events to a journal segment of its own, which the
 * primary merges once the guest has gone. Nothing is lost and no file has two writers.
 */
export interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

export type LockResult = { acquired: true; release: () => void } | { acquired: false; owner: LockOwner | undefined };

/** A crashed stealer leaves its steal marker behind; after this long it is ignored. */
const STALE_STEAL_MS = 10_000;
const FRESH_LOCK_MS = 2_000;

export function tryAcquireLock(lockPath: string, now: number = Date.now()): LockResult {
  if (createExclusive(lockPath, now)) return { acquired: true, release: () => release(lockPath) };
  const owner = readOwner(lockPath);
  if (owner && isAlive(owner)) return { acquired: false, owner };
  // An unreadable lock may be one being written this instant; only an old one is abandoned.
  if (!owner && !isStaleFile(lockPath, now, FRESH_LOCK_MS)) return { acquired: false, owner };
  // The owner is gone (SIGKILL, power loss). Stealing goes through a second exclusive file so two
  // processes that both saw the stale lock cannot both delete-and-create it.
  const stealPath = `${lockPath}.steal`;
  if (!createExclusive(stealPath, now)) {
    if (!isStaleFile(stealPath, now, STALE_STEAL_MS)) return { acquired: false, owner };
    safeUnlink(stealPath);
    if (!createExclusive(stealPath, now)) return { acquired: false, owner };
  }
  try {
    const again = readOwner(lockPath);
    if (again && isAlive(again)) return { acquired: false, owner: again };
    safeUnlink(lockPath);
    if (createExclusive(lockPath, now)) return { acquired: true, release: () => release(lockPath) };
    return { acquired: false, owner: readOwner(lockPath) };
  } finally {
    safeUnlink(stealPath);
  }
}

function createExclusive(path: string, now: number): boolean {
  try {
    const fd = openSync(path, 'wx');
    try {
      const owner: LockOwner = { pid: process.pid, host: hostname(), since: now };
      writeSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, since: Number(parsed.since ?? 0) };
  } catch {
    return undefined; // Torn or empty: its writer died before finishing, so it owns nothing.
  }
}

/** Whether a process still holds the lock. A lock from another host is assumed alive. */
export function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStaleFile(path: string, now: number, ageMs: number): boolean {
  try {
    return now - statSync(path).mtimeMs > ageMs;
  } catch {
    return true;
  }
}

function release(lockPath: string): void {
  const owner = readOwner(lockPath);
  if (owner?.pid === process.pid && owner.host === hostname()) safeUnlink(lockPath);
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
