import type { Candidate, Evidence } from '../model/candidate';
import type { Redacted } from '../redaction/gate';
import { Frontmatter } from './frontmatter';
import { compactEvidence, META, stampHash } from './provenance';
import { hasWritableFrontmatter, writeSkillDocument, type SkillDocument } from './skillFile';
import { oneLine } from '../util/oneLine';

export interface RenderOptions {
  /**
   * The skill being replaced: its license, compatibility, unknown keys and comments are kept.
   * A base whose frontmatter cannot be written back (conflict markers) is ignored.
   */
  base?: SkillDocument;
}

/**
 * SKILL.md text for a candidate: frontmatter with Skillwright's provenance (hash stamped last) and
 * the distiller's body, plus an Evidence section when the body lacks one. Only a candidate that
 * went through the redaction gate (src/core/redaction/gate.ts) can be rendered. Never throws.
 */
export function renderCandidate(candidate: Redacted<Candidate>, options: RenderOptions = {}): string {
  const base = options.base && hasWritableFrontmatter(options.base) ? options.base : undefined;
  const previousVersion = Number.parseInt(base?.metadata[META.version] ?? '0', 10);
  const metadata: Record<string, string> = { ...(base?.metadata ?? {}) };
  delete metadata[META.hash];
  delete metadata[META.mirrorOf];
  delete metadata[META.mirrorHash];
  metadata[META.source] = candidate.source;
  metadata[META.version] = String(Number.isFinite(previousVersion) ? previousVersion + 1 : 1);
  metadata[META.confidence] = candidate.confidence.toFixed(2);
  if (candidate.scope.length > 0) metadata[META.scope] = candidate.scope.join(',');
  else delete metadata[META.scope];
  if (candidate.evidence.length > 0) metadata[META.evidence] = compactEvidence(candidate.evidence);
  else delete metadata[META.evidence];
  // The figures of the version being replaced would be stale next to the new body.
  for (const key of Object.keys(metadata)) if (key.startsWith(META.statistic)) delete metadata[key];
  for (const [key, value] of Object.entries(candidate.statistics ?? {})) metadata[`${META.statistic}${key}`] = value;

  const doc: SkillDocument = {
    name: candidate.name,
    description: oneLine(candidate.description),
    license: base?.license,
    compatibility: base?.compatibility,
    allowedTools: base?.allowedTools,
    metadata,
    body: withEvidenceSection(candidate.body, candidate.evidence),
    bodyLine: 1,
    extras: [],
    frontmatter: base?.frontmatter.clone() ?? Frontmatter.empty(),
    hasFrontmatter: true,
  };
  return stampHash(writeSkillDocument(doc));
}

export function withEvidenceSection(body: string, evidence: readonly Evidence[]): string {
  const trimmed = body.replace(/\s+$/, '');
  if (/^#{1,6}\s+evidence\s*$/im.test(trimmed) || evidence.length === 0) return `${trimmed}\n`;
  const lines = evidence.map((item) => `- ${describeEvidence(item)}`);
  return `${trimmed}\n\n## Evidence\n\n${lines.join('\n')}\n`;
}

function describeEvidence(item: Evidence): string {
  const where = item.kind === 'file' && item.line !== undefined ? `${item.ref}:${item.line}` : item.ref;
  const ref =
    item.kind === 'commit' ? `commit \`${where.slice(0, 12)}\`` : `${item.kind} \`${where.replace(/`/g, "'")}\``;
  return item.detail ? `${ref}: ${oneLine(item.detail)}` : ref;
}
