import { createHash } from 'node:crypto';
import type { Candidate } from '../model/candidate';

/**
 * The identity of a candidate's idea, stable across learn runs: the distiller and the name it
 * derives from the regularity (names are built deterministically from what was found, never from
 * counts). Scope and wording may drift as evidence grows; the idea stays the same.
 */
export function candidateFingerprint(candidate: Pick<Candidate, 'source' | 'name'>): string {
  return createHash('sha256').update(`${candidate.source}\n${candidate.name}`).digest('hex').slice(0, 24);
}

/** Words of a text with numbers and punctuation dropped, for comparing skills loosely. */
export function contentWords(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[0-9a-f]{7,40}/g, ' ')
    .replace(/\d+/g, ' ')
    .split(/[^a-z_]+/)
    .filter((word) => word.length >= 3);
  return new Set(words);
}

/** Jaccard similarity of two word sets (0–1). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}
