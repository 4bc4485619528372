import { readFileSync } from 'node:fs';

/**
 * Telling one run of a process from a later process that got the same PID. A lock names its
 * owner by PID, and PIDs are reused: after a crash (or a reboot) a long-lived unrelated process can
 * hold the dead owner's number, and a lock checked by PID alone would then block forever.
 *
 * On Linux a process's start time (clock ticks since boot, field 22 of /proc/<pid>/stat) together
 * with the boot id names it uniquely. Elsewhere nothing is known and callers fall back to the PID.
 */
/** Whether a process with this PID exists now (one of another user counts: it answers EPERM). */
export function isProcessRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function processStartToken(pid: number): string | undefined {
  const ticks = startTicks(pid);
  const boot = bootId();
  return ticks === undefined || boot === undefined ? undefined : `${boot}:${ticks}`;
}

/**
 * When the process started, in epoch ms (Linux; within a second or so). For locks written by older
 * versions, which carry no start token: a process that started after the lock was written is not
 * the one that wrote it.
 */
export function processStartedAt(pid: number): number | undefined {
  const ticks = startTicks(pid);
  const bootSeconds = bootTimeSeconds();
  if (ticks === undefined || bootSeconds === undefined) return undefined;
  // USER_HZ is 100 on every architecture Node runs on; /proc reports ticks in it.
  return bootSeconds * 1000 + ticks * 10;
}

function startTicks(pid: number): number | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isSafeInteger(ticks) ? ticks : undefined;
}

let cachedBootId: string | undefined;

function bootId(): string | undefined {
  cachedBootId ??= readProc('/proc/sys/kernel/random/boot_id')?.trim();
  return cachedBootId;
}

function bootTimeSeconds(): number | undefined {
  const match = /^btime (\d+)$/m.exec(readProc('/proc/stat') ?? '');
  return match ? Number(match[1]) : undefined;
}

function readProc(path: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
