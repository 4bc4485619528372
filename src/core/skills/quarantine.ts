import type { LoadedSkill } from './library';
import { scanSkill, type ScanFinding } from './scan';
import type { TrustStore } from './trustStore';

export interface SkillSafety {
  name: string;
  findings: ScanFinding[];
  /** A person (or the accept flow) vouched for exactly this folder content. */
  trusted: boolean;
  /** Held back from agents: the LM tool, MCP and mirrors must skip it. */
  quarantined: boolean;
}

/**
 * A skill is quarantined when the scan finds something and its current folder hash is not
 * trusted. Skills written by the accept flow are trusted on write, so they are never quarantined
 * unless someone changes them afterwards.
 */
export function assessSkill(skill: LoadedSkill, trust: TrustStore): SkillSafety {
  const name = skill.folderName;
  const trusted = trust.isTrusted(name, skill.folderHash);
  if (trusted) return { name, findings: [], trusted, quarantined: false };
  const findings = [
    ...scanSkill(
      skill.files.filter((file) => file.text !== undefined).map((file) => ({ path: file.path, text: file.text ?? '' })),
    ),
    ...binaryFindings(skill),
  ];
  return { name, findings, trusted, quarantined: findings.length > 0 };
}

export function quarantinedNames(skills: readonly LoadedSkill[], trust: TrustStore): Set<string> {
  const names = new Set<string>();
  for (const skill of skills) if (assessSkill(skill, trust).quarantined) names.add(skill.folderName);
  return names;
}

/** The user's explicit "Trust this skill": covers this exact content only. */
export function trustSkill(skill: LoadedSkill, trust: TrustStore, at: number, by = 'user'): void {
  trust.trust(skill.folderName, skill.folderHash, by, at);
}

const EXECUTABLE = /\.(?:exe|dll|so|dylib|bin|elf|com|scr|msi|jar|pyc|node|wasm)$/i;

/** Opaque programs cannot be reviewed by reading them; a text-only scan must not wave them through. */
function binaryFindings(skill: LoadedSkill): ScanFinding[] {
  return skill.files
    .filter(
      (file) =>
        file.text === undefined && !file.symlink && (EXECUTABLE.test(file.path) || file.path.startsWith('scripts/')),
    )
    .map((file) => ({
      rule: 'binary-executable',
      severity: 'high',
      file: file.path,
      line: 1,
      excerpt: `${file.size} bytes of binary or oversized content`,
    }));
}
