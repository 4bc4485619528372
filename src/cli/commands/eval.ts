/**
 * `skillwright eval`: does what Skillwright learns predict the repository's future?
 *
 * Learns only from the history before the split (the `learn --until` path; every distilled
 * candidate counts as accepted), then scores each later commit in order without learning from it
 * (unless --online). Trivial commits (merges, bulk > 50 files, formatting sweeps, lockfile-,
 * vendor- or generated-only, releases) are left out by the same rules as learning
 * (src/core/history/commitFilters.ts) and counted under `excluded`.
 *
 * `--json` prints one object (stable schema; additions only). Numbers are 0–1 shares unless named
 * otherwise; every ratio is ours ÷ baseline, null where the baseline is 0.
 *
 *   {
 *     "schema": 1,
 *     "repo": "/abs/path",
 *     "split": { "label": "v1.2" | "2024-06-01", "rev": "<hash>" | null, "time": "ISO-8601" | null },
 *     "train_commits": 1200,              // counted commits learned from
 *     "test_commits": 300,                // counted commits scored
 *     "excluded": { "train": { "merge": 40, "bulk": 2, ... }, "test": { ... } },
 *     "ks": [1, 3, 5],
 *     "library": [ { "name": "changing-src-router", "source": "cochange", "scope": ["src/router/*"] } ],
 *     "cochange": {                       // for each file of a commit, predict its other files
 *       "queries": 2100, "commits": 250,  // queries = files of commits with 2+ counted files
 *       "ours":      { "precision_at_1": 0.61, "recall_at_1": 0.22, ..., "coverage": 0.4 },
 *       "baselines": { "same_directory": { same keys }, "most_frequent": { same keys }, "rose": { same keys } },
 *       "ratios":    { "same_directory": { "precision_at_1": 1.8, ... }, "most_frequent": { ... } }
 *     },
 *     // precision@k: hits ÷ predictions shown (≤ k), averaged over queries with ≥ 1 prediction;
 *     // recall@k: hits ÷ other files of the commit, averaged over all queries; coverage: share of
 *     // queries with any prediction. (Zimmermann et al., ROSE.)
 *     "cochange_sets": { same shape },      // half of each commit of 3+ files predicts the rest
 *     "calibration": { "calibrated": true, "half_life": 500 },
 *     "recipes": { "recipes": 2, "triggers": 15, "ours": { "share": 0.9 },
 *                  "baselines": { "cochange": { "share": 0.7 } }, "ratios": { "cochange": 1.29 } },
 *     // recipes: later commits that add a new name in a recipe's first file the way its first step
 *     // says; share = how many of the recipe's other files they also changed (co-change: as many
 *     // files predicted from the same first file, scored the same way)
 *     "retrieval": {                      // commit message as the task, matched against the library
 *       "commits": 300, "random_seeds": 10,
 *       "ours":      { "hit_at_1": 0.5, "specific_hit_at_1": 0.3, ... },
 *       "baselines": { "random": { same keys } },
 *       "ratios":    { "random": { ... } }
 *     },
 *     // hit@k: a top-k skill's scope covers ≥ 1 touched file; specific_hit@k: the same, counting
 *     // only skills whose scope is not the whole repository (`**`).
 *     "gaps": {
 *       "commits": 300, "threshold": 0.3,
 *       "ours": { "gap_rate": 0.4, "hit_at_1_when_matched": 0.7, "hit_at_1_when_gap": 0.2 },
 *       "baselines": {}, "ratios": {}
 *     },
 *     "conventions": {                    // rules stated by the learned commit and layout skills
 *       "ours":      { "conventional_commits": 0.9, "subject_length": 0.95, "test_location": 1,
 *                      "tests_with_code": 0.4, "ticket_reference": 0.8, "adherence": 0.8 },
 *       "baselines": { "before_split": { same keys, measured on the training commits } },
 *       "ratios":    { "before_split": { ... } },
 *       "rules": [ { "key": "conventional_commits", "statement": "…", "applicable": 280, "adhered": 250 } ],
 *       "not_learned": ["ticket_reference"]
 *     },
 *     "online": {                         // only with --online
 *       "window": 100, "relearn_every": 1,
 *       "windows": [ { "from": 1, "to": 100, "first_commit": "<hash>", "last_commit": "<hash>",
 *                      "library_size": 6, "cochange": { ours, baselines, ratios },
 *                      "retrieval": { ours, baselines, ratios }, "gaps": { "ours": { ... } } } ]
 *     },
 *     "timings_ms": { "learn": 2100, "read_test": 300, "score": 900, "total": 3300 }
 *   }
 */
