import { rank } from '../candidates/reconcile';
import type { StoredCandidate } from '../candidates/candidateRepository';
import { type CoChangeModel, mineCoChangeRules } from '../distill/heuristic/cochangeRules';
import { sampleForHeaders } from '../distill/heuristic/layoutConventionsDistiller';
import { commandSourceFiles } from '../distill/heuristic/workingCommandsDistiller';
import { DEFAULT_GAP_THRESHOLD } from '../gaps/gapDetector';
import type { ClassifiedCommit, ExclusionReason } from '../history/commitRecord';
import { mineHistory, streamCommits } from '../history/historyMiner';
import { listFilesAt, readFilesAt } from '../history/repoTree';
import { distillAll } from '../learn/distillAll';
import { runLearn } from '../learn/learnPipeline';
import { resolveRepoRoot } from '../learn/repoContext';
import { gitText } from '../history/gitProcess';
import type { Candidate } from '../model/candidate';
import { silentLogger } from '../ports';
import { ChangeFrequencies, LearnedRulesPredictor, MostFrequentBaseline, SameDirectoryBaseline } from './cochangePredictors';
import { CommitScorer, metricBlock, type ScoringContext } from './commitScorer';
import { AdherenceAccumulator, learnedConventions } from './conventionAdherence';
import type { EvalOptions, EvalReport, OnlineWindow } from './evalTypes';
import { buildEvalLibrary } from './libraryRetrieval';

const BASELINES = ['same_directory', 'most_frequent'];
const CONVENTION_KEYS = ['conventional_commits', 'ticket_reference', 'subject_length', 'test_location', 'tests_with_code'];

/**
 * Learns from the history before the split exactly as `learn --until` does, treats every distilled
 * candidate as accepted, then scores each later commit in order against what was learned and
 * against baselines that know only the same past. Nothing after the split reaches the learner
 * unless `online`, and then only commits already scored.
 */
