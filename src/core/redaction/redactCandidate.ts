import type { Candidate, Evidence } from '../model/candidate';
import { markRedacted, type Redacted } from './gate';
import { redactText } from './redactText';

/**
 * Evidence kinds whose `ref` is an identifier Skillwright made (a commit hash, a session id), not
 * free text: left alone so links to the commit or session keep working.
 */
const IDENTIFIER_REFS: ReadonlySet<Evidence['kind']> = new Set(['commit', 'session']);

/**
 * The candidate with secrets redacted from its free text: description, body, the diff of an
 * edit, evidence details and free-text evidence refs (command lines, paths), and a reject
 * reason. The name (a skill folder name) and scope (globs) are identifiers and stay as they are,
 * since rewriting them would break the skill. Copy on write: a candidate without secrets comes
 * back as the same object.
 */
export function redactCandidate<T extends Candidate & { diff?: string }>(candidate: T): Redacted<T> {
  const description = redactText(candidate.description);
  const body = redactText(candidate.body);
  const diff = candidate.diff === undefined ? undefined : redactText(candidate.diff);
  const rejectReason = candidate.rejectReason === undefined ? undefined : redactText(candidate.rejectReason);
  let evidenceChanged = false;
  const evidence = candidate.evidence.map((item) => {
    const redacted = redactEvidence(item);
    if (redacted !== item) evidenceChanged = true;
    return redacted;
  });
  const changed =
    description !== candidate.description ||
    body !== candidate.body ||
    diff !== candidate.diff ||
    rejectReason !== candidate.rejectReason ||
    evidenceChanged;
  if (!changed) return markRedacted(candidate);
  return markRedacted({
    ...candidate,
    description,
    body,
    evidence,
    ...(diff !== undefined ? { diff } : {}),
    ...(rejectReason !== undefined ? { rejectReason } : {}),
  });
}

function redactEvidence(item: Evidence): Evidence {
  const ref = IDENTIFIER_REFS.has(item.kind) ? item.ref : redactText(item.ref);
  const detail = item.detail === undefined ? undefined : redactText(item.detail);
  if (ref === item.ref && detail === item.detail) return item;
  return { ...item, ref, ...(detail !== undefined ? { detail } : {}) };
}
