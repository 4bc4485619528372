import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { StoredCandidate } from '../candidates/candidateRepository';
import type { LoadedSkill } from '../skills/library';
import { META, parseScope } from '../skills/provenance';
import { renamePathsIn } from '../util/paths';
import type { DriftFinding } from './libraryDrift';

export const DRIFT_SOURCE = 'drift-review';
/** A review request, not knowledge: it sorts below everything learned. */
const DRIFT_CONFIDENCE = 0.15;
/** A pure rename is a mechanical update the skill's author would make: it sorts with learned skills. */
const RENAME_CONFIDENCE = 0.8;

/**
 * A "revise or retire" edit for a skill drift review flagged. The skill itself is never touched:
 * the proposal is the current text with a review note on top, for the user to rewrite in the
 * preview, accept as a flagged skill, or reject; deleting the skill is the Library's action.
 * Files renamed since the skill was written are renamed in the proposal too, so a rename updates
 * the skill rather than retiring it; when that is all that changed, no review note is added.
 */
export function driftCandidate(
  skill: LoadedSkill,
  finding: DriftFinding,
  repoRoot: string,
  now: number,
): StoredCandidate {
  const { reasons, renames } = finding;
  const onlyRenames = reasons.length === 1 && renames.length > 0;
  const pairs = renames.map(({ from, to }) => [from, to] as const);
  const note = [
    '## Review needed',
    '',
    "Skillwright's drift review flagged this skill. Revise it so the steps match the repository as it is now, or " +
      'retire it (delete it from the Library) if it no longer applies:',
    '',
    ...reasons.map((reason) => `- ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`),
    '',
    'Remove this section once the skill is up to date.',
    '',
  ].join('\n');
  const skillPath = relative(repoRoot, skill.path).replace(/\\/g, '/');
  return {
    id: driftCandidateId(skill, reasons),
    name: skill.folderName,
    description: skill.doc.description,
    kind: 'edit',
    body: onlyRenames
      ? renamePathsIn(skill.doc.body, pairs)
      : withReviewNote(renamePathsIn(skill.doc.body, pairs), note),
    scope: parseScope(skill.doc.metadata[META.scope]).map(
      (glob) => renames.find((rename) => rename.from === glob)?.to ?? glob,
    ),
    confidence: onlyRenames ? RENAME_CONFIDENCE : DRIFT_CONFIDENCE,
    evidence: reasons
      .slice(0, 10)
      .map((reason) => ({ kind: 'file' as const, ref: skillPath, detail: reason.slice(0, 200) })),
    source: DRIFT_SOURCE,
    status: 'pending',
    createdAt: now,
    baseHash: skill.hash,
  };
}

/**
 * Stable across daily reviews of the same skill version with the same kinds of drift: the
 * numbers in a reason ("unused for 31 days") change every day and must not make a new proposal,
 * and a rejected proposal stays rejected until the skill or its problems change.
 */
export function driftCandidateId(skill: LoadedSkill, reasons: readonly string[]): string {
  const key = [skill.hash, ...reasons.map((reason) => reason.replace(/\d+/g, '#'))].join('\n');
  return `${DRIFT_SOURCE}-${skill.folderName}-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}

/** The note goes under the skill's title when it has one, so the document still reads top-down. */
function withReviewNote(body: string, note: string): string {
  const trimmed = body.replace(/^\s+/, '');
  const title = /^# [^\n]*\n/.exec(trimmed);
  return title ? `${title[0]}\n${note}\n${trimmed.slice(title[0].length).replace(/^\s+/, '')}` : `${note}\n${trimmed}`;
}