import { resolve } from 'node:path';
import { runEvaluation } from '../../core/eval/evaluation';
import { renderEvalText } from '../../core/eval/evalReportText';
import { learnableEvents } from '../../core/learn/learnableEvents';
import type { RecordedEvent } from '../../core/model/events';
import { type CliCommand, UsageError } from '../command';
import { positiveInt, positiveInts, REPO_CONFIG_FLAGS, repoConfigInput } from '../options';
import { cliRepoRoot, cliStorePath, openStoreAt, parseStoreCommandArgs, storeExists } from '../repoStore';

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Measure how well what is learned before a split predicts the commits after it',
  usage: [
    'Usage: skillwright eval --split REV|DATE [--repo PATH] [--k 1,3,5] [--online [--window N] [--relearn-every ' +
      'N]] [--with-sessions [--db PATH]] [--json]',
    '',
    '  --split REV|DATE   learn only from history up to REV or DATE (as learn --until); score every later commit',
    '  --repo PATH        repository (default: the current folder)',
    '  --k LIST           cut-offs for precision/recall/hit (default 1,3,5)',
    '  --online           learn again after scoring each commit; report metrics per window',
    '  --window N         online: commits per window (default 100)',
    '  --relearn-every N  online: relearn after every N commits instead of each one (faster on long histories)',
    '  --max-test N       score only the first N commits after the split',
    '  --with-sessions    also learn from the recorded sessions in the store (before the split only)',
    '  --db PATH          store file for --with-sessions (default: the per-user store for this repository)',
    '  --seeds N          random-ranking baseline: orders averaged per commit (default 10)',
    "  --half-life N      commits per halving of an old commit's weight in what is learned (default 500)",
    '  --json             print the report as JSON (schema at the top of src/cli/commands/eval.ts)',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseStoreCommandArgs(args, {
      split: { type: 'string' },
      k: { type: 'string' },
      online: { type: 'boolean', default: false },
      window: { type: 'string' },
      'relearn-every': { type: 'string' },
      'max-test': { type: 'string' },
      'with-sessions': { type: 'boolean', default: false },
      seeds: { type: 'string' },
      'half-life': REPO_CONFIG_FLAGS['half-life'],
    });
    if (!values.split) throw new UsageError('--split REV|DATE is required');
    const ks = positiveInts(values.k, '--k');
    const repoPath = resolve(io.cwd, values.repo ?? '.');
    let events: RecordedEvent[] | undefined;
    if (values['with-sessions']) {
      const dbPath = cliStorePath(io, await cliRepoRoot(io, values.repo), values.db);
      if (!storeExists(dbPath)) io.logger.warn(`no store at ${dbPath}: learning from history alone`);
      else {
        const store = await openStoreAt(io, dbPath, 'read');
        try {
          events = learnableEvents(store);
        } finally {
          await store.close();
        }
      }
    }
    const report = await runEvaluation({
      repo: repoPath,
      split: values.split,
      ks,
      online: values.online,
      window: positiveInt(values.window, '--window'),
      relearnEvery: positiveInt(values['relearn-every'], '--relearn-every'),
      maxTestCommits: positiveInt(values['max-test'], '--max-test'),
      randomSeeds: positiveInt(values.seeds, '--seeds'),
      halfLife: repoConfigInput(values).halfLifeCommits,
      events,
      signal: io.signal,
      logger: io.logger,
      progress: io.interactive ? { report: (message) => io.stderr(`\r${message.slice(0, 70).padEnd(70)}`) } : undefined,
    });
    if (io.interactive) io.stderr(`\r${' '.repeat(70)}\r`);
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderEvalText(report));
    return 0;
  },
};
