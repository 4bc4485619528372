/**
 * Contrastive commit replay (Learning to Commit). Walks a history range oldest first; for each
 * commit that can teach something the model attempts the change blind, the attempt is compared
 * with the real diff, and the gap becomes skill edits. Skills evolve online: later commits see
 * what earlier ones taught. The cursor (and the learned skills) is saved after every commit, so a
 * cancelled or budget-stopped run resumes where it stopped without redoing commits.
 */
import type { Candidate } from '../../model/candidate';
import { CommitClassifier } from '../../history/commitFilters';
import type { CommitRecord } from '../../history/commitRecord';
import { gitText } from '../../history/gitProcess';
import { commitPatch, streamCommits } from '../../history/historyMiner';
import { readFilesAt } from '../../history/repoTree';
import { BudgetExceeded } from '../../llm/budget';
import { isCancellation } from '../../llm/chatModel';
import type { GuardedChatModel } from '../../llm/guardedChatModel';
import { type Clock, type Logger, silentLogger, systemClock } from '../../ports';
import {
  emptyReplayState,
  type LearnedSkill,
  memoryReplayCursorStore,
  type ReplayCursorStore,
  type ReplayState,
} from './replayCursor';
import { type PromptContext } from './prompts';
import { replayCommit } from './replayStep';
import { applySkillEdit, type LibrarySkill, toCandidate } from './skillEdits';
import { errorMessage } from '../../util/errorMessage';

export interface CommitReplayOptions extends PromptContext {
  repo: string;
  model: GuardedChatModel;
  /** Exclusive lower bound (a rev); the whole history when absent. */
  since?: string;
  /** @default 'HEAD' */
  until?: string;
  /** Commits to process (not counting skipped ones) in this run. */
  maxCommits?: number;
  /** Tokens this run may spend; the model's RunBudget also applies. */
  maxTokens?: number;
  /** The accepted skills; edits to them become `edit` candidates. */
  library?: LibrarySkill[];
  /**
   * Skills learned so far without a model (the change recipes waiting for review): the replay
   * starts from them as what it already knows, and what it learns refines them. Only a seed it
   * changed comes back as a candidate.
   */
  seeds?: LibrarySkill[];
  cursorStore?: ReplayCursorStore;
  signal?: AbortSignal;
  logger?: Logger;
  clock?: Clock;
  /** A patch larger than this (characters) is skipped as unteachable. @default 60000 */
  maxPatchChars?: number;
  excerptBudgetChars?: number;
  onProgress?: (message: string) => void;
}

export type ReplayStop = 'done' | 'budget' | 'cancelled' | 'error';

export interface CommitReplayResult {
  /** Candidates created or changed in this run, each with every commit that shaped it. */
  candidates: Candidate[];
  processed: number;
  skipped: number;
  tokens: number;
  stoppedBy: ReplayStop;
  /** Why commits were skipped or their answers dropped, for the run log. */
  notes: { commit: string; note: string }[];
  error?: string;
}

export function replayCursorKey(since: string | undefined): string {
  return `commit-replay:cursor:${since ?? 'root'}`;
}

