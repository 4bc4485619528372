/**
 * Turns validated skill edits into candidates. This is the only door from a model answer to a
 * Candidate: names are normalised to the Agent Skills rules (or the edit is dropped), bodies must
 * be complete, and edits aimed at skills that do not exist are dropped, never half-applied.
 */
import { createHash } from 'node:crypto';
import type { Candidate, Evidence } from '../../model/candidate';
import type { SkillEdit } from '../../llm/schemas';

/** A skill the distiller can see: one from the library or one learned earlier in the run. */
export interface LibrarySkill {
  name: string;
  description: string;
  body: string;
  scope?: string[];
  /** Content hash of the library version, carried into edit candidates as baseHash. */
  hash?: string;
}

const MAX_BODY_LINES = 500;

/** Lowercase letters, digits and single hyphens, at most 64 characters; undefined when nothing is left. */
export function normaliseSkillName(raw: string): string | undefined {
  const name = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  return name.length > 0 ? name : undefined;
}

export type AppliedEdit =
  { ok: true; skill: LibrarySkill; action: SkillEdit['action'] } | { ok: false; reason: string };

/** The skill an edit produces from the current state, or why the edit is dropped. */
export function applySkillEdit(edit: SkillEdit, current: ReadonlyMap<string, LibrarySkill>): AppliedEdit {
  const name = normaliseSkillName(edit.name);
  if (!name) return { ok: false, reason: `edit name '${edit.name.slice(0, 80)}' has no valid characters` };
  const existing = current.get(name);
  const description = edit.description.trim().slice(0, 1024);
  if (edit.action === 'deprecate') {
    if (!existing) return { ok: false, reason: `cannot deprecate unknown skill '${name}'` };
    const note = edit.rationale?.trim() || description;
    return {
      ok: true,
      action: 'deprecate',
      skill: {
        ...existing,
        description: `Deprecated: ${existing.description}`.slice(0, 1024),
        body: `**Deprecated.** ${note}\n\n${existing.body}`,
      },
    };
  }
  const body = edit.body.trim();
  if (!body) return { ok: false, reason: `edit of '${name}' has an empty body` };
  if (body.split('\n').length > MAX_BODY_LINES)
    return { ok: false, reason: `edit of '${name}' exceeds ${MAX_BODY_LINES} lines` };
  if (!description) return { ok: false, reason: `edit of '${name}' has an empty description` };
  const scope = [...new Set(edit.scope.map((glob) => glob.trim()).filter(Boolean))];
  return {
    ok: true,
    action: existing ? 'revise' : 'create',
    skill: { name, description, body, scope: scope.length ? scope : (existing?.scope ?? []), hash: existing?.hash },
  };
}

export interface CandidateDraft {
  skill: LibrarySkill;
  source: string;
  evidence: Evidence[];
  tokens: number;
  confidence: number;
  /** The library (not this run) had the skill: the candidate is an edit against it. */
  editsLibrary: boolean;
  createdAt: number;
  /** Makes the id stable across runs for the same logical candidate. */
  idSeed: string;
}

export function toCandidate(draft: CandidateDraft): Candidate {
  const seedHash = createHash('sha256').update(draft.idSeed).digest('hex').slice(0, 10);
  const id = `${draft.source}-${draft.skill.name}-${seedHash}`;
  return {
    id,
    name: draft.skill.name,
    description: draft.skill.description,
    kind: draft.editsLibrary ? 'edit' : 'new',
    body: draft.skill.body,
    scope: draft.skill.scope ?? [],
    confidence: Math.max(0, Math.min(1, draft.confidence)),
    evidence: draft.evidence,
    source: draft.source,
    status: 'pending',
    createdAt: draft.createdAt,
    ...(draft.editsLibrary && draft.skill.hash ? { baseHash: draft.skill.hash } : {}),
    tokens: Math.round(draft.tokens),
  };
}
