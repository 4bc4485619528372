import { gapTask } from '../../core/gaps/gapTask';
import type { Gap } from '../../core/gaps/gapTypes';
import type { MatchableSkill } from '../../core/matching/matchTypes';
import type { LoadedSkill } from '../../core/skills/library';
import { META, parseScope } from '../../core/skills/provenance';
import { oneLine } from '../../core/util/oneLine';
import type { GapSummary } from '../api';
import type { GapRow } from '../views/viewModels';

const EVIDENCE_ROWS = 20;

export function gapRow(gap: Gap, bestMatch: { name: string; score: number } | undefined): GapRow {
  return {
    id: gap.id,
    task: gapTask(gap),
    occurrences: gap.evidence.length,
    ...(bestMatch ? { bestMatch } : {}),
    prompt: gap.prompt,
    evidence: gap.evidence.slice(0, EVIDENCE_ROWS).map((item) => {
      const session = item.sessionId && item.kind !== 'session' ? ` (session ${item.sessionId.slice(0, 8)})` : '';
      const detail = item.detail ? ` — ${oneLine(item.detail).slice(0, 120)}` : '';
      return `${item.kind}: ${oneLine(item.ref).slice(0, 100)}${detail}${session}`;
    }),
  };
}

export function gapSummary(gap: Gap): GapSummary {
  return { id: gap.id, task: gapTask(gap), occurrences: gap.evidence.length, status: gap.status };
}

/** Library skills as the matcher sees them: invalid ones left out, quarantined ones marked. */
export function matchableSkills(skills: readonly LoadedSkill[], quarantined: ReadonlySet<string>): MatchableSkill[] {
  return skills
    .filter((skill) => !skill.issues.some((issue) => issue.severity === 'error'))
    .map((skill) => ({
      name: skill.folderName,
      description: skill.doc.description,
      body: skill.doc.body,
      scope: parseScope(skill.doc.metadata[META.scope]),
      tier: quarantined.has(skill.folderName) ? 'quarantined' : 'accepted',
    }));
}