export async function runCommitReplay(options: CommitReplayOptions): Promise<CommitReplayResult> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const store = options.cursorStore ?? memoryReplayCursorStore();
  const key = replayCursorKey(options.since);
  const state: ReplayState = store.load(key) ?? emptyReplayState();
  const library = new Map((options.library ?? []).map((skill) => [skill.name, skill]));
  const learned = new Map(state.learned.map((entry) => [entry.skill.name, entry]));
  for (const seed of options.seeds ?? [])
    if (!learned.has(seed.name) && !library.has(seed.name))
      learned.set(seed.name, { skill: seed, evidence: [], tokens: 0, editsLibrary: false });
  const touched = new Set<string>();
  const result: CommitReplayResult = {
    candidates: [],
    processed: 0,
    skipped: 0,
    tokens: 0,
    stoppedBy: 'done',
    notes: [],
  };
  const note = (commit: string, text: string): void => {
    result.notes.push({ commit, note: text });
    logger.info(`commit-replay ${commit.slice(0, 10)}: ${text}`);
  };

  let commits: CommitRecord[];
  try {
    commits = await listRange(options);
  } catch (error) {
    if (options.signal?.aborted) return { ...result, stoppedBy: 'cancelled' };
    return { ...result, stoppedBy: 'error', error: `cannot read the history: ${errorMessage(error)}` };
  }
  const resumeAt = state.lastCommit ? commits.findIndex((commit) => commit.hash === state.lastCommit) + 1 : 0;
  if (state.lastCommit && resumeAt === 0)
    logger.warn(`commit-replay: cursor ${state.lastCommit.slice(0, 10)} is not in the range any more; starting over`);
  if (resumeAt > 0)
    logger.info(
      `commit-replay: resuming after ${state.lastCommit?.slice(0, 10)} (${commits.length - resumeAt} commits left)`,
    );
  const classifier = new CommitClassifier();
  const current = (): Map<string, LibrarySkill> =>
    new Map([...library, ...[...learned].map(([name, entry]) => [name, entry.skill] as const)]);

  for (const commit of commits.slice(resumeAt)) {
    if (options.signal?.aborted) return finish('cancelled');
    if (options.maxCommits !== undefined && result.processed >= options.maxCommits) return finish('budget');
    if (options.maxTokens !== undefined && result.tokens >= options.maxTokens) return finish('budget');
    const skipReason = skipReasonOf(commit, classifier);
    let patch = '';
    try {
      patch = skipReason ? '' : await commitPatch(options.repo, commit.hash, { signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) return finish('cancelled');
      return finish('error', `git show ${commit.hash.slice(0, 10)} failed: ${errorMessage(error)}`);
    }
    const tooLarge =
      patch.length > (options.maxPatchChars ?? 60_000) ? `patch too large (${patch.length} characters)` : undefined;
    if (skipReason || tooLarge || !patch.trim()) {
      note(commit.hash, `skipped: ${skipReason ?? tooLarge ?? 'no textual change'}`);
      result.skipped++;
      advance(commit.hash, 0, true);
      continue;
    }
    options.onProgress?.(`replaying ${commit.hash.slice(0, 10)} ${commit.subject}`);
    const spentBefore = options.model.budget.tokens;
    try {
      const parent = commit.parents[0];
      const oldPaths = commit.files.map((file) => file.oldPath ?? file.path);
      const before = parent ? await readFilesAt(options.repo, parent, oldPaths) : new Map<string, string>();
      const step = await replayCommit(
        { commit, realPatch: patch, before, learned: current().values() },
        {
          model: options.model,
          logger,
          signal: options.signal,
          metaSkills: options.metaSkills,
          excerptBudgetChars: options.excerptBudgetChars,
        },
      );
      result.tokens += step.tokens;
      if (!step.ok && 'failed' in step)
        return finish('error', `model failed on ${commit.hash.slice(0, 10)}: ${step.failed}`);
      if (!step.ok) {
        note(commit.hash, `answer dropped: ${step.dropped}`);
      } else {
        const applied = step.edits.flatMap((edit) => {
          const outcome = applySkillEdit(edit, current());
          if (!outcome.ok) note(commit.hash, `edit dropped: ${outcome.reason}`);
          return outcome.ok ? [outcome] : [];
        });
        for (const edit of applied) {
          const previous = learned.get(edit.skill.name);
          const entry: LearnedSkill = {
            skill: edit.skill,
            evidence: [
              ...(previous?.evidence ?? []),
              { kind: 'commit', ref: commit.hash, detail: `${edit.action}: ${commit.subject}`.slice(0, 200) },
            ],
            tokens: (previous?.tokens ?? 0) + step.tokens / applied.length,
            editsLibrary: previous?.editsLibrary ?? library.has(edit.skill.name),
          };
          learned.set(edit.skill.name, entry);
          touched.add(edit.skill.name);
        }
        if (applied.length === 0) note(commit.hash, 'no lesson');
      }
      advance(commit.hash, step.tokens, false);
    } catch (error) {
      // The step threw before reporting its tokens; its calls were still charged to the budget.
      result.tokens += options.model.budget.tokens - spentBefore;
      if (error instanceof BudgetExceeded) return finish('budget', error.message);
      if (isCancellation(error) || options.signal?.aborted) return finish('cancelled');
      return finish('error', `commit ${commit.hash.slice(0, 10)}: ${errorMessage(error)}`);
    }
  }
  return finish('done');

  function advance(hash: string, tokens: number, skipped: boolean): void {
    if (skipped) state.skipped++;
    else {
      state.processed++;
      result.processed++;
    }
    state.tokens += tokens;
    state.lastCommit = hash;
    state.learned = [...learned.values()];
    store.save(key, state);
  }

  function finish(stoppedBy: ReplayStop, message?: string): CommitReplayResult {
    if (message && stoppedBy === 'error') logger.error(`commit-replay stopped (error): ${message}`);
    else if (message) logger.warn(`commit-replay stopped (${stoppedBy}): ${message}`);
    result.stoppedBy = stoppedBy;
    if (message && stoppedBy === 'error') result.error = message;
    result.candidates = [...touched].flatMap((name) => {
      const entry = learned.get(name);
      if (!entry) return [];
      return [
        toCandidate({
          skill: entry.skill,
          source: 'commit-replay',
          evidence: entry.evidence,
          tokens: entry.tokens,
          confidence: Math.min(0.85, 0.45 + 0.1 * new Set(entry.evidence.map((item) => item.ref)).size),
          editsLibrary: entry.editsLibrary,
          createdAt: clock.now(),
          idSeed: `${key}:${name}`,
        }),
      ];
    });
    const counts = `${result.processed} processed, ${result.skipped} skipped, ${result.tokens} tokens`;
    logger.info(`commit-replay: ${stoppedBy}; ${counts}, ${result.candidates.length} candidates`);
    return result;
  }
}

async function listRange(options: CommitReplayOptions): Promise<CommitRecord[]> {
  const until = (
    await gitText(options.repo, ['rev-parse', '--verify', `${options.until ?? 'HEAD'}^{commit}`], {
      signal: options.signal,
    })
  ).trim();
  const commits: CommitRecord[] = [];
  for await (const commit of streamCommits(options.repo, {
    rev: until,
    exclude: options.since,
    reverse: true,
    signal: options.signal,
  })) {
    commits.push(commit);
  }
  return commits;
}

function skipReasonOf(commit: CommitRecord, classifier: CommitClassifier): string | undefined {
  return classifier.classify(commit).exclusion;
}
