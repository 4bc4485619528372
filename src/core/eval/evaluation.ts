import { readImportGraph } from '../code/importGraph';
import { DEFAULT_GAP_THRESHOLD } from '../gaps/gapDetector';
import type { ClassifiedCommit, ExclusionReason } from '../history/commitRecord';
import { gitText } from '../history/gitProcess';
import { streamCommits } from '../history/historyMiner';
import { readPresentHistory } from '../history/presentHistory';
import { runLearn } from '../learn/learnPipeline';
import { resolveRepoRoot } from '../learn/repoContext';
import type { Candidate } from '../model/candidate';
import { silentLogger } from '../ports';
import { buildCoChangePredictors, CO_CHANGE_BASELINES } from './cochangeSetup';
import { CommitScorer, metricBlock, type ScoringContext } from './commitScorer';
import { AdherenceAccumulator, learnedConventions } from './conventionAdherence';
import type { EvalOptions, EvalReport, OnlineWindow } from './evalTypes';
import { buildEvalLibrary } from './libraryRetrieval';
import { onlineLearner } from './onlineLearner';
import { measureRecipes } from './recipeMeasure';

const CONVENTION_KEYS = [
  'conventional_commits',
  'ticket_reference',
  'subject_length',
  'test_location',
  'tests_with_code',
];

/**
 * Learns from the history before the split exactly as `learn --until` does, treats every distilled
 * candidate as accepted, then scores each later commit in order against what was learned and
 * against baselines that know only the same past. Nothing after the split reaches the learner
 * unless `online`, and then only commits already scored. Our co-change model follows the tree as
 * it changes (a file renamed after the split keeps its history), never its statistics.
 */
