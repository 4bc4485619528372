import type { SearchSkillsResult } from './searchSkills';
import type { DeliveryChannel } from '../governance/usageRepository';
import { deliveryVersion, type LibraryGovernance, type SkillGovernanceFacts } from '../governance/skillGovernance';
import type { LoadedSkill } from '../skills/library';
import { META, parseScope } from '../skills/provenance';
import type { DeliverySkill } from './deliveryLibrary';
import type { DeliveryState } from './skillDelivery';

/**
 * What the LM tool may serve: valid skills only (agents ignore one with a bad name), with the
 * governance prior; quarantined ones stay listed but the index never returns them.
 */
export function deliverySkills(
  state: DeliveryState,
  facts: ReadonlyMap<string, SkillGovernanceFacts>,
): DeliverySkill[] {
  const skills: DeliverySkill[] = [];
  for (const skill of state.library.skills) {
    if (skill.issues.some((issue) => issue.severity === 'error')) continue;
    const safety = state.safety.get(skill.folderName);
    const known = facts.get(skill.folderName);
    const quarantined = safety?.quarantined ?? false;
    skills.push({
      name: skill.folderName,
      description: skill.doc.description,
      body: skill.doc.body,
      scope: parseScope(skill.doc.metadata[META.scope]),
      wilson: known?.wilson,
      tier: quarantined ? 'quarantined' : (known?.tier ?? 'accepted'),
      path: skill.path,
      ...(quarantined
        ? {
            quarantineReasons: (safety?.findings ?? []).map(
              (finding) => `${finding.rule} at ${finding.file}:${finding.line}`,
            ),
          }
        : {}),
    });
  }
  return skills;
}

/** Counts each served skill as used in the current session, under the version it was served at. */
export function recordDeliveries(
  governance: LibraryGovernance,
  result: SearchSkillsResult,
  skills: readonly LoadedSkill[],
  context: { channel: DeliveryChannel; sessionId?: string; ts: number },
): void {
  for (const delivered of result.results) {
    const skill = skills.find((candidate) => candidate.folderName === delivered.name);
    if (!skill) continue;
    governance.usage.recordDelivery({
      skill: skill.folderName,
      version: deliveryVersion(skill),
      channel: context.channel,
      ts: context.ts,
      ...(context.sessionId ? { sessionId: context.sessionId } : {}),
    });
  }
}
