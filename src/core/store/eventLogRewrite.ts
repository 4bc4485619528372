import { EventLog, copyLogLines } from './eventLog';
import { loggedRefs } from './eventRows';
import type { SqlDatabase } from './sqlDatabase';

/** Above this many runs of moved lines, rows are re-pointed one by one (by rowid) instead of by range. */
const MAX_RANGE_UPDATES = 32;

export interface RewrittenLog {
  log: EventLog;
  /** Points the rows at the new log. Call it in the same synchronous step that starts using the log. */
  repoint(): void;
}

/**
 * Copies the lines that rows still point at into a new log generation at `target`. Lines that
 * retention or delete-all unlinked are left behind, so they leave the disk with the old file.
 */
export async function rewriteEventLog(
  db: SqlDatabase,
  source: EventLog,
  target: string,
  generation: number,
): Promise<RewrittenLog> {
  const refs = loggedRefs(db);
  const copy = await copyLogLines(source, refs, target);
  const log = await EventLog.open(target, generation, copy.size);
  return {
    log,
    repoint: () =>
      db.transaction(() => {
        const runs = shiftRuns(
          refs.map((ref) => ref.offset),
          refs.map((ref) => ref.length),
          copy.offsets,
        );
        if (runs.length <= MAX_RANGE_UPDATES) {
          // Lines only move towards the start, and runs are shifted in order, so ranges never collide.
          for (const run of runs)
            db.run('UPDATE events SET log_offset = log_offset - ? WHERE log_offset >= ? AND log_offset < ?', [
              run.shift,
              run.from,
              run.to,
            ]);
        } else {
          refs.forEach((ref, index) =>
            db.run('UPDATE events SET log_offset = ? WHERE seq = ?', [copy.offsets[index] ?? 0, ref.seq]),
          );
        }
      }),
  };
}

interface ShiftRun {
  from: number;
  to: number;
  shift: number;
}

/** Maximal stretches of old offsets that move by the same amount. */
function shiftRuns(
  oldOffsets: readonly number[],
  lengths: readonly number[],
  newOffsets: readonly number[],
): ShiftRun[] {
  const runs: ShiftRun[] = [];
  for (let index = 0; index < oldOffsets.length; index++) {
    const from = oldOffsets[index] ?? 0;
    const to = from + (lengths[index] ?? 0);
    const shift = from - (newOffsets[index] ?? 0);
    const last = runs[runs.length - 1];
    if (last && last.shift === shift && last.to === from) last.to = to;
    else runs.push({ from, to, shift });
  }
  return runs;
}
