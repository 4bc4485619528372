import { join } from 'node:path';
import type { StoredCandidate } from '../../core/candidates/candidateRepository';
import { type CommitReplayResult, runCommitReplay } from '../../core/distill/llm/commitReplay';
import { replaySeeds } from '../../core/distill/llm/replaySeeds';
import { kvReplayCursorStore } from '../../core/distill/llm/replayCursor';
import type { QueuedCandidates } from '../../core/learn/queueCandidates';
import { RunBudget } from '../../core/llm/budget';
import { WORKSPACE_PROMPTS_DIR } from '../../core/llm/metaSkills';
import type { RepoConfigInput } from '../../core/review/repoConfig';
import { type CliIo, UsageError } from '../command';
import { modelFromEnv } from '../llmFromEnv';
import { openRepoWorkflow } from '../repoStore';
import { candidateJson, candidateTable } from './candidates';

export interface ReplayArgs {
  repo?: string;
  db?: string;
  /** The skills folder and the pending cap are what replay reads of it. */
  config: RepoConfigInput;
  since?: string;
  until?: string;
  maxCommits?: number;
  maxTokens?: number;
  json: boolean;
}

/** A long replay checkpoints the store this often, so a crash loses at most this much progress. */
const CHECKPOINT_EVERY_MS = 30_000;

/**
 * `skillwright learn --replay`: contrastive commit replay with the model from the environment.
 * Resumable (the cursor lives in the store), cancellable with Ctrl+C, and its candidates go
 * through the same dedup and pending cap as heuristic learning.
 */
export async function runReplayLearn(io: CliIo, args: ReplayArgs): Promise<number> {
  const budget = new RunBudget(args.maxTokens ? { maxTokens: args.maxTokens } : {});
  const configured = modelFromEnv(io.env ?? process.env, { budget, logger: io.logger });
  if (!configured.ok) throw new UsageError(`--replay needs a model: ${configured.reason}`);
  const { repoRoot, store, candidates, workflow, close } = await openRepoWorkflow(io, {
    repo: args.repo,
    db: args.db,
    config: args.config,
  });
  try {
    const library = await workflow.library();
    io.stderr(
      `Replaying ${args.since ? `commits after ${args.since}` : 'the history'} up ` +
        `to ${args.until ?? 'HEAD'} with ${configured.model.id.replace(/^openai:/, '')}…\n`,
    );
    let lastCheckpoint = Date.now();
    const result = await runCommitReplay({
      repo: repoRoot,
      model: configured.model,
      since: args.since,
      until: args.until,
      maxCommits: args.maxCommits,
      maxTokens: args.maxTokens,
      library: library.map(({ name, description, body, hash }) => ({ name, description, body, hash })),
      seeds: replaySeeds(candidates.listPending()),
      cursorStore: kvReplayCursorStore(store.db),
      signal: io.signal,
      logger: io.logger,
      metaSkills: { workspaceOverrideDir: join(repoRoot, WORKSPACE_PROMPTS_DIR) },
      onProgress: (message) => {
        io.stderr(io.interactive ? `\r${message.slice(0, 78).padEnd(78)}` : `${message}\n`);
        if (Date.now() - lastCheckpoint > CHECKPOINT_EVERY_MS) {
          lastCheckpoint = Date.now();
          void store.checkpoint().catch((error: unknown) => io.logger.warn(`checkpoint failed: ${String(error)}`));
        }
      },
    });
    if (io.interactive) io.stderr(`\r${' '.repeat(78)}\r`);
    // Whatever stopped the run, what it learned is queued: the cursor already moved past those commits.
    const queued = await workflow.queue(result.candidates as StoredCandidate[], library);
    printReplay(io, repoRoot, result, queued, args.json);
    if (result.stoppedBy === 'cancelled') return 130;
    return result.stoppedBy === 'error' ? 1 : 0;
  } finally {
    await close();
  }
}

const STOP_TEXT: Record<CommitReplayResult['stoppedBy'], string> = {
  done: 'reached the end of the range',
  budget: 'stopped at the commit or token limit; run again to continue',
  cancelled: 'cancelled; run again to continue where it stopped',
  error: 'stopped by an error; run again to retry from the failed commit',
};

function printReplay(
  io: CliIo,
  repoRoot: string,
  result: CommitReplayResult,
  queued: QueuedCandidates,
  json: boolean,
): void {
  const summary =
    `Replayed ${result.processed} commits, ` +
    `skipped ${result.skipped}, ${result.tokens} tokens; ${result.stoppedBy}: ${STOP_TEXT[result.stoppedBy]}.\n`;
  io.stderr(summary);
  if (result.error) io.stderr(`error: ${result.error}\n`);
  if (json) {
    const replay = {
      processed: result.processed,
      skipped: result.skipped,
      tokens: result.tokens,
      stoppedBy: result.stoppedBy,
      ...(result.error ? { error: result.error } : {}),
    };
    const stats = { added: queued.added, updated: queued.updated, dropped: queued.dropped };
    const report = { repo: repoRoot, replay, stats, candidates: queued.candidates.map(candidateJson) };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  if (queued.candidates.length === 0) {
    const dropped = Object.entries(queued.dropped)
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    io.stdout(`No new candidates${dropped ? ` (dropped: ${dropped})` : ''}.\n`);
    return;
  }
  io.stdout(
    `${candidateTable(queued.candidates)}\nReview with \`skillwright show ID\`, then \`skillwright accept ID\` or ` +
      `\`skillwright reject ID\`.\n`,
  );
}
