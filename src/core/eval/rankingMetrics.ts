/**
 * Ranking metrics shared by every predictor, ours and the baselines, so both are measured by the
 * same code on the same queries.
 *
 * Co-change follows Zimmermann et al. (ROSE, "Mining version histories to guide software
 * changes"): precision@k averages hits ÷ (predictions shown, at most k) over the queries that got
 * at least one prediction, because a rule miner may rightly say nothing; recall@k averages hits ÷
 * (other files of the commit) over every query, so saying nothing costs recall. `coverage` is the
 * share of queries with any prediction; hit@k, the share of queries whose top k hold at least one
 * right file (ROSE's own figure is hit@3 after one initial change).
 */
export type MetricSet = Record<string, number>;

export class CoChangeAccumulator {
  private readonly precisionSum: number[];
  private readonly precisionCount: number[];
  private readonly recallSum: number[];
  private readonly hitSum: number[];
  private queries = 0;
  private answered = 0;

  constructor(readonly ks: readonly number[]) {
    this.precisionSum = ks.map(() => 0);
    this.precisionCount = ks.map(() => 0);
    this.recallSum = ks.map(() => 0);
    this.hitSum = ks.map(() => 0);
  }

  /** One query: the ranked prediction for a file and the other files its commit really changed. */
  add(predicted: readonly string[], relevant: ReadonlySet<string>): void {
    if (relevant.size === 0) return;
    this.queries++;
    if (predicted.length > 0) this.answered++;
    this.ks.forEach((k, index) => {
      const shown = predicted.slice(0, k);
      let hits = 0;
      for (const path of shown) if (relevant.has(path)) hits++;
      if (shown.length > 0) {
        this.precisionSum[index] = (this.precisionSum[index] ?? 0) + hits / shown.length;
        this.precisionCount[index] = (this.precisionCount[index] ?? 0) + 1;
      }
      this.recallSum[index] = (this.recallSum[index] ?? 0) + hits / relevant.size;
      if (hits > 0) this.hitSum[index] = (this.hitSum[index] ?? 0) + 1;
    });
  }

  get queryCount(): number {
    return this.queries;
  }

  result(): MetricSet {
    const out: MetricSet = {};
    this.ks.forEach((k, index) => {
      const count = this.precisionCount[index] ?? 0;
      out[`precision_at_${k}`] = count === 0 ? 0 : (this.precisionSum[index] ?? 0) / count;
      out[`recall_at_${k}`] = this.queries === 0 ? 0 : (this.recallSum[index] ?? 0) / this.queries;
    });
    this.ks.forEach((k, index) => {
      out[`hit_at_${k}`] = this.queries === 0 ? 0 : (this.hitSum[index] ?? 0) / this.queries;
    });
    out.coverage = this.queries === 0 ? 0 : this.answered / this.queries;
    return out;
  }
}

/** hit@k over commits; `add` takes a per-commit hit probability so seeded baselines can average. */
export class HitAccumulator {
  private readonly sums: Map<string, number> = new Map();
  private count = 0;

  add(hits: Record<string, number>): void {
    this.count++;
    for (const [key, value] of Object.entries(hits)) this.sums.set(key, (this.sums.get(key) ?? 0) + value);
  }

  get commitCount(): number {
    return this.count;
  }

  result(): MetricSet {
    const out: MetricSet = {};
    for (const [key, sum] of this.sums) out[key] = this.count === 0 ? 0 : sum / this.count;
    return out;
  }
}

/** ours ÷ baseline per key; null where the baseline is 0 (a ratio would be meaningless). */
export function ratios(ours: MetricSet, baseline: MetricSet): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(ours)) {
    const base = baseline[key];
    if (base === undefined) continue;
    out[key] = base === 0 ? null : round(value / base);
  }
  return out;
}

/** Results are exact until reported; ratios are taken before rounding. Reported to 4 decimals. */
export function roundSet(set: MetricSet): MetricSet {
  const out: MetricSet = {};
  for (const [key, value] of Object.entries(set)) out[key] = round(value);
  return out;
}

export function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
