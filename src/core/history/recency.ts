/**
 * How much a past commit counts: its weight halves every `halfLife` counted commits, so a
 * regularity the repository kept recently outweighs one it followed years ago, and rates computed
 * with these weights are recent rates.
 */
export const DEFAULT_HALF_LIFE_COMMITS = 500;

export function recencyWeight(age: number, halfLife: number): number {
  if (!Number.isFinite(halfLife) || halfLife <= 0) return 1;
  return Math.pow(2, -Math.max(0, age) / halfLife);
}
