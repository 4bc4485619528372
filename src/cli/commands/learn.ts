/**
 * `skillwright learn`: mine the repository's history and the recorded sessions in its store, run
 * the heuristic distillers, and queue the candidates for review.
 *
 * `--json` prints one object (stable schema; additions only):
 *
 *   {
 *     "repo": "/abs/path",                 // repository root
 *     "split": { "label": "HEAD" | REV | DATE, "rev": "<hash>" | null },
 *     "stats": { "commits": 1634, "counted": 1303,
 *                "excluded": { "merge": 204, "release": 95, "bulk": 1, ... },
 *                "halfLife": 500,                 // commits per halving of an old commit's weight
 *                "renames": 158,                  // rename records followed to today's paths
 *                "aboutDeletedFiles": 40,         // counted commits whose every file is gone
 *                "stale": 0, "renamed": 1,        // candidates dropped / rewritten for naming absent paths
 *                "events": 0, "added": 7, "updated": 0,
 *                "dropped": { "rejected-before": 1, "in-library": 2, "over-cap": 3, ... },
 *                "durationMs": 3700 },
 *     "candidates": [ {                    // added or refreshed by this run, best first
 *       "id": "3f2a9c81d0",                // pass to show / accept / reject (a unique prefix works)
 *       "name": "changing-src-router",     // Agent Skills name: [a-z0-9-], ≤ 64 chars
 *       "description": "…when to use it…", // ≤ 1024 chars
 *       "kind": "new" | "edit",            // edit = a change to an existing skill of that name
 *       "status": "pending",
 *       "confidence": 0.87,                // 0–1
 *       "support": 23,                     // observations behind it (commits, episodes, corrections)
 *       "evidence": [ { "kind": "commit" | "session" | "file" | "command" | "gap",
 *                       "ref": "<hash | session id | path | command line>",
 *                       "detail"?: "one line", "line"?: 12, "eventId"?: "…" } ],   // never empty
 *       "scope": ["src/router/*"],         // path globs the skill applies to
 *       "source": "cochange" | "layout-conventions" | "commit-conventions" | "working-commands"
 *                 | "fail-fix-pass" | "human-corrections",
 *       "body": "# …markdown: When to use / Steps or Rules / Pitfalls / Evidence…",
 *       "span"?: { "from": "2023-01-04", "to": "2026-05-30", "commits": 31 },  // when the evidence happened
 *       "statistics"?: { "support": "31", "recent-confidence": "0.79", ... }, // figures kept out of the body
 *       "diff"?: "unified diff against the current skill (kind edit)",
 *       "baseHash"?: "content hash of the skill the edit was made against"
 *     } ]
 *   }
 *
 * `learn --replay --json` prints the same candidate objects (source "commit-replay") with the
 * run's figures instead of history stats:
 *
 *   { "repo": "/abs/path",
 *     "replay": { "processed": 27, "skipped": 3, "tokens": 31860,
 *                 "stoppedBy": "done" | "budget" | "cancelled" | "error", "error"?: "…" },
 *     "stats": { "added": 1, "updated": 0, "dropped": { "in-library": 1, ... } },
 *     "candidates": [ … ] }
 *
 * Exit codes: 0 done or stopped by a limit, 130 cancelled (Ctrl+C), 1 error (what was learned
 * before it is still queued), 2 no model configured or bad arguments.
 */
import { DEFAULT_MAX_PENDING } from '../../core/candidates/reconcile';
import type { Progress } from '../../core/ports';
import { type CliCommand, type CliIo, UsageError } from '../command';
import { positiveInt, REPO_CONFIG_FLAGS, repoConfigInput } from '../options';
import { LLM_ENV_HELP } from '../llmFromEnv';
import { openRepoWorkflow, parseStoreCommandArgs } from '../repoStore';
import { candidateJson, candidateTable } from './candidates';
import { runReplayLearn } from './learnReplay';

