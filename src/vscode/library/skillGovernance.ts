import { stat } from 'node:fs/promises';
import { describeDriftReason, reviewDrift, type DriftSkill } from '../../core/governance/driftReview';
import type { DriftGit } from '../../core/governance/gitReader';
import { libraryAverageRate, versionOutcomeStats, type OutcomeStats } from '../../core/governance/outcomeStats';
import { SkillVersionRepository, type SkillVersionRecord } from '../../core/governance/skillVersions';
import { trustTier } from '../../core/governance/trustTiers';
import { SkillUsageRepository } from '../../core/governance/usageRepository';
import type { TrustTier } from '../../core/matching/matchTypes';
import type { LoadedSkill } from '../../core/skills/library';
import { META } from '../../core/skills/provenance';
import type { SqlDatabase } from '../../core/store/sqlDatabase';

/** The governance repositories over the store's database, as the library needs them. */
export interface LibraryGovernance {
  usage: SkillUsageRepository;
  versions: SkillVersionRepository;
  /** Outcome statistics are computed per version straight from the usage table. */
  db: SqlDatabase;
}

export function governanceFromDb(db: SqlDatabase): LibraryGovernance {
  return { usage: new SkillUsageRepository(db), versions: new SkillVersionRepository(db), db };
}

export interface SkillGovernanceFacts {
  uses: number;
  successRate?: number;
  wilson?: number;
  tier: TrustTier;
  stats?: OutcomeStats;
  lastUsedAt?: number;
  version?: SkillVersionRecord;
}

/**
 * The version a delivery is recorded under: the accept flow's `skillwright.version`, or for a
 * hand-written or teammate skill its content hash, so an edit starts fresh statistics.
 */
export function deliveryVersion(skill: LoadedSkill): string {
  return skill.doc.metadata[META.version] ?? `h-${skill.hash.slice(0, 12)}`;
}

/** Uses, success rate, Wilson bound and tier of one skill; without governance, just its tier. */
export function governanceFacts(
  skill: LoadedSkill,
  quarantined: boolean,
  governance: LibraryGovernance | undefined,
  trustedAfterUses: number,
): SkillGovernanceFacts {
  if (!governance) return { uses: 0, tier: trustTier({ accepted: true, quarantined }) };
  const name = skill.folderName;
  const versionId = deliveryVersion(skill);
  const recorded = governance.versions.get(name, versionId);
  const version: SkillVersionRecord = recorded ?? {
    skill: name,
    version: versionId,
    hash: skill.hash,
    acceptedAt: 0,
    content: '',
    supportSessionIds: [],
    evidenceFiles: [],
  };
  const stats = versionOutcomeStats(governance.db, version);
  return {
    uses: governance.usage.usages(name).length,
    successRate: stats.rate,
    wilson: stats.trials > 0 ? stats.wilson : undefined,
    tier: trustTier({ accepted: true, quarantined, stats }, { trustedAfterSuccesses: trustedAfterUses }),
    stats,
    lastUsedAt: governance.usage.lastUsedAt(name),
    version: recorded,
  };
}

export interface DriftInput {
  skill: LoadedSkill;
  facts: SkillGovernanceFacts;
}

/** What drift review found about one skill: a readable line per reason, and the files renamed since. */
export interface DriftFinding {
  reasons: string[];
  renames: { from: string; to: string }[];
}

/**
 * Drift findings per skill name. A skill with no recorded version counts as accepted when its
 * SKILL.md was last written, so a teammate's fresh skill is not "unused".
 */
export async function reviewLibraryDrift(
  inputs: readonly DriftInput[],
  git: DriftGit,
  options: { now: number; unusedDays: number },
): Promise<Map<string, DriftFinding>> {
  const driftSkills: DriftSkill[] = [];
  for (const { skill, facts } of inputs) {
    const acceptedAt = facts.version?.acceptedAt ?? (await stat(skill.path).then((info) => info.mtimeMs, () => options.now));
    driftSkills.push({
      name: skill.folderName,
      body: skill.doc.body,
      evidenceFiles: facts.version?.evidenceFiles ?? [],
      acceptedAt,
      acceptedCommit: facts.version?.acceptedCommit,
      lastUsedAt: facts.lastUsedAt,
      stats: facts.stats,
    });
  }
  const libraryAverage = libraryAverageRate(inputs.flatMap(({ facts }) => (facts.stats ? [facts.stats] : [])));
  const flags = await reviewDrift(driftSkills, { git, now: options.now, libraryAverage }, { unusedDays: options.unusedDays });
  return new Map(
    flags.map((flag) => [
      flag.skill,
      { reasons: flag.reasons.map(describeDriftReason), renames: flag.reasons.flatMap((reason) => (reason.kind === 'renamed-files' ? reason.files : [])) },
    ]),
  );
}
