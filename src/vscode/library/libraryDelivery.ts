import { join, relative, resolve } from 'node:path';
import type * as vscode from 'vscode';
import type { DeliverySkill } from '../../core/delivery/deliveryLibrary';
import type { SearchSkillsResult } from '../../core/delivery/searchSkills';
import type { DeliveryChannel } from '../../core/governance/usageRepository';
import { updateAgentsMdFile } from '../../core/skills/agentsMd';
import type { DeliveryOptions, DeliveryState } from '../../core/skills/delivery';
import { loadSkillLibrary, type LoadedSkill } from '../../core/skills/library';
import { syncMirrors } from '../../core/skills/mirrors';
import { META, parseScope } from '../../core/skills/provenance';
import { assessSkill, type SkillSafety } from '../../core/skills/quarantine';
import { deliveryVersion, type LibraryGovernance, type SkillGovernanceFacts } from './skillGovernance';

/**
 * refreshSkillDelivery without its crash recovery. Recovery deletes hidden temp folders and puts
 * `.old` copies back, which is right once at start-up but races an accept that is writing its
 * temp folder at the moment a watcher-triggered reload runs; the service recovers only in start().
 */
export async function deliverSkillLibrary(options: DeliveryOptions): Promise<DeliveryState> {
  const folder = resolve(options.root, options.skillsFolder);
  const library = await loadSkillLibrary(folder);
  const safety = new Map<string, SkillSafety>();
  for (const skill of library.skills) safety.set(skill.folderName, assessSkill(skill, options.trust));
  const quarantined = new Set([...safety.values()].filter((entry) => entry.quarantined).map((entry) => entry.name));
  const state: DeliveryState = { library, safety, quarantined };
  if (!options.deliver) return state;
  if (options.mirrors.length > 0) state.mirrors = await syncMirrors({ skillsFolder: folder, mirrors: options.mirrors, quarantined, root: options.root });
  if (options.agentsMd) {
    const indexed = library.skills
      .filter((skill) => !quarantined.has(skill.folderName) && skill.doc.name === skill.folderName && !skill.issues.some((issue) => issue.severity === 'error'))
      .map((skill) => ({ name: skill.doc.name, description: skill.doc.description }));
    state.agentsMd = await updateAgentsMdFile(join(options.root, 'AGENTS.md'), indexed, { skillsFolder: relative(options.root, folder).replace(/\\/g, '/') || '.' });
  }
  return state;
}

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