export async function runEvaluation(options: EvalOptions): Promise<EvalReport> {
  const started = Date.now();
  const signal = options.signal ?? options.progress?.signal;
  const logger = options.logger ?? silentLogger;
  const ks = normaliseKs(options.ks);
  const repo = await resolveEvalRepo(options.repo);
  const report = (message: string): void => options.progress?.report(message);

  report('Learning from the history before the split');
  const history = await readPresentHistory({ repo, until: options.split, halfLife: options.halfLife, signal });
  const learned = await runLearn({ repo, until: options.split, history, events: options.events, signal, logger });
  const split = history.split;
  let library: Candidate[] = learned.distilled;
  const imports = split.rev ? await readImportGraph(repo, split.rev, history.tree, { signal }) : [];
  const predictors = buildCoChangePredictors(history, Math.max(...ks), imports);
  const learnedAt = Date.now();

  report('Reading the commits after the split');
  const test: ClassifiedCommit[] = [];
  const excludedTest: Partial<Record<ExclusionReason, number>> = {};
  for await (const raw of streamCommits(repo, { rev: 'HEAD', exclude: split.rev, reverse: true, signal }))
    test.push(history.classifier.classify(raw));
  const scoredCommits = options.maxTestCommits !== undefined ? test.slice(0, options.maxTestCommits) : test;
  /** Files renamed after the split, by their name then: what the skills learned at the split call them. */
  const splitNames = new Map<string, string>();
  const readAt = Date.now();

  const context: ScoringContext = {
    ks,
    ours: predictors.ours,
    baselines: predictors.baselines,
    library: buildEvalLibrary(library),
    randomSeeds: options.randomSeeds ?? 10,
    gapThreshold: options.gapThreshold ?? DEFAULT_GAP_THRESHOLD,
    splitName: (path) => splitNames.get(path) ?? path,
  };
  const rules = learnedConventions(library);
  const futureAdherence = new AdherenceAccumulator(rules);
  const pastAdherence = new AdherenceAccumulator(rules);
  for (const commit of history.commits)
    if (!commit.exclusion)
      pastAdherence.add({ subject: commit.subject, body: commit.body, files: commit.statFilesThen });

  const online = options.online ? await onlineLearner(repo, history, options) : undefined;
  const windowSize = Math.max(1, options.window ?? 100);
  const relearnEvery = Math.max(1, options.relearnEvery ?? 1);
  const overall = new CommitScorer(ks);
  const windows: OnlineWindow[] = [];
  let windowScorer = new CommitScorer(ks);
  let sinceRelearn = 0;
  let scoredCount = 0;
  for (const commit of scoredCommits) {
    signal?.throwIfAborted();
    if (commit.exclusion) {
      excludedTest[commit.exclusion] = (excludedTest[commit.exclusion] ?? 0) + 1;
    } else {
      scoredCount++;
      overall.score(commit, scoredCount, context);
      futureAdherence.add({ subject: commit.subject, body: commit.body, files: commit.statFiles });
      if (online) {
        windowScorer.score(commit, scoredCount, context);
        if (windowScorer.scored === windowSize) {
          windows.push(closeWindow(windowScorer, scoredCount, context.library.skills.length));
          windowScorer = new CommitScorer(ks);
        }
      }
      if (scoredCount % 250 === 0) report(`Scored ${scoredCount} commits`);
    }
    predictors.observe(commit, online !== undefined);
    for (const file of commit.files)
      if (file.oldPath && file.oldPath !== file.path)
        splitNames.set(file.path, splitNames.get(file.oldPath) ?? file.oldPath);
    if (online) {
      online.add(commit);
      // Excluded commits join the history (as in learning) but change no statistic worth relearning for.
      if (!commit.exclusion && ++sinceRelearn >= relearnEvery) {
        sinceRelearn = 0;
        library = online.relearn(commit.commitDate);
        context.library = buildEvalLibrary(library);
      }
    }
  }
  if (online && windowScorer.scored > 0)
    windows.push(closeWindow(windowScorer, scoredCount, context.library.skills.length));
  const recipes = await measureRecipes(
    learned.code.additions,
    scoredCommits,
    predictors.ours,
    (path) => splitNames.get(path) ?? path,
    repo,
    { signal },
  );
  const scoredAt = Date.now();

  const futureShares = futureAdherence.shares();
  const pastShares = pastAdherence.shares();
  const learnedKeys = new Set(rules.map((rule) => rule.key));
  return {
    schema: 1,
    repo,
    split: {
      label: split.label,
      rev: split.rev ?? null,
      time: Number.isFinite(split.time) ? new Date(split.time).toISOString() : null,
    },
    train_commits: history.stats.counted,
    test_commits: scoredCount,
    excluded: { train: history.stats.excluded, test: excludedTest },
    ks: [...ks],
    half_life: history.halfLife,
    renames: history.stats.renames,
    library: learned.distilled.map((candidate) => ({
      name: candidate.name,
      source: candidate.source,
      scope: [...candidate.scope],
    })),
    cochange: overall.cochangeBlock(predictors.ours.name, CO_CHANGE_BASELINES),
    cochange_sets: overall.cochangeSetBlock(predictors.ours.name, CO_CHANGE_BASELINES),
    calibration: predictors.calibration(),
    recipes,
    retrieval: { ...overall.retrievalBlock(), random_seeds: context.randomSeeds },
    gaps: { ...overall.gapsBlock(), threshold: context.gapThreshold },
    conventions: {
      ...metricBlock(futureShares, { before_split: pastShares }),
      rules: rules.map((rule) => ({ key: rule.key, statement: rule.statement, ...futureAdherence.counts(rule.key) })),
      not_learned: CONVENTION_KEYS.filter((key) => !learnedKeys.has(key)),
    },
    ...(online ? { online: { window: windowSize, relearn_every: relearnEvery, windows } } : {}),
    timings_ms: {
      learn: learnedAt - started,
      read_test: readAt - learnedAt,
      score: scoredAt - readAt,
      total: Date.now() - started,
    },
  };
}

function closeWindow(scorer: CommitScorer, position: number, librarySize: number): OnlineWindow {
  const { ours, baselines, ratios } = scorer.cochangeBlock('ours', CO_CHANGE_BASELINES);
  const retrieval = scorer.retrievalBlock();
  return {
    from: position - scorer.scored + 1,
    to: position,
    first_commit: scorer.firstCommit,
    last_commit: scorer.lastCommit,
    library_size: librarySize,
    cochange: { ours, baselines, ratios },
    retrieval: { ours: retrieval.ours, baselines: retrieval.baselines, ratios: retrieval.ratios },
    gaps: { ours: scorer.gapsBlock().ours },
  };
}

/** A work tree's root, or a bare repository as it is (history needs no work tree: mirrors are bare). */
async function resolveEvalRepo(path: string): Promise<string> {
  try {
    return await resolveRepoRoot(path);
  } catch (error) {
    const bare = await gitText(path, ['rev-parse', '--is-bare-repository']).catch(() => '');
    if (bare.trim() === 'true') return path;
    throw error;
  }
}

function normaliseKs(ks: readonly number[] | undefined): number[] {
  const list = [...new Set((ks ?? [1, 3, 5]).filter((k) => Number.isInteger(k) && k > 0))].sort((a, b) => a - b);
  return list.length > 0 ? list : [1, 3, 5];
}
