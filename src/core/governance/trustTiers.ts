import type { TrustTier } from '../matching/matchTypes';
import type { OutcomeStats } from './outcomeStats';

export interface TrustOptions {
  /** Successful uses (query data) before an accepted skill becomes trusted. @default 5 */
  trustedAfterSuccesses?: number;
  /** And its Wilson bound must reach this, so 5 wins among 10 losses do not count. @default 0.5 */
  minTrustedWilson?: number;
}

export interface TrustInput {
  /** Accepted into the library (a file in the skills folder), or still a candidate. */
  accepted: boolean;
  /** The scanner flagged it and nobody has approved it yet. */
  quarantined: boolean;
  stats?: OutcomeStats;
}

/** candidate → accepted → trusted; quarantine overrides everything until a person approves. */
export function trustTier(input: TrustInput, options: TrustOptions = {}): TrustTier {
  if (input.quarantined) return 'quarantined';
  if (!input.accepted) return 'candidate';
  const stats = input.stats;
  if (
    stats &&
    stats.successes >= (options.trustedAfterSuccesses ?? 5) &&
    stats.wilson >= (options.minTrustedWilson ?? 0.5)
  )
    return 'trusted';
  return 'accepted';
}
