import { closeSync, constants, fstatSync, openSync, readSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { PRIVATE_FILE_MODE } from '../util/privateFiles';
import { isProcessRunning, processStartedAt, processStartToken } from '../util/processIdentity';

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
  /** Which run of that PID (see processStartToken); absent in locks of older versions and off Linux. */
  started?: string;
}

/** The owner as messages name it: `process 1234`, or `another process` when the lock names no one readable. */
export function describeLockOwner(owner: LockOwner | undefined): string {
  return owner ? `process ${owner.pid}` : 'another process';
}

export type LockResult = { acquired: true; release: () => void } | { acquired: false; owner: LockOwner | undefined };

/** A crashed stealer leaves its steal marker behind; after this long it is ignored. */
const STALE_STEAL_MS = 10_000;
const FRESH_LOCK_MS = 2_000;
/** A lock's `since` and /proc's start time are both wall-clock readings, a second or so apart at most. */
const REUSE_SLACK_MS = 5_000;

export function tryAcquireLock(lockPath: string, now: number = Date.now()): LockResult {
  if (createExclusive(lockPath, now)) return { acquired: true, release: () => release(lockPath) };
  const owner = readOwner(lockPath);
  if (owner && isAlive(owner)) return { acquired: false, owner };
  if (!owner && isTorn(lockPath) && !isStaleFile(lockPath, FRESH_LOCK_MS)) return { acquired: false, owner };
  // The owner is gone (SIGKILL, power loss). Stealing goes through a second exclusive file so two
  // processes that both saw the stale lock cannot both delete-and-create it.
  const stealPath = `${lockPath}.steal`;
  if (!createExclusive(stealPath, now)) {
    if (!isStaleFile(stealPath, STALE_STEAL_MS)) return { acquired: false, owner };
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
    const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
    try {
      const started = processStartToken(process.pid);
      const owner: LockOwner = { pid: process.pid, host: hostname(), since: now, ...(started ? { started } : {}) };
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

/** The lock's owner; undefined for a lock that holds no valid owner (see isTorn for why that matters). */
function readOwner(path: string): LockOwner | undefined {
  const parsed = parseLock(path);
  if (!parsed || !Number.isSafeInteger(parsed.pid) || (parsed.pid ?? 0) <= 0 || typeof parsed.host !== 'string')
    return undefined;
  const owner: LockOwner = { pid: parsed.pid as number, host: parsed.host, since: Number(parsed.since ?? 0) };
  if (typeof parsed.started === 'string') owner.started = parsed.started;
  return owner;
}

/**
 * Not JSON (empty, cut short): possibly being written this instant, so only an old one is
 * abandoned. JSON without a valid owner (a PID of 0 or -1, which signal whole process groups) is
 * garbage at any age.
 */
function isTorn(path: string): boolean {
  return parseLock(path) === undefined;
}

function parseLock(path: string): Partial<LockOwner> | undefined {
  try {
    const parsed = JSON.parse(readSmallFile(path)) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<LockOwner>) : {};
  } catch {
    return undefined;
  }
}

/** Never blocks: a FIFO or device planted at the lock's name reads as garbage, not as a hang. */
function readSmallFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) return '';
    const buffer = Buffer.alloc(4096);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a process still holds the lock. A lock from another host is assumed alive (its PIDs
 * mean nothing here). A live PID is checked against the start of the run that wrote the lock, so
 * a number reused by an unrelated process does not keep the store locked forever.
 */
export function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return owner.started === undefined || owner.started === processStartToken(process.pid);
  if (!isProcessRunning(owner.pid)) return false;
  const token = processStartToken(owner.pid);
  if (owner.started !== undefined && token !== undefined) return token === owner.started;
  const startedAt = processStartedAt(owner.pid);
  return !(startedAt !== undefined && owner.since > 0 && startedAt > owner.since + REUSE_SLACK_MS);
}

/** By the wall clock, as the file system keeps it; a time in the future is a clock that jumped, not a fresh lock. */
function isStaleFile(path: string, ageMs: number): boolean {
  try {
    const age = Date.now() - statSync(path).mtimeMs;
    return age > ageMs || age < -ageMs;
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
