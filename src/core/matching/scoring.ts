import type { MatchableSkill, TrustTier } from './matchTypes';

/**
 * How the parts of a match become one 0–1 score. Kept apart from the index so the hybrid
 * (embedding) matcher combines its parts the same way.
 */

/**
 * Maps the query-relative BM25 coverage (raw score ÷ the query's maximal attainable score,
 * which stays below 1 because term frequency saturates) onto 0–1 with a Weibull curve. It is
 * flat near 0, so one stray shared word among several (coverage ≈ 0.1–0.25) stays well under
 * the default gap threshold of 0.3, and steep in the middle, so a skill that covers the task's
 * distinctive words (coverage ≥ 0.35) clears it clearly. Calibrated on the labelled test set.
 */
export function saturate(coverage: number): number {
  if (coverage <= 0) return 0;
  // Weibull shape 2, written as a product because this runs for every touched skill per query.
  const x = coverage / COVERAGE_SCALE;
  return 1 - Math.exp(-x * x);
}

const COVERAGE_SCALE = 0.47;

/**
 * How much a glob says about a path: `packages/api/src/payments/**` (two or more literal segments)
 * is strong evidence, a bare extension glob such as `*.ts` under any folder (none) is barely any, because it matches
 * every file.
 */
export function globSpecificity(glob: string): number {
  let literal = 0;
  for (const segment of glob.split('/')) {
    if (/[*?[\]{}!]/.test(segment)) break;
    if (segment) literal++;
  }
  return Math.min(1, (literal + 1) / 3);
}

/** Weight of the scope boost: a task whose files all fall in scope adds this share of the remaining headroom. */
const SCOPE_WEIGHT = 0.6;
/** The prior only nudges: at most ±PRIOR_WEIGHT/2. */
const PRIOR_WEIGHT = 0.06;

const TIER_VALUE: Record<TrustTier, number> = { quarantined: 0, candidate: 0.4, accepted: 0.6, trusted: 1 };

/** 0–1 from the skill's Wilson bound and tier; 0.5 is neutral (an accepted skill with no record). */
export function priorOf(skill: MatchableSkill): number {
  const tier = TIER_VALUE[skill.tier ?? 'accepted'];
  const wilson = skill.wilson ?? 0.4;
  return Math.min(1, Math.max(0, 0.5 * tier + 0.5 * wilson + 0.0));
}

/** Noisy-or of text and scope evidence, then the small prior; 0 stays 0 so the prior alone never matches. */
export function combineScores(lexical: number, scope: number, prior: number): number {
  const evidence = 1 - (1 - lexical) * (1 - SCOPE_WEIGHT * scope);
  if (evidence <= 0) return 0;
  return Math.min(1, Math.max(0, evidence + PRIOR_WEIGHT * (prior - 0.5)));
}
