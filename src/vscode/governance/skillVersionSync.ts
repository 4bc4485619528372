import type { StoredCandidate } from '../../core/candidates/candidateRepository';
import type { SkillVersionRecord, SkillVersionRepository } from '../../core/governance/skillVersions';
import type { LoadedSkill } from '../../core/skills/library';
import { META } from '../../core/skills/provenance';
import { deliveryVersion } from '../../core/governance/skillGovernance';

/**
 * The versions to record for library skills Skillwright wrote whose current version the store
 * does not know yet: an accept just happened (here or in the CLI), or a teammate's accepted skill
 * arrived with a pull. Support sessions come from the accepted candidate's evidence, so the
 * sessions a version was learned from never count toward its own success rate.
 */
export function newSkillVersions(
  skills: readonly LoadedSkill[],
  versions: SkillVersionRepository,
  accepted: readonly StoredCandidate[],
  context: { now: number; headCommit?: string },
): SkillVersionRecord[] {
  const records: SkillVersionRecord[] = [];
  for (const skill of skills) {
    if (!skill.doc.metadata[META.source]) continue;
    const version = deliveryVersion(skill);
    if (versions.get(skill.folderName, version)) continue;
    const candidate = latestAccepted(accepted, skill.folderName);
    records.push({
      skill: skill.folderName,
      version,
      hash: skill.hash,
      acceptedAt: candidate?.updatedAt ?? context.now,
      content: skill.text,
      supportSessionIds: unique(
        candidate?.evidence.filter((item) => item.kind === 'session').map((item) => item.ref) ?? [],
      ),
      evidenceFiles: unique(candidate?.evidence.filter((item) => item.kind === 'file').map((item) => item.ref) ?? []),
      ...(context.headCommit ? { acceptedCommit: context.headCommit } : {}),
    });
  }
  return records;
}

function latestAccepted(accepted: readonly StoredCandidate[], name: string): StoredCandidate | undefined {
  let latest: StoredCandidate | undefined;
  for (const candidate of accepted) {
    if (candidate.name !== name) continue;
    if (!latest || (candidate.updatedAt ?? candidate.createdAt) > (latest.updatedAt ?? latest.createdAt))
      latest = candidate;
  }
  return latest;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
