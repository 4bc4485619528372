/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * Lower bound of the Wilson score interval for a success rate: a skill with 3/3 successes
 * (0.44) ranks below one with 40/45 (0.77), because three uses prove little. 0 with no trials.
 */
export function wilsonLowerBound(successes: number, trials: number, z = Z_95): number {
  return wilsonInterval(successes, trials, z).lower;
}

export function wilsonInterval(successes: number, trials: number, z = Z_95): { lower: number; upper: number } {
  if (trials <= 0) return { lower: 0, upper: 1 };
  const p = Math.min(1, Math.max(0, successes / trials));
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return {
    lower: Math.max(0, (centre - margin) / denominator),
    upper: Math.min(1, (centre + margin) / denominator),
  };
}
