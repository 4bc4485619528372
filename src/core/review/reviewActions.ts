import type { CandidateRepository, StoredCandidate } from '../candidates/candidateRepository';
import { type Redacted, redactedText } from '../redaction/gate';
import { redactCandidate } from '../redaction/redactCandidate';
import { type AcceptOptions, acceptCandidate, type BecomeCandidateReason } from '../skills/accept';
import type { MirrorReport } from '../skills/mirrors';
import { readSkillDocument } from '../skills/skillFile';
import { validateSkillText } from '../skills/validate';

/**
 * Accepting and rejecting, shared by the editor and the CLI so both write the skills folder and
 * the store the same way.
 */
export type AcceptOutcome =
  | { status: 'written'; candidate: StoredCandidate; path: string; mirrors?: MirrorReport }
  | {
      status: 'became-candidate';
      candidate: StoredCandidate;
      proposal: StoredCandidate;
      reason: BecomeCandidateReason;
      path: string;
    }
  | { status: 'invalid'; candidate: StoredCandidate; problems: string[] }
  | { status: 'conflict'; candidate: StoredCandidate; reason: string };

export class ReviewError extends Error {
  override readonly name = 'ReviewError';
}

/**
 * Writes a pending candidate to the skills folder. `editedText` is a whole SKILL.md the user
 * changed in the preview; it must be a valid skill, and its name, description and body win.
 * A skill someone edited by hand is left alone: the update is stored as a new pending edit.
 */
export async function acceptPendingCandidate(
  candidates: CandidateRepository,
  idOrPrefix: string,
  options: AcceptOptions & { editedText?: string },
): Promise<AcceptOutcome> {
  const candidate = pendingCandidate(candidates, idOrPrefix);
  let toWrite: Redacted<StoredCandidate> = candidate;
  if (options.editedText !== undefined) {
    const { doc } = readSkillDocument(options.editedText);
    const errors = validateSkillText(options.editedText, { file: 'SKILL.md', folderName: doc.name })
      .filter((issue) => issue.severity === 'error')
      .map((issue) => `line ${issue.line}: ${issue.message}`);
    if (errors.length) return { status: 'invalid', candidate, problems: errors };
    // The reviewer's text enters here, so it goes through the gate before SKILL.md or the store sees it.
    toWrite = redactCandidate({ ...candidate, name: doc.name, description: doc.description, body: doc.body });
  }
  const result = await acceptCandidate(toWrite, options);
  if (result.status === 'conflict') return { status: 'conflict', candidate, reason: result.reason };
  if (result.status === 'became-candidate') {
    const proposal: Redacted<StoredCandidate> = { ...result.proposal, status: 'pending' };
    candidates.markSuperseded(candidate.id, options.now);
    candidates.save(proposal, options.now);
    return { status: 'became-candidate', candidate, proposal, reason: result.reason, path: result.current.path };
  }
  candidates.markAccepted(candidate.id, options.now);
  return { status: 'written', candidate: toWrite, path: result.path };
}

/** Marks a pending candidate rejected; learning will not propose it again unless its evidence grows. */
export function rejectPendingCandidate(
  candidates: CandidateRepository,
  idOrPrefix: string,
  reason: string | undefined,
  now: number,
): StoredCandidate {
  const candidate = pendingCandidate(candidates, idOrPrefix);
  return (
    candidates.markRejected(candidate.id, reason === undefined ? undefined : redactedText(reason), now) ?? candidate
  );
}

function pendingCandidate(candidates: CandidateRepository, idOrPrefix: string): Redacted<StoredCandidate> {
  const candidate = candidates.find(idOrPrefix);
  if (!candidate) throw new ReviewError(`no candidate ${idOrPrefix}`);
  if (candidate.status !== 'pending') throw new ReviewError(`candidate ${candidate.id} is already ${candidate.status}`);
  return candidate;
}