export const learnCommand: CliCommand = {
  name: 'learn',
  summary: 'Learn skill candidates from git history and recorded sessions (no LLM needed; --replay uses one)',
  usage: [
    'Usage: skillwright learn [--repo PATH] [--until REV|DATE] [--db PATH] [--max N] [--max-commits N] [--json]',
    '       skillwright learn --replay [--since REV] [--until REV] [--max-commits N] [--max-tokens N] [--repo ' +
      'PATH] [--db PATH] [--json]',
    '',
    '  --repo PATH        repository to learn from (default: the current folder)',
    '  --until REV|DATE   strict split: learn only from commits up to REV (its ancestors, committed',
    '                     no later than it) or from the main line as of DATE; sessions after it are ignored',
    '  --db PATH          store file (default: the per-user store for this repository, never inside it)',
    `  --max N            most pending candidates at once (default ${DEFAULT_MAX_PENDING}; setting ` +
      `skillwright.learn.maxPending)`,
    '  --max-commits N    read at most the newest N commits before the split',
    "  --half-life N      commits per halving of an old commit's weight (default 500; setting " +
      'skillwright.learn.halfLifeCommits)',
    '  --skills-folder D  existing skills, for dedup (default .agents/skills)',
    '  --json             print the candidates as JSON (schema at the top of src/cli/commands/learn.ts)',
    '',
    '  --replay           contrastive commit replay with a language model: for each commit (oldest first)',
    '                     the model attempts the change blind, and what it missed becomes skill candidates.',
    '                     Resumable: a later run continues after the last replayed commit. Ctrl+C stops',
    '                     cleanly. Code sent to the model is redacted first. Prompts in .skillwright/prompts',
    '                     override the shipped ones.',
    '  --since REV        replay only commits after REV (each --since has its own resume point)',
    '  --until REV        replay up to REV (default HEAD)',
    '  --max-commits N    replay at most N commits in this run',
    '  --max-tokens N     stop once this run has used N tokens',
    '',
    LLM_ENV_HELP,
  ].join('\n'),
  async run(args, io) {
    const { values } = parseStoreCommandArgs(args, {
      'skills-folder': REPO_CONFIG_FLAGS['skills-folder'],
      max: REPO_CONFIG_FLAGS.max,
      'half-life': REPO_CONFIG_FLAGS['half-life'],
      until: { type: 'string' },
      'max-commits': { type: 'string' },
      replay: { type: 'boolean', default: false },
      since: { type: 'string' },
      'max-tokens': { type: 'string' },
    });
    const config = repoConfigInput(values);
    const maxCommits = positiveInt(values['max-commits'], '--max-commits');
    const maxTokens = positiveInt(values['max-tokens'], '--max-tokens');
    if (values.replay) {
      return runReplayLearn(io, {
        repo: values.repo,
        db: values.db,
        config,
        since: values.since,
        until: values.until,
        maxCommits,
        maxTokens,
        json: values.json,
      });
    }
    if (values.since !== undefined || maxTokens !== undefined)
      throw new UsageError('--since and --max-tokens go with --replay');
    const { repoRoot, workflow, close } = await openRepoWorkflow(io, { repo: values.repo, db: values.db, config });
    try {
      const progress = progressBar(io);
      const result = await workflow.learn({
        until: values.until,
        maxCommits,
        progress,
        signal: io.signal,
        logger: io.logger,
      });
      progress.done();
      const stats = result.stats;
      if (values.json) {
        const json = {
          repo: repoRoot,
          split: { label: stats.split.label, rev: stats.split.rev ?? null },
          stats: {
            commits: stats.history.total,
            counted: stats.history.counted,
            excluded: stats.history.excluded,
            halfLife: stats.halfLife,
            renames: stats.history.renames,
            aboutDeletedFiles: stats.history.aboutDeletedFiles,
            stale: stats.stale,
            renamed: stats.renamed,
            events: stats.eventsUsed,
            added: stats.added,
            updated: stats.updated,
            dropped: stats.dropped,
            durationMs: stats.durationMs,
          },
          candidates: result.candidates.map(candidateJson),
        };
        io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        return 0;
      }
      const excluded = Object.entries(stats.history.excluded)
        .map(([reason, count]) => `${count} ${reason}`)
        .join(', ');
      io.stdout(
        `Read ${stats.history.total} commits up ` +
          `to ${stats.split.label}${excluded ? ` (left out: ${excluded})` : ''} and ${stats.eventsUsed} recorded ` +
          `events in ${(stats.durationMs / 1000).toFixed(1)} s.\n`,
      );
      for (const [name, message] of Object.entries(stats.failed))
        io.stderr(`warning: the ${name} distiller failed: ${message}\n`);
      if (result.candidates.length === 0) {
        io.stdout(
          `No new candidates${
            Object.keys(stats.dropped).length
              ? ` (dropped: ${Object.entries(stats.dropped)
                  .map(([reason, count]) => `${count} ${reason}`)
                  .join(', ')})`
              : ''
          }.\n`,
        );
        return 0;
      }
      io.stdout(
        `\n${candidateTable(result.candidates)}\nReview with \`skillwright show ID\`, then \`skillwright accept ` +
          `ID\` or \`skillwright reject ID\`.\n`,
      );
      return 0;
    } finally {
      await close();
    }
  },
};

/** A one-line bar redrawn in place on an interactive stderr; silent otherwise. */
function progressBar(io: CliIo): Progress & { done(): void } {
  let percent = 0;
  const width = 24;
  return {
    report(message, increment) {
      percent = Math.min(100, percent + (increment ?? 0));
      if (!io.interactive) return;
      const filled = Math.round((percent / 100) * width);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      const shown = String(Math.round(percent)).padStart(3);
      io.stderr(`\r[${bar}] ${shown}% ${message.slice(0, 60).padEnd(60)}`);
    },
    done() {
      if (io.interactive) io.stderr(`\r${' '.repeat(width + 70)}\r`);
    },
  };
}
