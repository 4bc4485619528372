import { type ReconcileOptions, type LibrarySkillSummary, rank, type DropReason } from '../candidates/reconcile';
import type { StoredCandidate } from '../candidates/candidateRepository';
import type { Redacted } from '../redaction/gate';
import type { CommitFilterOptions } from '../history/commitFilters';
import { type PresentHistory, type PresentHistoryStats, readPresentHistory } from '../history/presentHistory';
import type { SplitPoint } from '../history/splitPoint';
import type { RecordedEvent } from '../model/events';
import { type Logger, type Progress, silentLogger } from '../ports';
import type { SqlDatabase } from '../store/sqlDatabase';
import { distillAll, type DistillOptions, type DistillReport } from './distillAll';
import { keepPresentTense } from './presentTense';
import { type CodeInputs, NO_CODE_INPUTS, readCodeInputs } from './codeInputs';
import { queueCandidates } from './queueCandidates';
import { readTreeInputs } from './treeInputs';

export interface LearnOptions {
  filters?: Partial<CommitFilterOptions>;
  distill?: DistillOptions;
  reconcile?: Partial<ReconcileOptions>;
  /** Read at most this many commits before the split (newest first). */
  maxCommits?: number;
  /** Commits per halving of a commit's weight. @default DEFAULT_HALF_LIFE_COMMITS */
  halfLife?: number;
  /** Clock for candidate ids and timestamps. */
  now?: number;
}

export interface LearnRequest {
  /** Repository root (any folder inside a work tree works). */
  repo: string;
  /** Strict split: a rev or a date; see SplitPoint. */
  until?: string;
  /** Where candidates are stored; without it nothing is saved (evaluation learns this way). */
  db?: SqlDatabase;
  /** The history up to `until`, when the caller has already read it (evaluation reads it once). */
  history?: PresentHistory;
  /** Recorded events (any order); those after the split are ignored. */
  events?: readonly RecordedEvent[];
  library?: readonly LibrarySkillSummary[];
  options?: LearnOptions;
  progress?: Progress;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface LearnStats {
  split: SplitPoint;
  history: PresentHistoryStats;
  halfLife: number;
  treeFiles: number;
  eventsUsed: number;
  /** Candidates each distiller produced before dedup. */
  produced: Record<string, number>;
  /** Distillers that failed (their error is logged; the others still ran). */
  failed: Record<string, string>;
  /** Candidates dropped for naming files that no longer exist. */
  stale: number;
  /** Candidates whose paths were rewritten to today's names. */
  renamed: number;
  added: number;
  updated: number;
  dropped: Partial<Record<DropReason, number>>;
  durationMs: number;
}

export interface LearnResult {
  /** Candidates added or refreshed by this run, best first. */
  candidates: Redacted<StoredCandidate>[];
  /** Every distilled candidate before dedup, best first (evaluation treats these as the library). */
  distilled: StoredCandidate[];
  /** The diffs and helper uses the code distillers read (evaluation measures recipes on them). */
  code: CodeInputs;
  stats: LearnStats;
}

/** Mines history and events, runs every heuristic distiller, dedups, and saves. Cancellable. */
export async function runLearn(request: LearnRequest): Promise<LearnResult> {
  const started = Date.now();
  const logger = request.logger ?? silentLogger;
  const signal = request.signal ?? request.progress?.signal;
  const options = request.options ?? {};
  const now = options.now ?? Date.now();
  const report = (message: string, increment?: number): void => request.progress?.report(message, increment);

  report('Reading git history', 0);
  const history =
    request.history ??
    (await readPresentHistory({
      repo: request.repo,
      until: request.until,
      filters: options.filters,
      maxCommits: options.maxCommits,
      halfLife: options.halfLife,
      signal,
      onProgress: (count) => report(`Reading git history: ${count} commits`),
    }));
  report(`Read ${history.stats.total} commits`, 50);
  signal?.throwIfAborted();

  const files = history.split.rev
    ? history.tree.filter((file) => history.classifier.pathKind(file) === 'ok' || file === 'package.json')
    : [];
  // Independent git reads: the files commands and conventions come from, and the recent diffs.
  const [{ contents, excerpts }, code] = await Promise.all([
    readTreeInputs(request.repo, history.split.rev, files),
    options.distill?.recipes === false && options.distill.apiReuse === false
      ? NO_CODE_INPUTS
      : readCodeInputs(request.repo, history, { signal }),
  ]);
  report('Reading the tree and recent changes', 15);
  signal?.throwIfAborted();

  const events = (request.events ?? []).filter((event) => event.ts <= history.split.time);
  const distilled: DistillReport = distillAll(
    { commits: history.commits, halfLife: history.halfLife, files, contents, excerpts, events, code },
    options.distill,
    now,
    logger,
  );
  const present = keepPresentTense(distilled.candidates, history.lineage, history.tree);
  report('Distilling', 30);
  signal?.throwIfAborted();

  const queued = queueCandidates(present.candidates, {
    db: request.db,
    library: request.library,
    reconcile: options.reconcile,
    now,
  });
  report('Saved candidates', 10);
  return {
    candidates: queued.candidates,
    distilled: [...present.candidates].sort((a, b) => rank(b) - rank(a)),
    code,
    stats: {
      split: history.split,
      history: history.stats,
      halfLife: history.halfLife,
      treeFiles: files.length,
      eventsUsed: events.length,
      produced: distilled.produced,
      failed: distilled.failed,
      stale: present.dropped,
      renamed: present.rewritten,
      added: queued.added,
      updated: queued.updated,
      dropped: queued.dropped,
      durationMs: Date.now() - started,
    },
  };
}
