import { DEFAULT_GAP_THRESHOLD, isGap } from '../gaps/gapDetector';
import type { MatchExplanation } from '../matching/matchTypes';
import type { DeliveryLibrary, DeliverySkill } from './deliveryLibrary';

export interface DeliveredSkill {
  name: string;
  description: string;
  score: number;
  explanation: MatchExplanation;
  body: string;
  path?: string;
}

export interface SearchSkillsResult {
  task: string;
  files: string[];
  results: DeliveredSkill[];
  /** No skill reached the gap threshold. */
  gap: boolean;
}

export interface SearchOptions {
  /** @default 0.3 */
  threshold?: number;
  /** Results scoring below this share of the threshold are noise and left out. @default 0.5 */
  minShareOfThreshold?: number;
}

/**
 * The one search behind the LM tool, MCP and `skillwright match`: ranked skills with their
 * bodies, never a quarantined one, plus whether the task is a gap.
 */
export function searchSkills(
  library: DeliveryLibrary,
  task: string,
  files: readonly string[] = [],
  k = 3,
  options: SearchOptions = {},
): SearchSkillsResult {
  const threshold = options.threshold ?? DEFAULT_GAP_THRESHOLD;
  const floor = threshold * (options.minShareOfThreshold ?? 0.5);
  const matches = library.index.match({ text: task, files }, Math.max(0, k));
  const byName = new Map(library.skills.map((skill) => [skill.name, skill]));
  const results: DeliveredSkill[] = [];
  for (const match of matches) {
    const skill = byName.get(match.name);
    if (!skill || skill.tier === 'quarantined' || match.score < floor) continue;
    results.push({
      name: skill.name,
      description: skill.description,
      score: match.score,
      explanation: match.explanation,
      body: skill.body,
      path: skill.path,
    });
  }
  return { task, files: [...files], results, gap: isGap(matches, threshold) };
}

/** A served skill by exact name; quarantined skills read as absent. */
export function readSkill(library: DeliveryLibrary, name: string): DeliverySkill | undefined {
  const skill = library.skills.find((candidate) => candidate.name === name);
  return skill && skill.tier !== 'quarantined' ? skill : undefined;
}

/** Markdown an agent reads: each skill's name, why it matched, and its full instructions. */
export function formatSearchResult(result: SearchSkillsResult): string {
  if (result.results.length === 0) {
    return (
      `No skill in this repository matches this task. If you learn how it is done here, call report_gap so ` +
      `the team can write one.`
    );
  }
  const parts = result.results.map((skill) => {
    const why = [
      ...new Set([
        ...skill.explanation.terms.name,
        ...skill.explanation.terms.description,
        ...skill.explanation.terms.body,
      ]),
    ];
    const scope =
      skill.explanation.scopeGlobs.length > 0 ? `; files in scope ${skill.explanation.scopeGlobs.join(', ')}` : '';
    return [
      `## Skill: ${skill.name} (relevance ${skill.score.toFixed(2)})`,
      `${skill.description}`,
      `_Matched: ${why.join(', ') || 'scope only'}${scope}_`,
      '',
      skill.body.trim(),
    ].join('\n');
  });
  const note = result.gap ? '\n\n(These are weak matches: no skill clearly covers this task.)' : '';
  return `${parts.join('\n\n---\n\n')}${note}`;
}
