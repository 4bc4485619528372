import { CandidateRepository, type StoredCandidate } from '../candidates/candidateRepository';
import type { LibrarySkillSummary } from '../candidates/reconcile';
import { learnableEvents } from '../learn/learnableEvents';
import { type LearnResult, runLearn } from '../learn/learnPipeline';
import { type QueuedCandidates, queueCandidates } from '../learn/queueCandidates';
import { librarySummaries } from '../learn/repoContext';
import { type Logger, type Progress, silentLogger } from '../ports';
import { refreshSkillDelivery } from '../delivery/skillDelivery';
import type { MirrorReport } from '../skills/mirrors';
import { libraryWritePaths } from '../skills/ownedPaths';
import { kvTrustStore, type TrustStore } from '../skills/trustStore';
import type { EventStore } from '../store/eventStore';
import type { RepoConfig } from './repoConfig';
import { type AcceptOutcome, acceptPendingCandidate, rejectPendingCandidate } from './reviewActions';

export interface ReviewWorkflowOptions {
  /** The open store; undefined while none is (the editor opens it after activation). */
  store: () => EventStore | undefined;
  /** Read for every action, so a changed setting counts at once; undefined without a repository. */
  config: () => RepoConfig | undefined;
  /**
   * Whether an accept refreshes the mirrors itself. The CLI's does. In the editor the library's
   * reload, which follows every change to the skills folder, delivers them (with AGENTS.md and a
   * fresh quarantine scan), so an accept there leaves them to it and they are synced once.
   */
  mirrorsOnAccept: boolean;
  /** Where the accept's writes are announced, so capture does not record them as an agent's. */
  ownWrites?: { around<T>(paths: readonly string[], work: () => Promise<T>): Promise<T> };
  logger?: Logger;
}

export interface LearnRequest {
  /** Strict split: a rev or a date (see SplitPoint). */
  until?: string;
  maxCommits?: number;
  progress?: Progress;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface AcceptRequest {
  /** A whole SKILL.md the user edited; its name, description and body win. */
  editedText?: string;
  /** Write even when the skills folder is outside the repository. */
  allowOutsideRoot?: boolean;
  /** Appended to the refusal of a folder outside the repository (the flag that overrides it). */
  outsideRootHint?: string;
}

/**
 * Learning, accepting and rejecting for one repository, the same from the editor and the CLI:
 * the pending cap, the library dedup, the trust record of an accept and the mirrors all follow
 * the one RepoConfig (the store itself checkpoints what they write).
 */
export class ReviewWorkflow {
  /** Accepts run one after another: each one's crash recovery must not touch another's temp folder. */
  private accepting: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ReviewWorkflowOptions) {}

  get candidates(): CandidateRepository | undefined {
    const store = this.options.store();
    return store ? new CandidateRepository(store.db) : undefined;
  }

  /** What dedup knows of the skills already in the library. */
  async library(): Promise<LibrarySkillSummary[]> {
    return librarySummaries(this.ready().config.skillsFolder);
  }

  /** Mines the history and the recorded events, and queues what survives dedup and the pending cap. */
  async learn(request: LearnRequest = {}): Promise<LearnResult> {
    const { store, config } = this.ready();
    return runLearn({
      repo: config.root,
      until: request.until,
      db: store.db,
      events: learnableEvents(store),
      library: await librarySummaries(config.skillsFolder),
      options: {
        maxCommits: request.maxCommits,
        halfLife: config.halfLifeCommits,
        reconcile: { maxPending: config.maxPending },
      },
      progress: request.progress,
      signal: request.signal,
      logger: request.logger ?? this.options.logger,
    });
  }

  /** Queues candidates distilled elsewhere (a model's) through the same dedup and pending cap as learn. */
  async queue(fresh: readonly StoredCandidate[], library?: readonly LibrarySkillSummary[]): Promise<QueuedCandidates> {
    const { store, config } = this.ready();
    return queueCandidates(fresh, {
      db: store.db,
      library: library ?? (await librarySummaries(config.skillsFolder)),
      reconcile: { maxPending: config.maxPending },
      now: Date.now(),
    });
  }

  accept(idOrPrefix: string, request: AcceptRequest = {}): Promise<AcceptOutcome> {
    const next = this.accepting.then(() => this.acceptNow(idOrPrefix, request));
    this.accepting = next.catch(() => undefined);
    return next;
  }

  /** Marks a pending candidate rejected; learning will not propose it again unless its evidence grows. */
  reject(idOrPrefix: string, reason: string | undefined): StoredCandidate {
    const { store } = this.ready();
    return rejectPendingCandidate(new CandidateRepository(store.db), idOrPrefix, reason, Date.now());
  }

  private async acceptNow(idOrPrefix: string, request: AcceptRequest): Promise<AcceptOutcome> {
    const { store, config } = this.ready();
    const trustStore = kvTrustStore(store.db);
    const mirrors = this.options.mirrorsOnAccept ? config.mirrors : [];
    const around = this.options.ownWrites?.around.bind(this.options.ownWrites) ?? ((_paths, work) => work());
    return around(libraryWritePaths(config.root, config.skillsFolder, mirrors), async (): Promise<AcceptOutcome> => {
      const accepted = await acceptPendingCandidate(new CandidateRepository(store.db), idOrPrefix, {
        skillsFolder: config.skillsFolder,
        root: config.root,
        now: Date.now(),
        trustStore,
        ...(request.allowOutsideRoot ? { allowOutsideRoot: true } : {}),
        ...(request.outsideRootHint ? { outsideRootHint: request.outsideRootHint } : {}),
        ...(request.editedText === undefined ? {} : { editedText: request.editedText }),
      });
      if (accepted.status !== 'written' || mirrors.length === 0) return accepted;
      return { ...accepted, mirrors: await this.syncMirrors(config, mirrors, trustStore) };
    });
  }

  /**
   * After the write, so the quarantine scan sees the accepted skill as written (and trusted): the
   * same delivery the editor's library reload runs, without the AGENTS.md index the CLI never wrote.
   */
  private async syncMirrors(
    config: RepoConfig,
    mirrors: readonly string[],
    trust: TrustStore,
  ): Promise<MirrorReport | undefined> {
    const state = await refreshSkillDelivery({
      root: config.root,
      skillsFolder: config.skillsFolder,
      mirrors,
      agentsMd: false,
      trust,
      deliver: true,
      recover: false,
    });
    const logger = this.options.logger ?? silentLogger;
    for (const conflict of state.mirrors?.conflicts ?? [])
      logger.warn(`Mirror ${conflict.path} left untouched (${conflict.reason}).`);
    return state.mirrors;
  }

  private ready(): { store: EventStore; config: RepoConfig } {
    const store = this.options.store();
    const config = this.options.config();
    if (!config) throw new Error('There is no repository to learn from or review in.');
    if (!store) throw new Error('The Skillwright store is not open.');
    return { store, config };
  }
}
