import type { TrustTier } from '../matching/matchTypes';
import type { SqlDatabase } from '../store/sqlDatabase';
import { libraryAverageRate, versionOutcomeStats, type OutcomeStats } from './outcomeStats';
import { SkillVersionRepository } from './skillVersions';
import { trustTier, type TrustOptions } from './trustTiers';

export interface SkillGovernance {
  version: string;
  stats: OutcomeStats;
  wilson: number;
  tier: TrustTier;
}

/**
 * Every skill's current-version statistics and tier, plus the library average: what the
 * Library view shows, what the ranking prior reads (pass it to loadDeliveryLibrary as
 * `governance`), and what drift review compares against.
 */
export function governanceSnapshot(
  db: SqlDatabase,
  options: TrustOptions & { quarantined?: ReadonlySet<string> } = {},
): { skills: Map<string, SkillGovernance>; libraryAverage?: number } {
  const skills = new Map<string, SkillGovernance>();
  for (const version of new SkillVersionRepository(db).currentVersions()) {
    const stats = versionOutcomeStats(db, version);
    const tier = trustTier(
      { accepted: true, quarantined: options.quarantined?.has(version.skill) ?? false, stats },
      options,
    );
    skills.set(version.skill, { version: version.version, stats, wilson: stats.wilson, tier });
  }
  return { skills, libraryAverage: libraryAverageRate([...skills.values()].map((entry) => entry.stats)) };
}
