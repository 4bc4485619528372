import { CandidateRepository, type StoredCandidate } from '../candidates/candidateRepository';
import {
  type DropReason,
  type LibrarySkillSummary,
  type ReconcileOptions,
  rank,
  reconcileCandidates,
} from '../candidates/reconcile';
import type { SqlDatabase } from '../store/sqlDatabase';
import type { Redacted } from '../redaction/gate';
import { redactCandidate } from '../redaction/redactCandidate';

export interface QueuedCandidates {
  /** Candidates added or refreshed, best first, as redacted as the store keeps them. */
  candidates: Redacted<StoredCandidate>[];
  added: number;
  updated: number;
  dropped: Partial<Record<DropReason, number>>;
}

/**
 * The one way fresh candidates reach the review queue, whatever distilled them (heuristics or a
 * model): dedup against each other, the library, pending and rejected candidates, cap the queue,
 * and save. Without a database nothing is saved (evaluation learns this way).
 */
export function queueCandidates(
  fresh: readonly StoredCandidate[],
  context: {
    db?: SqlDatabase;
    library?: readonly LibrarySkillSummary[];
    reconcile?: Partial<ReconcileOptions>;
    now: number;
  },
): QueuedCandidates {
  const repository = context.db ? new CandidateRepository(context.db) : undefined;
  const reconciled = reconcileCandidates(
    {
      fresh,
      library: context.library ?? [],
      pending: repository?.listPending() ?? [],
      rejected: repository?.listRejected() ?? [],
      accepted: repository?.list('accepted') ?? [],
    },
    context.reconcile,
  );
  // Candidate text enters the store here and only here, so it is redacted here, once; callers
  // print and return the same redacted copies the store keeps (or would keep, when evaluating).
  const toSave = [...reconciled.added, ...reconciled.updated].map((candidate) => redactCandidate(candidate));
  const kept = repository ? repository.saveAll(toSave, context.now) : toSave;
  const dropped: QueuedCandidates['dropped'] = {};
  for (const item of reconciled.dropped) dropped[item.reason] = (dropped[item.reason] ?? 0) + 1;
  return {
    candidates: kept.sort((a, b) => rank(b) - rank(a)),
    added: reconciled.added.length,
    updated: reconciled.updated.length,
    dropped,
  };
}
