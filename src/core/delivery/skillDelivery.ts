import { join, relative, resolve } from 'node:path';
import { updateAgentsMdFile, type AgentsMdUpdate } from '../skills/agentsMd';
import { recoverInterruptedWrites } from '../skills/atomicFolder';
import { loadSkillLibrary, type SkillLibrary } from '../skills/library';
import { syncMirrors, type MirrorReport } from '../skills/mirrors';
import { assessSkill, type SkillSafety } from '../skills/quarantine';
import type { TrustStore } from '../skills/trustStore';

export interface DeliveryOptions {
  /** Workspace root. */
  root: string;
  /** Canonical folder, relative to root or absolute (`skillwright.skills.folder`). */
  skillsFolder: string;
  /** `skillwright.skills.mirrors`. */
  mirrors: readonly string[];
  /** Keep the AGENTS.md index up to date (`skillwright.skills.agentsMdIndex`). */
  agentsMd: boolean;
  trust: TrustStore;
  /** False in a restricted workspace (Workspace Trust): read and assess, deliver nothing. */
  deliver: boolean;
  /**
   * Repair writes a crash interrupted before loading. Right once at start-up; a reload triggered
   * by the file watcher must not, because it could take an accept's temp folder mid-write.
   * @default true
   */
  recover?: boolean;
}

export interface DeliveryState {
  library: SkillLibrary;
  /** Per skill folder name. */
  safety: Map<string, SkillSafety>;
  quarantined: Set<string>;
  mirrors?: MirrorReport;
  agentsMd?: AgentsMdUpdate;
}

/**
 * What the file watcher runs after the skills folder changes (a `git pull`, a hand edit): reload,
 * scan what is not trusted, and refresh the mirrors and the AGENTS.md index without the
 * quarantined skills.
 */
export async function refreshSkillDelivery(options: DeliveryOptions): Promise<DeliveryState> {
  const folder = resolve(options.root, options.skillsFolder);
  if (options.deliver && options.recover !== false) await recoverInterruptedWrites(folder);
  const library = await loadSkillLibrary(folder);
  const safety = new Map<string, SkillSafety>();
  for (const skill of library.skills) safety.set(skill.folderName, assessSkill(skill, options.trust));
  const quarantined = new Set([...safety.values()].filter((entry) => entry.quarantined).map((entry) => entry.name));
  const state: DeliveryState = { library, safety, quarantined };
  if (!options.deliver) return state;
  if (options.mirrors.length > 0) {
    state.mirrors = await syncMirrors({
      skillsFolder: folder,
      mirrors: options.mirrors,
      quarantined,
      root: options.root,
    });
  }
  if (options.agentsMd) {
    const indexed = library.skills
      .filter(
        (skill) =>
          !quarantined.has(skill.folderName) &&
          skill.doc.name === skill.folderName &&
          !skill.issues.some((issue) => issue.severity === 'error'),
      )
      .map((skill) => ({ name: skill.doc.name, description: skill.doc.description }));
    state.agentsMd = await updateAgentsMdFile(join(options.root, 'AGENTS.md'), indexed, {
      skillsFolder: relative(options.root, folder).replace(/\\/g, '/') || '.',
    });
  }
  return state;
}
