import { tokenize } from '../matching/tokenize';
import type { GapDraft } from './gapTypes';

/**
 * Words every task uses ("fix the failing test", "add a new …") would glue unrelated gaps
 * together; clustering looks only at what the task is about.
 */
const GENERIC_TERMS = new Set(
  [
    'add',
    'fix',
    'write',
    'create',
    'update',
    'change',
    'run',
    'make',
    'new',
    'use',
    'test',
    'tests',
    'fail',
    'failing',
    'failed',
    'error',
    'errors',
    'bug',
    'work',
    'working',
    'issue',
    'problem',
    'broke',
    'broken',
    'code',
    'file',
    'files',
    'function',
    'help',
    'try',
    'again',
    'still',
    'doesn',
    'don',
    'won',
    'isn',
    'find',
    'look',
    'check',
    'repo',
    'project',
    'support',
    'implement',
    'remove',
    'delete',
    'rename',
    'move',
    'refactor',
    'clean',
    'set',
    'setup',
    'local',
    'locally',
  ].flatMap((word) => tokenize(word)),
);

/** The content terms of a text, as clustering compares them. */
export function contentTerms(text: string): string[] {
  return [...new Set(tokenize(text).filter((term) => !GENERIC_TERMS.has(term) && term.length >= 2))];
}

/** Overlap coefficient of two term sets: shared terms over the smaller set's size. */
export function termOverlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [small, large] = a.length <= b.length ? [a, new Set(b)] : [b, new Set(a)];
  let shared = 0;
  for (const term of small) if (large.has(term)) shared++;
  return shared / small.length;
}

/** Default similarity at which two gaps are the same gap. */
export const GAP_SIMILARITY = 0.25;

/**
 * How alike two gaps are, 0–1: the same failing command or area is the same gap; text gaps
 * compare by single linkage over their samples, so a cluster grows by chaining similar tasks.
 */
export function gapSimilarity(a: Pick<GapDraft, 'kind' | 'samples' | 'scope' | 'errorSignature'>, b: typeof a): number {
  if (a.errorSignature || b.errorSignature) return a.errorSignature === b.errorSignature ? 1 : 0;
  if (a.kind === 'failing-area' || b.kind === 'failing-area') {
    if (a.scope.some((glob) => b.scope.includes(glob))) return 1;
    if (a.kind === b.kind) return 0;
  }
  let best = 0;
  for (const left of a.samples) for (const right of b.samples) best = Math.max(best, termOverlap(left, right));
  return best;
}

/** Merges drafts about the same thing into one draft whose evidence is the union. */
export function clusterGapDrafts(drafts: readonly GapDraft[], threshold = GAP_SIMILARITY): GapDraft[] {
  const clusters: GapDraft[] = [];
  for (const draft of drafts) {
    let best: GapDraft | undefined;
    let bestSimilarity = threshold;
    for (const cluster of clusters) {
      const similarity = gapSimilarity(cluster, draft);
      if (similarity >= bestSimilarity) {
        best = cluster;
        bestSimilarity = similarity;
      }
    }
    if (best) mergeDraftInto(best, draft);
    else clusters.push(cloneDraft(draft));
  }
  return clusters;
}

const MAX_SAMPLES = 20;

/** Folds `extra` into `target` in place: evidence de-duplicated, samples and scope unioned. */
export function mergeDraftInto(target: GapDraft, extra: GapDraft): void {
  const seen = new Set(target.evidence.map(evidenceKey));
  for (const item of extra.evidence) {
    if (!seen.has(evidenceKey(item))) {
      target.evidence.push(item);
      seen.add(evidenceKey(item));
    }
  }
  for (const sample of extra.samples) {
    if (target.samples.length < MAX_SAMPLES && !target.samples.some((known) => known.join(' ') === sample.join(' ')))
      target.samples.push(sample);
  }
  for (const glob of extra.scope) if (!target.scope.includes(glob)) target.scope.push(glob);
  if (extra.bestMatch && (!target.bestMatch || extra.bestMatch.score > target.bestMatch.score))
    target.bestMatch = extra.bestMatch;
}

function cloneDraft(draft: GapDraft): GapDraft {
  return {
    ...draft,
    query: { text: draft.query.text, files: [...draft.query.files] },
    samples: draft.samples.map((sample) => [...sample]),
    scope: [...draft.scope],
    evidence: [...draft.evidence],
  };
}

function evidenceKey(item: GapDraft['evidence'][number]): string {
  return `${item.kind}\u0000${item.ref}\u0000${item.sessionId ?? ''}`;
}
