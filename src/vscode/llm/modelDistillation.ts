import { join } from 'node:path';
import * as vscode from 'vscode';
import { CandidateRepository } from '../../core/candidates/candidateRepository';
import type { StoredCandidate } from '../../core/candidates/candidateRepository';
import { runAgentVsCommit } from '../../core/distill/llm/agentVsCommit';
import { runCommitReplay } from '../../core/distill/llm/commitReplay';
import { replaySeeds } from '../../core/distill/llm/replaySeeds';
import type { DistillStop } from '../../core/distill/llm/distillResult';
import { kvReplayCursorStore } from '../../core/distill/llm/replayCursor';
import type { LibrarySkill } from '../../core/distill/llm/skillEdits';
import { runTrajectoryReflection } from '../../core/distill/llm/trajectoryReflection';
import { librarySummaries, resolveRepoRoot } from '../../core/learn/repoContext';
import type { GuardedChatModel } from '../../core/llm/guardedChatModel';
import { WORKSPACE_PROMPTS_DIR } from '../../core/llm/metaSkills';
import type { Candidate } from '../../core/model/candidate';
import type { Progress } from '../../core/ports';
import type { EventStore } from '../../core/store/eventStore';
import type { ReviewService } from '../review/reviewService';
import type { RecordingRuntime } from '../runtime/recording';
import { readSettings } from '../settings';
import {
  CONTRASTED_UNTIL_KEY,
  contrastPairs,
  finishedAgentSessions,
  REFLECTED_UNTIL_KEY,
  reflectableTrajectories,
  replaySince,
  writeKv,
} from '../../core/distill/llm/distillInputs';
import { readKvNumber } from '../../core/store/kv';
import { createRunModel } from './modelProvider';
import { errorMessage } from '../../core/util/errorMessage';

export type RunReason = 'manual' | 'idle';

/** How far one run goes; a background run does less so it gives the machine back sooner. */
const LIMITS: Record<RunReason, { commits: number; sessions: number; contrasts: number }> = {
  manual: { commits: 20, sessions: 12, contrasts: 5 },
  idle: { commits: 5, sessions: 6, contrasts: 2 },
};

/** `commit-limit`: the replay reached this run's commit allowance; the next run continues. */
export type RunStop = DistillStop | 'commit-limit';

export interface ModelRunSummary {
  /** Candidates added or refreshed in the review queue (after dedup and the pending cap). */
  candidates: number;
  tokens: number;
  stoppedBy: RunStop;
  model: string;
  /** Per distiller: what it produced before dedup, its tokens, and why it stopped. */
  distillers: Record<string, { produced: number; tokens: number; stoppedBy: RunStop }>;
}

export interface ModelDistillationOptions {
  folder: vscode.WorkspaceFolder | undefined;
  recording: RecordingRuntime;
  review: ReviewService;
  secrets: vscode.SecretStorage;
  log: vscode.LogOutputChannel;
}

interface CurrentRun {
  reason: RunReason;
  controller: AbortController;
  done: Promise<ModelRunSummary | undefined>;
}

/**
 * Model-based distillation in the editor: contrastive commit replay from its stored cursor,
 * trajectory reflection over finished agent sessions, and agent-vs-commit contrast, all under
 * one run budget, saved through the same dedup and review queue as heuristic learning.
 */
export class ModelDistillation implements vscode.Disposable {
  private current: CurrentRun | undefined;
  private disposed = false;
  /** Why the last run did not start (no model, no folder, Restricted Mode); undefined after a run. */
  unavailableReason: string | undefined;

  constructor(private readonly options: ModelDistillationOptions) {}

  get running(): RunReason | undefined {
    return this.current?.reason;
  }

  /** Stops a running background run (the user came back); a manual run is left alone. */
  cancelIdleRun(): void {
    if (this.current?.reason === 'idle') this.current.controller.abort();
  }

  /**
   * One run at a time. A manual request cancels a background run and starts after it; a second
   * manual request joins the running one. Undefined when no run could start (see unavailableReason).
   */
  async run(progress: Progress, signal: AbortSignal, reason: RunReason): Promise<ModelRunSummary | undefined> {
    if (this.current) {
      if (this.current.reason === 'manual' || reason === 'idle')
        return reason === 'idle' ? undefined : this.current.done;
      this.current.controller.abort();
      await this.current.done.catch(() => undefined);
    }
    const controller = new AbortController();
    const combined = AbortSignal.any([signal, controller.signal]);
    const done = this.runOnce(progress, combined, reason);
    const current: CurrentRun = { reason, controller, done };
    this.current = current;
    try {
      return await done;
    } finally {
      if (this.current === current) this.current = undefined;
    }
  }

