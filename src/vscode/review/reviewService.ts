import * as vscode from 'vscode';
import { CandidateRepository, type StoredCandidate } from '../../core/candidates/candidateRepository';
import { librarySummaries, skillsFolderOf } from '../../core/learn/repoContext';
import { libraryWritePaths } from '../../core/skills/ownedPaths';
import { learnableEvents } from '../../core/learn/learnableEvents';
import { runLearn } from '../../core/learn/learnPipeline';
import type { Candidate } from '../../core/model/candidate';
import type { Progress } from '../../core/ports';
import type { Redacted } from '../../core/redaction/gate';
import { type AcceptOutcome, acceptPendingCandidate, rejectPendingCandidate } from '../../core/review/reviewActions';
import { renderCandidate } from '../../core/skills/render';
import type { TrustStore } from '../../core/skills/trustStore';
import type { RecordingRuntime } from '../runtime/recording';
import { readSettings } from '../settings';

/** What a learning run changed: `added` are new ideas, `updated` refreshed evidence of pending ones. */
export interface LearnOutcome {
  candidates: StoredCandidate[];
  added: number;
  updated: number;
}

/**
 * Learning and review in the editor: runs the same pipeline as `skillwright learn`, and accepts
 * or rejects candidates through the same core actions as the CLI.
 */
export class ReviewService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private running: Promise<LearnOutcome> | undefined;
  /** Accepts run one after another: each one's crash recovery must not touch another's temp folder. */
  private accepting: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: vscode.WorkspaceFolder | undefined,
    private readonly recording: RecordingRuntime,
    private readonly trustStore: () => TrustStore | undefined,
    private readonly quarantined: () => ReadonlySet<string>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private get repository(): CandidateRepository | undefined {
    const store = this.recording.store;
    return store ? new CandidateRepository(store.db) : undefined;
  }

  get skillsFolder(): string | undefined {
    return this.folder ? skillsFolderOf(this.folder.uri.fsPath, readSettings(this.folder.uri).skills.folder) : undefined;
  }

  pending(): Redacted<StoredCandidate>[] {
    return this.repository?.listPending() ?? [];
  }

  get(id: string): Redacted<StoredCandidate> | undefined {
    return this.repository?.get(id);
  }

  /** One learning run at a time; a second request joins the running one. */
  learn(progress: Progress): Promise<LearnOutcome> {
    this.running ??= this.runLearn(progress).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runLearn(progress: Progress): Promise<LearnOutcome> {
    const store = this.recording.store;
    const folder = this.folder;
    const skillsFolder = this.skillsFolder;
    if (!store || !folder || !skillsFolder) throw new Error('Open a folder with a git repository to learn from it.');
    if (!vscode.workspace.isTrusted) throw new Error('Learning reads the history with git, which Restricted Mode does not allow. Trust this workspace first.');
    await this.recording.flush();
    const settings = readSettings(folder.uri);
    const events = learnableEvents(store);
    const result = await runLearn({
      repo: folder.uri.fsPath,
      db: store.db,
      events,
      library: await librarySummaries(skillsFolder),
      options: { reconcile: { maxPending: settings.learn.maxPending }, halfLife: settings.learn.halfLifeCommits },
      progress,
      logger: this.log,
    });
    const { stats } = result;
    this.log.info(
      `Learned from ${stats.history.counted} commits and ${stats.eventsUsed} events in ${stats.durationMs} ms: ${stats.added} new, ${stats.updated} updated, dropped ${JSON.stringify(stats.dropped)}.`,
    );
    for (const [distiller, error] of Object.entries(stats.failed)) this.log.warn(`Distiller ${distiller} failed: ${error}`);
    this.changed.fire();
    return { candidates: result.candidates, added: stats.added, updated: stats.updated };
  }

  /** The SKILL.md text accepting would write, for Preview. */
  render(candidate: Redacted<Candidate>): string {
    return renderCandidate(candidate);
  }

  accept(id: string, editedText?: string): Promise<AcceptOutcome> {
    const next = this.accepting.then(() => this.acceptNow(id, editedText));
    this.accepting = next.catch(() => undefined);
    return next;
  }

  private async acceptNow(id: string, editedText?: string): Promise<AcceptOutcome> {
    const repository = this.repository;
    const skillsFolder = this.skillsFolder;
    if (!repository || !skillsFolder || !this.folder) throw new Error('Skillwright has no store open in this window.');
    const trustStore = this.trustStore();
    const root = this.folder.uri.fsPath;
    const mirrors = vscode.workspace.isTrusted ? readSettings(this.folder.uri).skills.mirrors : [];
    const outcome = await this.recording.ownWrites.around(libraryWritePaths(root, skillsFolder, mirrors), () =>
      acceptPendingCandidate(repository, id, {
        skillsFolder,
        root,
        mirrors,
        quarantined: this.quarantined(),
        now: Date.now(),
        ...(trustStore ? { trustStore } : {}),
        ...(editedText === undefined ? {} : { editedText }),
      }),
    );
    this.log.info(`Accept ${id}: ${outcome.status}${'path' in outcome ? ` (${outcome.path})` : ''}`);
    this.changed.fire();
    return outcome;
  }

  reject(id: string, reason?: string): void {
    const repository = this.repository;
    if (!repository) throw new Error('Skillwright has no store open in this window.');
    rejectPendingCandidate(repository, id, reason, Date.now());
    this.log.info(`Rejected ${id}${reason ? `: ${reason}` : ''}`);
    this.changed.fire();
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
