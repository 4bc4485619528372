import type { GapDraft } from './gapTypes';

const EVIDENCE_SHOWN = 10;

/**
 * The text the Gaps view shows and the user copies to an agent (or gap synthesis reads):
 * a concrete request in the team's words, with the evidence that motivated it.
 */
export function gapPrompt(gap: GapDraft): string {
  const lines = [`I need a skill that can ${gap.need}: in this repo, how do we ${gap.question}?`];
  if (gap.scope.length > 0) lines.push('', `Area: ${gap.scope.join(', ')}`);
  if (gap.bestMatch)
    lines.push(
      '',
      `Closest existing skill: ${gap.bestMatch.name} (score ${gap.bestMatch.score.toFixed(2)}), not close enough.`,
    );
  lines.push('', `Evidence (${gap.evidence.length}):`);
  for (const item of gap.evidence.slice(0, EVIDENCE_SHOWN)) {
    const where = item.sessionId && item.kind !== 'session' ? ` [session ${item.sessionId}]` : '';
    lines.push(`- ${item.kind}: ${oneLine(item.ref)}${item.detail ? ` — ${oneLine(item.detail)}` : ''}${where}`);
  }
  if (gap.evidence.length > EVIDENCE_SHOWN) lines.push(`- … and ${gap.evidence.length - EVIDENCE_SHOWN} more`);
  return lines.join('\n');
}

/** Turns a raw task ("How do we rotate the TLS certs?") into the question part of a prompt. */
export function questionFromTask(task: string): string {
  const cleaned = oneLine(task)
    .replace(/^(please\s+)?(how\s+(do|can|should)\s+(we|i|you)\s+|can\s+you\s+|i\s+(need|want)\s+to\s+)/i, '')
    .replace(/[?.!\s]+$/, '');
  const first = cleaned.charAt(0);
  return (first ? first.toLowerCase() + cleaned.slice(1) : cleaned).slice(0, 200);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
