import type { BecomeCandidateReason } from '../skills/accept';

const LEFT_ALONE_BECAUSE: Record<BecomeCandidateReason, string> = {
  'hand-edited': 'was edited by hand',
  unmanaged: 'was not written by Skillwright',
  'changed-since-base': 'changed after this suggestion was made',
  exists: 'already exists',
  unparsable: 'has a SKILL.md that cannot be parsed (merge conflict markers?)',
};

/**
 * Why an accept left the skill on disk alone and made the update a new candidate, as the end of
 * a sentence about that skill: `"<name>" was edited by hand`. The editor and the CLI both say it.
 */
export function leftAloneReason(reason: BecomeCandidateReason): string {
  return LEFT_ALONE_BECAUSE[reason];
}
