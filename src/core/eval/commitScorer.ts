import type { ClassifiedCommit } from '../history/commitRecord';
import type { CoChangePredictor } from './cochangePredictors';
import { type EvalLibrary, randomRetrieval, retrieveForCommit } from './libraryRetrieval';
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
}

/**
 * Accumulates every metric over a run of commits: the whole test period, or one online window.
 * Ours and each baseline see exactly the same queries.
 */
export class CommitScorer {
  private readonly cochange: Map<string, CoChangeAccumulator> = new Map();
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
    if (files.length >= 2) {
      this.cochangeCommits++;
      for (const file of files) {
        const relevant = new Set(files);
        relevant.delete(file);
        for (const predictor of [context.ours, ...context.baselines]) {
          this.accumulator(predictor.name).add(predictor.predict(file, maxK), relevant);
        }
      }
    }
    const message = commit.body ? `${commit.subject}\n\n${commit.body}` : commit.subject;
    const ours = retrieveForCommit(context.library, message, files, this.ks);
    this.retrievalOurs.add(ours.hits);
    this.retrievalRandom.add(randomRetrieval(context.library, files, this.ks, index, context.randomSeeds));
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

  cochangeBlock(oursName: string, baselineNames: readonly string[]): MetricBlock & { queries: number; commits: number } {
    const baselines: Record<string, MetricSet> = {};
    for (const name of baselineNames) baselines[name] = this.accumulator(name).result();
    return { ...metricBlock(this.accumulator(oursName).result(), baselines), queries: this.accumulator(oursName).queryCount, commits: this.cochangeCommits };
  }

  retrievalBlock(): MetricBlock & { commits: number } {
    return { ...metricBlock(this.retrievalOurs.result(), { random: this.retrievalRandom.result() }), commits: this.retrievalOurs.commitCount };
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

  private accumulator(name: string): CoChangeAccumulator {
    let accumulator = this.cochange.get(name);
    if (!accumulator) this.cochange.set(name, (accumulator = new CoChangeAccumulator(this.ks)));
    return accumulator;
  }
}

/** Rounds for the report, after taking the ratios from the exact values. */
export function metricBlock(ours: MetricSet, baselines: Record<string, MetricSet>): MetricBlock {
  const rounded: Record<string, MetricSet> = {};
  for (const [name, set] of Object.entries(baselines)) rounded[name] = roundSet(set);
  return { ours: roundSet(ours), baselines: rounded, ratios: ratiosFor(ours, baselines) };
}

export function ratiosFor(ours: MetricSet, baselines: Record<string, MetricSet>): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  for (const [name, baseline] of Object.entries(baselines)) out[name] = ratios(ours, baseline);
  return out;
}
