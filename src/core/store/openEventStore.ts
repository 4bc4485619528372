import { unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { silentLogger, systemClock } from '../ports';
import { EventLog, ReadOnlyLog } from './eventLog';
import { type EventLogTarget, EventStore, type EventStoreOptions } from './eventStore';
import { JournalFile } from './journalFile';
import { eventLogGenerations, guestJournals, removeStaleTemps, storePaths, vetStoreFiles } from './storeFiles';
import { describeLockOwner, tryAcquireLock } from './storeLock';
import { type StoreRecovery, loadDatabase, replayEventLog, replayJournal } from './storeRecovery';
import { ensurePrivateFolder } from '../util/privateFiles';
import { vetWriteTarget } from '../util/writeTarget';

/**
 * Opens the store at options.dbPath: loads the checkpoint, replays the log and journals, takes the
 * lock. A symlinked dbPath is followed, so the lock and the other files sit beside the real file;
 * a path that is not a writable regular file (or absent) is refused before anything is written.
 */
export async function openEventStore(options: EventStoreOptions): Promise<EventStore> {
  const paths = storePaths(await vetWriteTarget(options.dbPath, { role: 'store' }));
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  await ensurePrivateFolder(dirname(paths.db));
  await vetStoreFiles(paths);
  const lock = tryAcquireLock(paths.lock, clock.now());
  const warnings: string[] = [];
  const { db, loadedBytes } = await loadDatabase(paths, options.wasmPath, clock, warnings, lock.acquired);
  const recovery: StoreRecovery = {
    replayedEvents: 0,
    abandonedCheckpoints: 0,
    skippedRecords: 0,
    mergedGuestJournals: 0,
  };
  if (lock.acquired) recovery.abandonedCheckpoints = await removeStaleTemps(paths);
  const logged = await replayEventLog(db, paths, clock, warnings, recovery);
  let ownValidLength = 0;
  const ownJournal = paths.guestJournal(process.pid);
  // Version 1's journal (kept until the first checkpoint after an upgrade), then other windows'.
  for (const journalPath of [paths.journal, ...(await guestJournals(paths))]) {
    const replay = await replayJournal(db, journalPath, clock, warnings, recovery);
    if (journalPath === ownJournal) ownValidLength = replay.validLength;
  }
  let sink: EventLogTarget;
  if (lock.acquired) {
    const log = await EventLog.open(paths.eventLog(logged.generation), logged.generation, logged.validLength);
    for (const generation of await eventLogGenerations(paths)) {
      if (generation !== log.generation) await unlink(paths.eventLog(generation)).catch(() => undefined);
    }
    sink = { kind: 'log', log };
  } else {
    const notice =
      `The store is in use by ${describeLockOwner(lock.owner)} (lock file ${paths.lock}); this window records ` +
      `into its own ` +
      ('journal segment, merged when that process closes. Changes other than recorded events are not saved from ' +
        'this window.');
    logger.warn(notice);
    const journal = await JournalFile.open(ownJournal, ownValidLength);
    sink = {
      kind: 'guest',
      journal,
      ownerLog: ReadOnlyLog.open(paths.eventLog(logged.generation)),
      owner: lock.owner,
      notice,
    };
  }
  for (const warning of warnings) logger.warn(warning);
  const release = lock.acquired ? lock.release : undefined;
  const store = new EventStore(db, sink, paths, options, logger, clock, warnings, recovery, release);
  store.noteCheckpoint(loadedBytes, logged.indexedByCheckpoint);
  return store;
}