  private unavailable(reason: string): undefined {
    this.unavailableReason = reason;
    this.options.log.warn(`Model distillation did not run: ${reason}`);
    return undefined;
  }

  private async runOnce(
    progress: Progress,
    signal: AbortSignal,
    reason: RunReason,
  ): Promise<ModelRunSummary | undefined> {
    const { folder, recording, log } = this.options;
    const store = recording.store;
    if (this.disposed) return this.unavailable('Skillwright is shutting down.');
    if (!folder || !store || !recording.sessions) return this.unavailable('open a folder with a git repository first.');
    if (!vscode.workspace.isTrusted)
      return this.unavailable('the workspace is in Restricted Mode; trust it to distill with a model.');
    const settings = readSettings(folder.uri);
    if (settings.llm.provider === 'none')
      return this.unavailable(
        'skillwright.llm.provider is "none"; set it to "openai" or "vscode" to distill with a model.',
      );
    const model = await createRunModel(this.options.secrets, log);
    if (!model) {
      const family = settings.llm.vscodeModelFamily ? ` for family "${settings.llm.vscodeModelFamily}"` : '';
      return this.unavailable(
        settings.llm.provider === 'vscode'
          ? `no chat model is available through VS Code's Language Model API${family} ` +
              '(install and sign in to a chat extension such as GitHub Copilot, or use the openai provider).'
          : 'no model could be created from the skillwright.llm settings.',
      );
    }
    this.unavailableReason = undefined;
    log.info(`Model distillation (${reason}) with ${model.id}, budget ${settings.llm.maxTokensPerRun} tokens.`);
    await recording.flush();
    const limits = LIMITS[reason];
    const summaries = await librarySummaries(
      this.options.review.skillsFolder ?? join(folder.uri.fsPath, settings.skills.folder),
    ).catch(() => []);
    const library: LibrarySkill[] = summaries.map(({ name, description, body, hash }) => ({
      name,
      description,
      body,
      hash,
    }));
    const repo = await resolveRepoRoot(folder.uri.fsPath).catch((error: unknown) => {
      log.warn(`Commit replay and agent-vs-commit skipped: ${errorMessage(error)}`);
      return undefined;
    });
    const context = {
      model,
      library,
      signal,
      logger: log,
      metaSkills: { workspaceOverrideDir: join(repo ?? folder.uri.fsPath, WORKSPACE_PROMPTS_DIR) },
    };
    const distillers: ModelRunSummary['distillers'] = {};
    const produced: Candidate[] = [];
    const record = (name: string, result: { candidates: Candidate[]; tokens: number }, stoppedBy: RunStop): void => {
      distillers[name] = { produced: result.candidates.length, tokens: Math.round(result.tokens), stoppedBy };
      produced.push(...result.candidates);
    };
    const shouldStop = (): boolean => signal.aborted || model.budget.exhausted() !== undefined;

    if (repo) {
      progress.report('Replaying commits with the model');
      const since = await replaySince(store.db, repo, signal).catch(() => undefined);
      const seeds = replaySeeds(new CandidateRepository(store.db).listPending());
      const replay = await runCommitReplay({
        ...context,
        repo,
        since,
        seeds,
        maxCommits: limits.commits,
        cursorStore: kvReplayCursorStore(store.db),
        onProgress: (message) => progress.report(message),
      });
      const stop: RunStop =
        replay.stoppedBy === 'budget' && !model.budget.exhausted() ? 'commit-limit' : replay.stoppedBy;
      record('commit-replay', replay, stop);
    }
    if (!shouldStop())
      await this.reflect(store, context, limits.sessions, settings.capture.sessionIdleMinutes, progress, record);
    if (!shouldStop())
      await this.contrast(
        store,
        model,
        context,
        repo,
        limits.contrasts,
        settings.capture.sessionIdleMinutes,
        progress,
        record,
      );

    const queued = await this.options.review.queue(produced as StoredCandidate[], summaries);
    const stoppedBy = overallStop(
      Object.values(distillers).map((item) => item.stoppedBy),
      signal,
      model,
    );
    for (const candidate of queued.candidates)
      log.info(`Model candidate ${candidate.name} (${candidate.source}): ${candidate.tokens ?? 0} tokens.`);
    const summary: ModelRunSummary = {
      candidates: queued.candidates.length,
      tokens: model.budget.tokens,
      stoppedBy,
      model: model.id,
      distillers,
    };
    const counts = [
      `${summary.tokens} tokens`,
      `${produced.length} distilled`,
      `${queued.added} new`,
      `${queued.updated} updated`,
    ].join(', ');
    log.info(
      `Model distillation (${reason}) ${stoppedBy}: ${counts}, ` +
        `dropped ${JSON.stringify(queued.dropped)}; ${JSON.stringify(distillers)}.`,
    );
    return summary;
  }

