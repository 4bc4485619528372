import { loadSkillLibrary, type LoadedSkill } from '../skills/library';
import { META, parseScope } from '../skills/provenance';
import { assessSkill } from '../skills/quarantine';
import { memoryTrustStore, type TrustStore } from '../skills/trustStore';
import { buildSkillIndex } from '../matching/skillIndex';
import type { MatchableSkill, SkillIndex, TrustTier } from '../matching/matchTypes';

/** A skill as delivery serves it: what matching needs plus where it lives. */
export interface DeliverySkill extends MatchableSkill {
  /** Absolute path of SKILL.md, when it came from disk. */
  path?: string;
  /** Why it is held back, when quarantined. */
  quarantineReasons?: string[];
}

/** Skills plus their index, built once per library change and shared by the LM tool and MCP. */
export interface DeliveryLibrary {
  skills: DeliverySkill[];
  index: SkillIndex;
}

/** Builds the index; quarantined skills stay listed in `skills` but the index never returns them. */
export function createDeliveryLibrary(skills: readonly DeliverySkill[]): DeliveryLibrary {
  return { skills: [...skills], index: buildSkillIndex(skills) };
}

export interface LoadDeliveryOptions {
  /** Trust decisions ("Trust this skill"); without one every flagged skill is quarantined. */
  trust?: TrustStore;
  /** Wilson bound and tier per skill name from governance, for the ranking prior. */
  governance?: ReadonlyMap<string, { wilson?: number; tier?: TrustTier }>;
}

/**
 * Reads `<folder>/<name>/SKILL.md` files, drops those failing the spec, scans the rest, and builds the library. Never
 * throws.
 */
export async function loadDeliveryLibrary(folder: string, options: LoadDeliveryOptions = {}): Promise<DeliveryLibrary> {
  const library = await loadSkillLibrary(folder);
  const trust = options.trust ?? memoryTrustStore();
  // A skill that fails the spec (a bad name, duplicate keys) is not served: agents would ignore or misread it.
  const healthy = library.skills.filter((skill) => !skill.issues.some((issue) => issue.severity === 'error'));
  return createDeliveryLibrary(healthy.map((skill) => toDeliverySkill(skill, trust, options.governance)));
}

export function toDeliverySkill(
  skill: LoadedSkill,
  trust: TrustStore,
  governance?: ReadonlyMap<string, { wilson?: number; tier?: TrustTier }>,
): DeliverySkill {
  const safety = assessSkill(skill, trust);
  const name = skill.doc.name || skill.folderName;
  const known = governance?.get(name);
  return {
    name,
    description: skill.doc.description,
    body: skill.doc.body,
    scope: parseScope(skill.doc.metadata[META.scope]),
    wilson: known?.wilson,
    tier: safety.quarantined ? 'quarantined' : (known?.tier ?? 'accepted'),
    path: skill.path,
    quarantineReasons: safety.quarantined
      ? safety.findings.map((finding) => `${finding.rule} at ${finding.file}:${finding.line}`)
      : undefined,
  };
}
