import { createHash } from 'node:crypto';
import type { Candidate, Evidence, EvidenceSpan } from '../../model/candidate';

export interface CandidateDraft {
  name: string;
  description: string;
  body: string;
  scope: string[];
  confidence: number;
  evidence: Evidence[];
  source: string;
  /** How many observations back it (commits, episodes, corrections); defaults to the evidence count. */
  support?: number;
  span?: EvidenceSpan;
  statistics?: Record<string, string>;
}

/**
 * A candidate as the heuristic distillers produce it. `support` survives in the store's payload
 * and decides whether a rejected idea has grown enough to be proposed again.
 */
export type LearnedCandidate = Candidate & { support: number };

/** A pending new-skill candidate with a short id derived from its name and creation time. */
export function makeCandidate(draft: CandidateDraft, now: number): LearnedCandidate {
  const name = skillName(draft.name);
  const id = createHash('sha256').update(`${draft.source}\n${name}\n${now}`).digest('hex').slice(0, 10);
  return {
    id,
    name,
    description: draft.description.slice(0, 1024),
    kind: 'new',
    body: draft.body,
    scope: [...new Set(draft.scope)].sort(),
    confidence: Math.round(Math.min(1, Math.max(0, draft.confidence)) * 100) / 100,
    evidence: draft.evidence,
    source: draft.source,
    status: 'pending',
    createdAt: now,
    tokens: 0,
    support: draft.support ?? draft.evidence.length,
    ...(draft.span ? { span: draft.span } : {}),
    ...(draft.statistics ? { statistics: draft.statistics } : {}),
  };
}

/** The span of a set of commits, by commit date; undefined when none has a date. */
export function spanOf(commits: ReadonlyArray<{ commitDate: number }>): EvidenceSpan | undefined {
  let from = Number.POSITIVE_INFINITY;
  let to = 0;
  for (const { commitDate } of commits) {
    if (commitDate <= 0) continue;
    if (commitDate < from) from = commitDate;
    if (commitDate > to) to = commitDate;
  }
  return to > 0 ? { from, to, commits: commits.length } : undefined;
}

/** "2023–2026, 31 commits" (one year when both ends fall in it). */
export function describeSpan(span: EvidenceSpan): string {
  const from = new Date(span.from).getUTCFullYear();
  const to = new Date(span.to).getUTCFullYear();
  return `${from === to ? from : `${from}–${to}`}, ${span.commits} commit${span.commits === 1 ? '' : 's'}`;
}

/** Agent Skills name rules: lowercase letters, digits and single hyphens, at most 64 characters. */
export function skillName(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  return slug || 'skill';
}

/** Renders the body sections in the order every skill uses; empty sections are left out. */
export function renderBody(title: string, sections: Array<[heading: string, lines: string[]]>): string {
  const parts = [`# ${title}`];
  for (const [heading, lines] of sections) {
    if (lines.length === 0) continue;
    parts.push(`## ${heading}`, lines.join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}

/** "a, b and c" with a cap, for readable prose. */
export function humanList(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`;
}

export function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}
