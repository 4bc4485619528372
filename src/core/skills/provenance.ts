import { createHash } from 'node:crypto';
import type { Evidence } from '../model/candidate';
import { readSkillDocument, writeSkillDocument } from './skillFile';

/** Skillwright's provenance lives under the spec's `metadata` string map, namespaced. */
export const META = {
  source: 'skillwright.source',
  version: 'skillwright.version',
  evidence: 'skillwright.evidence',
  scope: 'skillwright.scope',
  confidence: 'skillwright.confidence',
  /** Hash of the SKILL.md Skillwright last wrote; a mismatch means a person edited it. */
  hash: 'skillwright.hash',
  /** In a mirror copy: the canonical folder it was copied from, e.g. `.agents/skills/foo`. */
  mirrorOf: 'skillwright.mirror-of',
  /** In a mirror copy: hash of the mirror folder as written, so a local edit there is noticed. */
  mirrorHash: 'skillwright.mirror-hash',
  /** Prefix of the figures behind a learned skill (`skillwright.stat.support`), kept out of its body. */
  statistic: 'skillwright.stat.',
} as const;

/** Keys that never take part in a content hash: hashes cannot cover themselves. */
const HASH_EXCLUDED = [META.hash, META.mirrorOf, META.mirrorHash];

/**
 * The text a hash is taken over: BOM dropped, LF line endings, trailing spaces and trailing blank
 * lines trimmed (editors add and strip these silently), and the hash-bearing frontmatter lines
 * removed. Working on text rather than re-serialised YAML means any real edit changes the hash.
 */
export function normaliseForHash(text: string, excludedKeys: readonly string[] = HASH_EXCLUDED): string {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''));
  const excluded = new Set(excludedKeys);
  const out: string[] = [];
  let fence = 0;
  for (const [index, line] of lines.entries()) {
    if (fence < 2 && line === '---' && (index === 0 || fence === 1)) fence += 1;
    else if (fence === 1 && excluded.has(keyOfLine(line))) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function keyOfLine(line: string): string {
  const match = /^\s{0,40}["']?([A-Za-z0-9_.-]{1,80})["']?\s*:/.exec(line);
  return match?.[1] ?? '';
}

export function computeSkillHash(text: string): string {
  return sha(normaliseForHash(text));
}

export function sha(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/** Sets a metadata key to a hash computed over the resulting text (the key's own line excluded). */
export function stampHash(
  text: string,
  key: string = META.hash,
  hashOf: (text: string) => string = computeSkillHash,
): string {
  const { doc } = readSkillDocument(text);
  doc.metadata = { ...doc.metadata, [key]: 'pending' };
  const written = writeSkillDocument(doc);
  const hash = hashOf(written);
  doc.metadata[key] = hash;
  return writeSkillDocument(doc);
}

export type EditState = 'pristine' | 'hand-edited' | 'unmanaged';

/**
 * `pristine`: exactly what Skillwright last wrote. `hand-edited`: Skillwright wrote it, a person
 * changed it since. `unmanaged`: no Skillwright hash at all (hand-made or from elsewhere).
 */
export function skillEditState(text: string): EditState {
  const { doc } = readSkillDocument(text);
  const recorded = doc.metadata[META.hash];
  if (!recorded) return 'unmanaged';
  return recorded === computeSkillHash(text) ? 'pristine' : 'hand-edited';
}

/** True unless the file is exactly as Skillwright last wrote it; an unmanaged file counts as edited. */
export function isHandEdited(skillFileText: string): boolean {
  return skillEditState(skillFileText) !== 'pristine';
}

const MAX_EVIDENCE_IN_METADATA = 8;

/** `commit:abc1234, session:s1, file:src/a.ts:12 (+3 more)`: short enough for a frontmatter line. */
export function compactEvidence(evidence: readonly Evidence[]): string {
  const parts = evidence.slice(0, MAX_EVIDENCE_IN_METADATA).map((item) => {
    const ref = item.kind === 'commit' ? item.ref.slice(0, 12) : item.ref.replace(/[\r\n,]+/g, ' ').slice(0, 80);
    return `${item.kind}:${ref}${item.line !== undefined ? `:${item.line}` : ''}`;
  });
  const more = evidence.length - parts.length;
  return more > 0 ? `${parts.join(', ')} (+${more} more)` : parts.join(', ');
}

export function parseScope(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((glob) => glob.trim())
    .filter((glob) => glob.length > 0);
}
