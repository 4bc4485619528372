import { versionOutcomeStats, type OutcomeStats } from './outcomeStats';
import { SkillVersionRepository, type SkillVersionRecord } from './skillVersions';
import { trustTier } from './trustTiers';
import { SkillUsageRepository } from './usageRepository';
import type { TrustTier } from '../matching/matchTypes';
import type { LoadedSkill } from '../skills/library';
import { META } from '../skills/provenance';
import type { SqlDatabase } from '../store/sqlDatabase';

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
