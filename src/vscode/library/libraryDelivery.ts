import type * as vscode from 'vscode';
import type { DeliverySkill } from '../../core/delivery/deliveryLibrary';
import type { SearchSkillsResult } from '../../core/delivery/searchSkills';
import type { DeliveryChannel } from '../../core/governance/usageRepository';
import type { DeliveryState } from '../../core/skills/delivery';
import type { LoadedSkill } from '../../core/skills/library';
import { META, parseScope } from '../../core/skills/provenance';
import { deliveryVersion, type LibraryGovernance, type SkillGovernanceFacts } from '../../core/governance/skillGovernance';

/**
 * What the LM tool may serve: valid skills only (agents ignore one with a bad name), with the
 * governance prior; quarantined ones stay listed but the index never returns them.
 */
export function deliverySkills(state: DeliveryState, facts: ReadonlyMap<string, SkillGovernanceFacts>): DeliverySkill[] {
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
      ...(quarantined ? { quarantineReasons: (safety?.findings ?? []).map((finding) => `${finding.rule} at ${finding.file}:${finding.line}`) } : {}),
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

/** One summary line per reload, a warning per newly quarantined skill and per delivery problem. */
export function logDeliveryState(log: vscode.LogOutputChannel, state: DeliveryState, folder: string, quarantinedBefore: ReadonlySet<string>): void {
  log.info(`Skill library: ${state.library.skills.length} skill(s) in ${folder}, ${state.quarantined.size} quarantined, ${state.library.problems.length} folder problem(s).`);
  for (const name of state.quarantined) {
    if (quarantinedBefore.has(name)) continue;
    const findings = state.safety.get(name)?.findings ?? [];
    log.warn(`Skill '${name}' is quarantined (held back from agents): ${findings.map((finding) => `${finding.rule} at ${finding.file}:${finding.line}`).join('; ')}`);
  }
  for (const conflict of state.mirrors?.conflicts ?? []) log.warn(`Mirror ${conflict.path} left untouched (${conflict.reason}).`);
  if (state.agentsMd?.problem) log.warn(`AGENTS.md index not updated: ${state.agentsMd.problem}`);
}
