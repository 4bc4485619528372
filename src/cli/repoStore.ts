import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { CandidateRepository } from '../core/candidates/candidateRepository';
import { assertFolderExists, resolveRepoRoot } from '../core/learn/repoContext';
import { silentLogger } from '../core/ports';
import { readRepoConfig, type RepoConfig, type RepoConfigInput } from '../core/review/repoConfig';
import { ReviewWorkflow } from '../core/review/reviewWorkflow';
import { type EventStore } from '../core/store/eventStore';
import { openEventStore } from '../core/store/openEventStore';
import { storePaths } from '../core/store/storeFiles';
import { describeLockOwner } from '../core/store/storeLock';
import { type CliIo, parseCommandArgs } from './command';
import { defaultStorePath } from '../core/store/storeLocation';

/** The options every command that opens the store shares. */
export const STORE_OPTIONS = {
  repo: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type FlagSpecs = NonNullable<ParseArgsConfig['options']>;

/** A command's flags: the store's and its own, strictly (an unknown flag or a stray argument is a UsageError). */
export function parseStoreCommandArgs<T extends FlagSpecs>(args: string[], options: T) {
  return parseCommandArgs({ args, options: { ...STORE_OPTIONS, ...options }, strict: true });
}

/**
 * What a command does with the store. `write` commands save more than events (candidates, review
 * decisions, replay cursors, import offsets); `events` commands only append events; `read`
 * commands change nothing.
 */
export type StoreAccess = 'read' | 'events' | 'write';

/** A repository and its private store, opened the one way every CLI command opens it. */
export interface RepoStore {
  repoRoot: string;
  dbPath: string;
  store: EventStore;
  candidates: CandidateRepository;
  close(): Promise<void>;
}

/**
 * The store is owned by another process (usually the editor). Its database writes would be
 * silently dropped (a guest only journals events), so a command that must save them stops here.
 */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError';
}

/**
 * The repository a command works on: the work tree's root, or with `lenient` the folder itself
 * outside git (or without git). A path that does not exist is an error either way.
 */
export async function cliRepoRoot(
  io: CliIo,
  repo: string | undefined,
  options: { lenient?: boolean } = {},
): Promise<string> {
  const path = resolve(io.cwd, repo ?? '.');
  if (!options.lenient) return resolveRepoRoot(path);
  await assertFolderExists(path);
  return resolveRepoRoot(path).catch(() => path);
}

/** The store file for a repository: --db when given, else the per-user default. */
export function cliStorePath(io: CliIo, repoRoot: string, db: string | undefined): string {
  return db ? resolve(io.cwd, db) : defaultStorePath(repoRoot);
}

/** Whether anything was ever stored there (a read-only command then need not create the store). */
export function storeExists(dbPath: string): boolean {
  const paths = storePaths(dbPath);
  if (existsSync(paths.db) || existsSync(paths.journal)) return true;
  // An event log alone: events were recorded but never checkpointed.
  const logPrefix = `${basename(paths.db)}.events-`;
  try {
    return readdirSync(dirname(paths.db)).some((name) => name.startsWith(logPrefix));
  } catch {
    return false;
  }
}

/**
 * Opens the repository's store through the event store (lock, journals, checkpoint), so the CLI
 * and a running editor can share one store file. When the editor owns it, `read` commands see its
 * last checkpoint plus every journaled event; `write` commands fail with StoreBusyError before
 * they change anything, instead of losing their writes.
 */
export async function openRepoStore(
  io: CliIo,
  options: { repo?: string; db?: string; access: StoreAccess },
): Promise<RepoStore> {
  const repoRoot = await cliRepoRoot(io, options.repo);
  const dbPath = cliStorePath(io, repoRoot, options.db);
  const store = await openStoreAt(io, dbPath, options.access);
  return { repoRoot, dbPath, store, candidates: new CandidateRepository(store.db), close: () => store.close() };
}

/** A repository's store with the review workflow over it, configured by the command's flags. */
export interface RepoWorkflow extends RepoStore {
  config: RepoConfig;
  workflow: ReviewWorkflow;
}

/**
 * openRepoStore for writing, plus the same ReviewWorkflow the editor runs. Without a library
 * reload to follow it, an accept here syncs the mirrors itself.
 */
export async function openRepoWorkflow(
  io: CliIo,
  options: { repo?: string; db?: string; config: RepoConfigInput },
): Promise<RepoWorkflow> {
  const opened = await openRepoStore(io, { repo: options.repo, db: options.db, access: 'write' });
  const config = readRepoConfig(opened.repoRoot, options.config);
  const workflow = new ReviewWorkflow({
    store: () => opened.store,
    config: () => config,
    mirrorsOnAccept: true,
    logger: io.logger,
  });
  return { ...opened, config, workflow };
}

/** openRepoStore for a known store path. */
export async function openStoreAt(io: CliIo, dbPath: string, access: StoreAccess): Promise<EventStore> {
  const store = await openEventStore({ dbPath, logger: silentLogger });
  // The guest notice is not among the warnings: the CLI says it in its own words below.
  for (const warning of store.warnings) io.logger.warn(warning);
  if (store.mode === 'primary') return store;
  const owner = describeLockOwner(store.owner);
  if (access === 'write') {
    await store.close();
    throw new StoreBusyError(
      `the store ${dbPath} is in use by ${owner} (the editor, usually; lock file ${store.lockFile}). Candidates ` +
        `and review decisions written now would be lost, so nothing was changed. ` +
        ('Use the Skillwright commands in that window, close it and run this again, or pass --db FILE for a ' +
          'separate store.'),
    );
  }
  if (access === 'events') {
    io.stderr(
      `note: the store is in use by ${owner} (lock file ${store.lockFile}); events go to a journal segment it ` +
        `merges later, but progress markers are not saved, so a later run re-reads what this one read ` +
        `(duplicates are ignored).\n`,
    );
  } else {
    io.stderr(`note: the store is in use by ${owner} (lock file ${store.lockFile}); showing what it last saved.\n`);
  }
  return store;
}
