import type { SqlDatabase } from '../store/sqlDatabase';
import type { SkillVersionRecord } from './skillVersions';
import { wilsonLowerBound } from './wilson';

export interface OutcomeStats {
  /** Sessions counted (query data only), each once. */
  trials: number;
  successes: number;
  failures: number;
  /** successes / trials, or undefined with no trials. */
  rate?: number;
  wilson: number;
  /** Sessions left out because the version was distilled from them. */
  excludedSupport: number;
  /** Sessions left out because they came before the version was accepted. */
  excludedBefore: number;
}

interface OutcomeRow extends Record<string, string | number | null | Uint8Array> {
  session_id: string;
  ts: number;
  outcome: string | null;
}

/**
 * Success statistics of one skill version, counting only its query data: sessions that used it
 * after it was accepted, never the sessions it was distilled from (MetaClaw's support/query
 * split, so a skill is not rewarded for the very episodes it summarises). A session that used the
 * skill several times counts once; `mixed` counts as a failure, `unknown` not at all.
 */
export function versionOutcomeStats(db: SqlDatabase, version: SkillVersionRecord): OutcomeStats {
  const rows = db.all<OutcomeRow>(
    'SELECT session_id, ts, outcome FROM skill_usage WHERE skill = ? AND version = ? AND session_id IS NOT NULL ' +
      'ORDER BY ts',
    [version.skill, version.version],
  );
  const support = new Set(version.supportSessionIds);
  const outcomes = new Map<string, string>();
  const excludedSupport = new Set<string>();
  const excludedBefore = new Set<string>();
  for (const row of rows) {
    if (support.has(row.session_id)) excludedSupport.add(row.session_id);
    else if (Number(row.ts) < version.acceptedAt) excludedBefore.add(row.session_id);
    else if (row.outcome === 'success' || row.outcome === 'failure' || row.outcome === 'mixed')
      outcomes.set(row.session_id, row.outcome);
  }
  let successes = 0;
  for (const outcome of outcomes.values()) if (outcome === 'success') successes++;
  const trials = outcomes.size;
  return {
    trials,
    successes,
    failures: trials - successes,
    rate: trials > 0 ? successes / trials : undefined,
    wilson: wilsonLowerBound(successes, trials),
    excludedSupport: excludedSupport.size,
    excludedBefore: excludedBefore.size,
  };
}

/** Pooled success rate over the given stats; undefined when nothing has been counted yet. */
export function libraryAverageRate(stats: readonly OutcomeStats[]): number | undefined {
  let trials = 0;
  let successes = 0;
  for (const entry of stats) {
    trials += entry.trials;
    successes += entry.successes;
  }
  return trials > 0 ? successes / trials : undefined;
}