export async function runEvaluation(options: EvalOptions): Promise<EvalReport> {
  const started = Date.now();
  const signal = options.signal ?? options.progress?.signal;
  const logger = options.logger ?? silentLogger;
  const ks = normaliseKs(options.ks);
  const repo = await resolveEvalRepo(options.repo);
  const report = (message: string): void => options.progress?.report(message);

  report('Learning from the history before the split');
  const learned = await runLearn({ repo, until: options.split, events: options.events, signal, logger });
  const history = await mineHistory({ repo, until: options.split, signal });
  const split = history.split;
  let library: Candidate[] = learned.distilled;
  const treeFiles = split.rev ? (await listFilesAt(repo, split.rev, { signal })).filter((file) => history.classifier.pathKind(file) === 'ok') : [];
  const frequencies = new ChangeFrequencies(treeFiles);
  for (const commit of history.commits) if (!commit.exclusion) frequencies.observe(commit.statFiles);
  const learnedAt = Date.now();

  report('Reading the commits after the split');
  const test: ClassifiedCommit[] = [];
  const excludedTest: Partial<Record<ExclusionReason, number>> = {};
  const stream = streamCommits(repo, { rev: 'HEAD', exclude: split.rev, reverse: true, signal });
  for await (const raw of stream) {
    const commit = history.classifier.classify(raw);
    test.push(commit);
  }
  const scoredCommits = options.maxTestCommits !== undefined ? test.slice(0, options.maxTestCommits) : test;
  const readAt = Date.now();

  const ours = new LearnedRulesPredictor(mineCoChangeRules(history.commits));
  const context: ScoringContext = {
    ks,
    ours,
    baselines: [new SameDirectoryBaseline(frequencies), new MostFrequentBaseline(frequencies, Math.max(...ks))],
    library: buildEvalLibrary(library),
    randomSeeds: options.randomSeeds ?? 10,
    gapThreshold: options.gapThreshold ?? DEFAULT_GAP_THRESHOLD,
  };
  const rules = learnedConventions(library);
  const futureAdherence = new AdherenceAccumulator(rules);
  const pastAdherence = new AdherenceAccumulator(rules);
  for (const commit of history.commits) if (!commit.exclusion) pastAdherence.add({ subject: commit.subject, body: commit.body, files: commit.statFiles });

  const online = options.online ? await onlineLearner(repo, split.rev, history.commits, treeFiles, options) : undefined;
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
          windows.push(closeWindow(windowScorer, scoredCount, context.library.skills.length, ours.name));
          windowScorer = new CommitScorer(ks);
        }
      }
      if (scoredCount % 250 === 0) report(`Scored ${scoredCount} commits`);
    }
    if (online) {
      online.add(commit);
      if (!commit.exclusion) frequencies.observe(commit.statFiles);
      // Excluded commits join the history (as in learning) but change no statistic worth relearning for.
      if (!commit.exclusion && ++sinceRelearn >= relearnEvery) {
        sinceRelearn = 0;
        const relearned = online.relearn(commit.commitDate);
        ours.model = relearned.model;
        library = relearned.library;
        context.library = buildEvalLibrary(library);
      }
    }
  }
  if (online && windowScorer.scored > 0) windows.push(closeWindow(windowScorer, scoredCount, context.library.skills.length, ours.name));
  const scoredAt = Date.now();

  const futureShares = futureAdherence.shares();
  const pastShares = pastAdherence.shares();
  const learnedKeys = new Set(rules.map((rule) => rule.key));
  return {
    schema: 1,
    repo,
    split: { label: split.label, rev: split.rev ?? null, time: Number.isFinite(split.time) ? new Date(split.time).toISOString() : null },
    train_commits: history.stats.counted,
    test_commits: scoredCount,
    excluded: { train: history.stats.excluded, test: excludedTest },
    ks: [...ks],
    library: learned.distilled.map((candidate) => ({ name: candidate.name, source: candidate.source, scope: [...candidate.scope] })),
    cochange: overall.cochangeBlock(ours.name, BASELINES),
    retrieval: { ...overall.retrievalBlock(), random_seeds: context.randomSeeds },
    gaps: { ...overall.gapsBlock(), threshold: context.gapThreshold },
    conventions: {
      ...metricBlock(futureShares, { before_split: pastShares }),
      rules: rules.map((rule) => ({ key: rule.key, statement: rule.statement, ...futureAdherence.counts(rule.key) })),
      not_learned: CONVENTION_KEYS.filter((key) => !learnedKeys.has(key)),
    },
    ...(online ? { online: { window: windowSize, relearn_every: relearnEvery, windows } } : {}),
    timings_ms: { learn: learnedAt - started, read_test: readAt - learnedAt, score: scoredAt - readAt, total: Date.now() - started },
  };
}

function closeWindow(scorer: CommitScorer, position: number, librarySize: number, oursName: string): OnlineWindow {
  const { ours, baselines, ratios } = scorer.cochangeBlock(oursName, BASELINES);
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

interface OnlineLearner {
  add(commit: ClassifiedCommit): void;
  relearn(now: number): { model: CoChangeModel; library: Candidate[] };
}

/**
 * Online mode relearns from the same inputs `runLearn` uses (history newest first, the tree at the
 * split plus the paths scored commits added, recorded events up to the commit) via H6's distillers.
 */
async function onlineLearner(
  repo: string,
  rev: string | undefined,
  trainCommits: readonly ClassifiedCommit[],
  treeFiles: readonly string[],
  options: EvalOptions,
): Promise<OnlineLearner> {
  const commits = [...trainCommits];
  const files = new Set(treeFiles);
  const contents = rev ? await readFilesAt(repo, rev, commandSourceFiles(treeFiles)) : new Map<string, string>();
  const heads = rev ? await readFilesAt(repo, rev, sampleForHeaders(treeFiles), 2048) : new Map<string, string>();
  return {
    add(commit) {
      commits.unshift(commit);
      for (const file of commit.statFiles) files.add(file);
    },
    relearn(now) {
      const events = (options.events ?? []).filter((event) => event.ts <= now);
      const distilled = distillAll({ commits, files: [...files], contents, heads, events }, {}, now, options.logger);
      const library = [...distilled.candidates].sort((a, b) => rank(b as StoredCandidate) - rank(a as StoredCandidate));
      return { model: mineCoChangeRules(commits), library };
    },
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
