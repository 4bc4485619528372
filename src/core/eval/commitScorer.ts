import type { ClassifiedCommit } from '../history/commitRecord';
import type { CoChangePredictor } from './cochangePredictors';
import { type EvalLibrary, mulberry32, randomRetrieval, retrieveForCommit } from './libraryRetrieval';
import type { MetricBlock } from './evalTypes';
import { CoChangeAccumulator, HitAccumulator, type MetricSet, ratios, round, roundSet } from './rankingMetrics';

/** What one scoring pass needs; online mode swaps the learned parts between commits. */
export interface ScoringContext {
  ks: readonly number[];
  ours: CoChangePredictor;
  baselines: readonly CoChangePredictor[];
  library: EvalLibrary;
  randomSeeds: number;
  gapThreshold: number;
  /** The name a file had at the split, for files renamed since (skills name those). */
  splitName?: (path: string) => string;
}

/**
 * Accumulates every metric over a run of commits: the whole test period, or one online window.
 * Ours and each baseline see exactly the same queries.
 */
export class CommitScorer {
  private readonly cochange: Map<string, CoChangeAccumulator> = new Map();
  private readonly cochangeSets: Map<string, CoChangeAccumulator> = new Map();
  private setCommits = 0;
  private readonly retrievalOurs = new HitAccumulator();
  private readonly retrievalRandom = new HitAccumulator();
  private readonly gapsOurs = new HitAccumulator();
  private cochangeCommits = 0;
  private gapCommits = 0;
  private matchedCommits = 0;
  private hitWhenGap = 0;
  private hitWhenMatched = 0;
  firstCommit = '';
  lastCommit = '';
  scored = 0;

  constructor(private readonly ks: readonly number[]) {}

  score(commit: ClassifiedCommit, index: number, context: ScoringContext): void {
    if (!this.firstCommit) this.firstCommit = commit.hash;
    this.lastCommit = commit.hash;
    this.scored++;
    const files = [...new Set(commit.statFiles)];
    const maxK = Math.max(...this.ks);
    const predictors = [context.ours, ...context.baselines];
    if (files.length >= 2) {
      this.cochangeCommits++;
      for (const file of files) {
        const relevant = new Set(files);
        relevant.delete(file);
        for (const predictor of predictors)
          accumulatorIn(this.cochange, predictor.name, this.ks).add(predictor.predict([file], maxK), relevant);
      }
    }
    if (files.length >= 3) {
      // "The files changed so far": half of the commit's files in a seeded order, the rest to find.
      this.setCommits++;
      const { query, rest } = splitFiles(files, index);
      for (const predictor of predictors)
        accumulatorIn(this.cochangeSets, predictor.name, this.ks).add(predictor.predict(query, maxK), rest);
    }
    const task = commit.body ? `${commit.subject}\n\n${commit.body}` : commit.subject;
    // Skills speak of the tree at the split: a file renamed since counts under that name.
    const touched = files.map((file) => context.splitName?.(file) ?? file);
    const ours = retrieveForCommit(context.library, task, touched, this.ks);
    this.retrievalOurs.add(ours.hits);
    this.retrievalRandom.add(randomRetrieval(context.library, touched, this.ks, index, context.randomSeeds));
    const gap = ours.topScore < context.gapThreshold;
    this.gapsOurs.add({ gap_rate: gap ? 1 : 0 });
    const hit = ours.hits[`hit_at_${this.ks[0] ?? 1}`] ?? 0;
    if (gap) {
      this.gapCommits++;
      this.hitWhenGap += hit;
    } else {
      this.matchedCommits++;
      this.hitWhenMatched += hit;
    }
  }

  /** One initial change: each file of a commit alone predicts the commit's other files. */
  cochangeBlock(
    oursName: string,
    baselineNames: readonly string[],
  ): MetricBlock & { queries: number; commits: number } {
    return { ...blockOf(this.cochange, oursName, baselineNames, this.ks), commits: this.cochangeCommits };
  }

  /** The files changed so far: half of a commit's files (3 or more) predict the other half. */
  cochangeSetBlock(
    oursName: string,
    baselineNames: readonly string[],
  ): MetricBlock & { queries: number; commits: number } {
    return { ...blockOf(this.cochangeSets, oursName, baselineNames, this.ks), commits: this.setCommits };
  }

  retrievalBlock(): MetricBlock & { commits: number } {
    return {
      ...metricBlock(this.retrievalOurs.result(), { random: this.retrievalRandom.result() }),
      commits: this.retrievalOurs.commitCount,
    };
  }

  /** Gap rate, and hit@k1 split by whether the top match cleared the threshold (is the gap signal informative?). */
  gapsBlock(): MetricBlock & { commits: number } {
    const k = this.ks[0] ?? 1;
    const ours: MetricSet = {
      gap_rate: round(this.gapsOurs.result().gap_rate ?? 0),
      [`hit_at_${k}_when_matched`]: round(this.matchedCommits === 0 ? 0 : this.hitWhenMatched / this.matchedCommits),
      [`hit_at_${k}_when_gap`]: round(this.gapCommits === 0 ? 0 : this.hitWhenGap / this.gapCommits),
    };
    return { ours, baselines: {}, ratios: {}, commits: this.gapsOurs.commitCount };
  }
}

function accumulatorIn(
  map: Map<string, CoChangeAccumulator>,
  name: string,
  ks: readonly number[],
): CoChangeAccumulator {
  let accumulator = map.get(name);
  if (!accumulator) map.set(name, (accumulator = new CoChangeAccumulator(ks)));
  return accumulator;
}

function blockOf(
  map: Map<string, CoChangeAccumulator>,
  oursName: string,
  baselineNames: readonly string[],
  ks: readonly number[],
): MetricBlock & { queries: number } {
  const baselines: Record<string, MetricSet> = {};
  for (const name of baselineNames) baselines[name] = accumulatorIn(map, name, ks).result();
  const ours = accumulatorIn(map, oursName, ks);
  return { ...metricBlock(ours.result(), baselines), queries: ours.queryCount };
}

/** A seeded shuffle of the files (reproducible per commit), cut in half. */
function splitFiles(files: readonly string[], index: number): { query: string[]; rest: Set<string> } {
  const random = mulberry32(0x5eed + index);
  const order = [...files].sort();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const half = Math.floor(order.length / 2);
  return { query: order.slice(0, half), rest: new Set(order.slice(half)) };
}

/** Rounds for the report, after taking the ratios from the exact values. */
export function metricBlock(ours: MetricSet, baselines: Record<string, MetricSet>): MetricBlock {
  const rounded: Record<string, MetricSet> = {};
  for (const [name, set] of Object.entries(baselines)) rounded[name] = roundSet(set);
  return { ours: roundSet(ours), baselines: rounded, ratios: ratiosFor(ours, baselines) };
}

export function ratiosFor(
  ours: MetricSet,
  baselines: Record<string, MetricSet>,
): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  for (const [name, baseline] of Object.entries(baselines)) out[name] = ratios(ours, baseline);
  return out;
}
