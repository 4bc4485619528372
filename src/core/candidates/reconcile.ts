import { unifiedDiff } from '../diff/unifiedDiff';
import type { StoredCandidate } from './candidateRepository';
import { candidateFingerprint, contentWords, jaccard } from './fingerprint';

/** The little the dedup needs to know of an existing skill. */
export interface LibrarySkillSummary {
  name: string;
  description: string;
  body: string;
  /** Content hash of the skill file; an edit candidate records it as its base. */
  hash: string;
}

/** Pending candidates allowed at once unless configured (`skillwright.learn.maxPending`, `learn --max`). */
export const DEFAULT_MAX_PENDING = 12;

export interface ReconcileOptions {
  /** Pending candidates allowed at once, existing ones included. @default DEFAULT_MAX_PENDING */
  maxPending: number;
  /** A rejected idea returns only when its support is at least this many times larger… @default 2 */
  rejectedGrowthFactor: number;
  /** …and at least this much larger. @default 5 */
  rejectedGrowthMin: number;
  /** Word-set similarity above which a candidate repeats a library skill. @default 0.7 */
  librarySimilarity: number;
}

export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = {
  maxPending: DEFAULT_MAX_PENDING,
  rejectedGrowthFactor: 2,
  rejectedGrowthMin: 5,
  librarySimilarity: 0.7,
};

export type DropReason =
  'duplicate' | 'in-library' | 'covered-by-library' | 'rejected-before' | 'accepted-before' | 'over-cap';

export interface ReconcileResult {
  /** New candidates to insert. */
  added: StoredCandidate[];
  /** Pending candidates refreshed with new evidence (same id). */
  updated: StoredCandidate[];
  dropped: Array<{ candidate: StoredCandidate; reason: DropReason; detail?: string }>;
}

export interface ReconcileInput {
  fresh: readonly StoredCandidate[];
  library: readonly LibrarySkillSummary[];
  pending: readonly StoredCandidate[];
  rejected: readonly StoredCandidate[];
  /**
   * Candidates the user accepted. Their idea is decided like a rejected one: it returns (as an edit
   * of the skill) only when its support grew substantially, so accepting an edited version is not
   * answered with a proposal to undo the edit.
   */
  accepted?: readonly StoredCandidate[];
}

/**
 * Decides what a learn run adds to the review queue: merges duplicates among fresh candidates,
 * drops what the library already says, turns a changed library skill into an edit (with its
 * diff), keeps rejected ideas out unless their support grew substantially, refreshes pending
 * ones in place, and caps the queue by rank.
 */
export function reconcileCandidates(input: ReconcileInput, partial: Partial<ReconcileOptions> = {}): ReconcileResult {
  const options = { ...DEFAULT_RECONCILE_OPTIONS, ...partial };
  const result: ReconcileResult = { added: [], updated: [], dropped: [] };
  const byFingerprint = new Map<string, StoredCandidate>();
  for (const candidate of input.fresh) {
    const key = candidateFingerprint(candidate);
    const existing = byFingerprint.get(key);
    if (existing && support(existing) >= support(candidate)) result.dropped.push({ candidate, reason: 'duplicate' });
    else {
      if (existing) result.dropped.push({ candidate: existing, reason: 'duplicate' });
      byFingerprint.set(key, candidate);
    }
  }
  const rejected = new Map(input.rejected.map((candidate) => [candidateFingerprint(candidate), candidate]));
  const accepted = new Map((input.accepted ?? []).map((candidate) => [candidateFingerprint(candidate), candidate]));
  const pending = new Map(input.pending.map((candidate) => [candidateFingerprint(candidate), candidate]));
  const libraryByName = new Map(input.library.map((skill) => [skill.name, skill]));
  const libraryWords = input.library.map((skill) => ({
    skill,
    words: contentWords(`${skill.description}\n${skill.body}`),
  }));
  const survivors: StoredCandidate[] = [];
  for (const [key, original] of byFingerprint) {
    let candidate = original;
    const words = contentWords(`${candidate.description}\n${candidate.body}`);
    const sameName = libraryByName.get(candidate.name);
    if (sameName) {
      if (jaccard(words, contentWords(`${sameName.description}\n${sameName.body}`)) >= options.librarySimilarity) {
        result.dropped.push({ candidate, reason: 'in-library', detail: sameName.name });
        continue;
      }
      candidate = {
        ...candidate,
        kind: 'edit',
        baseHash: sameName.hash,
        diff: unifiedDiff(`${candidate.name}/SKILL.md`, sameName.body, candidate.body),
      };
    } else {
      const covering = libraryWords.find((entry) => jaccard(words, entry.words) >= options.librarySimilarity);
      if (covering) {
        result.dropped.push({ candidate, reason: 'covered-by-library', detail: covering.skill.name });
        continue;
      }
    }
    const before = rejected.get(key);
    if (before && !grewEnough(support(candidate), support(before), options)) {
      result.dropped.push({ candidate, reason: 'rejected-before', detail: before.rejectReason });
      continue;
    }
    const taken = accepted.get(key);
    if (taken && !grewEnough(support(candidate), support(taken), options)) {
      result.dropped.push({ candidate, reason: 'accepted-before', detail: taken.name });
      continue;
    }
    const open = pending.get(key);
    if (open) {
      result.updated.push({ ...candidate, id: open.id, createdAt: open.createdAt, status: 'pending' });
      continue;
    }
    survivors.push(candidate);
  }
  survivors.sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name));
  const free = Math.max(0, options.maxPending - input.pending.length);
  result.added.push(...survivors.slice(0, free));
  for (const candidate of survivors.slice(free)) result.dropped.push({ candidate, reason: 'over-cap' });
  return result;
}

/** Rank in the review queue: confident ideas with much support first. */
export function rank(candidate: StoredCandidate): number {
  return candidate.confidence * Math.log2(2 + support(candidate));
}

function support(candidate: StoredCandidate): number {
  return candidate.support ?? candidate.evidence.length;
}

function grewEnough(now: number, before: number, options: ReconcileOptions): boolean {
  return now >= before * options.rejectedGrowthFactor && now >= before + options.rejectedGrowthMin;
}