  private async reflect(
    store: EventStore,
    context: DistillContext,
    limit: number,
    sessionIdleMinutes: number,
    progress: Progress,
    record: Recorder,
  ): Promise<void> {
    const finished = this.finishedSince(store, REFLECTED_UNTIL_KEY, limit, sessionIdleMinutes);
    if (!finished) return;
    const trajectories = reflectableTrajectories(store, finished);
    const reflectedUntil = (): void =>
      writeKv(store.db, REFLECTED_UNTIL_KEY, Math.max(...finished.map((session) => session.endedAt)));
    // Sessions without a known outcome are passed over for good, or they would fill every run.
    if (trajectories.length === 0) {
      if (finished.length > 0) reflectedUntil();
      return;
    }
    progress.report(`Reflecting on ${trajectories.length} agent session(s)`);
    const result = await runTrajectoryReflection({
      ...context,
      trajectories,
      concurrency: Math.max(1, readSettings().llm.maxConcurrency),
    });
    record('trajectory-reflection', result, result.stoppedBy);
    // Only a finished pass moves the marker: a cancelled one is retried next time.
    if (result.stoppedBy === 'done') reflectedUntil();
  }

  private async contrast(
    store: EventStore,
    model: GuardedChatModel,
    context: DistillContext,
    repo: string | undefined,
    limit: number,
    sessionIdleMinutes: number,
    progress: Progress,
    record: Recorder,
  ): Promise<void> {
    const finished = this.finishedSince(store, CONTRASTED_UNTIL_KEY, limit, sessionIdleMinutes);
    if (!finished) return;
    const pairs = await contrastPairs(store, finished, repo, context.signal);
    const total = { candidates: [] as Candidate[], tokens: 0 };
    let stop: RunStop = 'done';
    for (const pair of pairs) {
      if (context.signal.aborted || model.budget.exhausted()) {
        stop = context.signal.aborted ? 'cancelled' : 'budget';
        break;
      }
      progress.report(`Comparing session ${pair.sessionId} with commit ${pair.commit.hash.slice(0, 10)}`);
      const result = await runAgentVsCommit({ ...context, ...pair });
      total.candidates.push(...result.candidates);
      total.tokens += result.tokens;
      if (result.stoppedBy !== 'done') {
        stop = result.stoppedBy;
        break;
      }
    }
    if (pairs.length > 0) record('agent-vs-commit', total, stop);
    // A session no commit has settled yet is looked at again until a day has passed; the marker
    // only moves over the oldest run of settled sessions, so none is skipped.
    const dayAgo = Date.now() - 24 * 60 * 60_000;
    let marker: number | undefined;
    for (const session of finished) {
      if (session.endedAt >= dayAgo && !pairs.some((pair) => pair.sessionId === session.id)) break;
      marker = session.endedAt;
    }
    if (stop === 'done' && marker !== undefined) writeKv(store.db, CONTRASTED_UNTIL_KEY, marker);
  }

  /** Agent sessions that ended after the pass's marker (kv key) and have been idle long enough. */
  private finishedSince(
    store: EventStore,
    markerKey: string,
    limit: number,
    sessionIdleMinutes: number,
  ): ReturnType<typeof finishedAgentSessions> | undefined {
    const sessions = this.options.recording.sessions;
    if (!sessions) return undefined;
    return finishedAgentSessions(
      sessions,
      readKvNumber(store.db, markerKey),
      Date.now() - sessionIdleMinutes * 60_000,
      limit,
    );
  }

  dispose(): void {
    this.disposed = true;
    this.current?.controller.abort();
  }
}

type DistillContext = {
  model: GuardedChatModel;
  library: LibrarySkill[];
  signal: AbortSignal;
  logger: vscode.LogOutputChannel;
  metaSkills: { workspaceOverrideDir: string };
};
type Recorder = (name: string, result: { candidates: Candidate[]; tokens: number }, stoppedBy: RunStop) => void;

function overallStop(stops: RunStop[], signal: AbortSignal, model: GuardedChatModel): RunStop {
  if (signal.aborted || stops.includes('cancelled')) return 'cancelled';
  if (model.budget.exhausted() || stops.includes('budget')) return 'budget';
  if (stops.includes('error')) return 'error';
  if (stops.includes('commit-limit')) return 'commit-limit';
  return 'done';
}
