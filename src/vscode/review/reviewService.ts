import * as vscode from 'vscode';
import type { StoredCandidate } from '../../core/candidates/candidateRepository';
import type { LibrarySkillSummary } from '../../core/candidates/reconcile';
import type { QueuedCandidates } from '../../core/learn/queueCandidates';
import type { Candidate } from '../../core/model/candidate';
import type { Progress } from '../../core/ports';
import type { Redacted } from '../../core/redaction/gate';
import type { AcceptOutcome } from '../../core/review/reviewActions';
import { ReviewWorkflow } from '../../core/review/reviewWorkflow';
import { Disposable } from '../lifecycle';
import { renderCandidate } from '../../core/skills/render';
import type { RecordingRuntime } from '../runtime/recording';
import { readSettings, repoConfigFromSettings } from '../settings';

/** What a learning run changed: `added` are new ideas, `updated` refreshed evidence of pending ones. */
export interface LearnOutcome {
  candidates: StoredCandidate[];
  added: number;
  updated: number;
}

/**
 * Learning and review in the editor: the same ReviewWorkflow as `skillwright learn`, `accept` and
 * `reject`, with the workspace settings as the repository's configuration. Mirrors are not
 * synced by an accept here: the library's reload that follows it delivers them.
 */
export class ReviewService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private running: Promise<LearnOutcome> | undefined;
  private readonly workflow: ReviewWorkflow;

  constructor(
    private readonly folder: vscode.WorkspaceFolder | undefined,
    private readonly recording: RecordingRuntime,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.workflow = new ReviewWorkflow({
      store: () => recording.store,
      config: () => (folder ? repoConfigFromSettings(folder.uri.fsPath, readSettings(folder.uri)) : undefined),
      mirrorsOnAccept: false,
      ownWrites: recording.ownWrites,
      logger: log,
    });
  }

  get skillsFolder(): string | undefined {
    return this.folder
      ? repoConfigFromSettings(this.folder.uri.fsPath, readSettings(this.folder.uri)).skillsFolder
      : undefined;
  }

  pending(): Redacted<StoredCandidate>[] {
    return this.workflow.candidates?.listPending() ?? [];
  }

  get(id: string): Redacted<StoredCandidate> | undefined {
    return this.workflow.candidates?.get(id);
  }

  /** One learning run at a time; a second request joins the running one. */
  learn(progress: Progress): Promise<LearnOutcome> {
    this.running ??= this.runLearn(progress).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runLearn(progress: Progress): Promise<LearnOutcome> {
    if (!this.recording.store || !this.folder) throw new Error('Open a folder with a git repository to learn from it.');
    if (!vscode.workspace.isTrusted)
      throw new Error(
        'Learning reads the history with git, which Restricted Mode does not allow. Trust this workspace first.',
      );
    await this.recording.flush();
    const result = await this.workflow.learn({ progress });
    const { stats } = result;
    this.log.info(
      `Learned from ${stats.history.counted} commits and ${stats.eventsUsed} events ` +
        `in ${stats.durationMs} ms: ${stats.added} new, ${stats.updated} updated, ` +
        `dropped ${JSON.stringify(stats.dropped)}.`,
    );
    for (const [distiller, error] of Object.entries(stats.failed))
      this.log.warn(`Distiller ${distiller} failed: ${error}`);
    this.changed.fire();
    return { candidates: result.candidates, added: stats.added, updated: stats.updated };
  }

  /** The SKILL.md text accepting would write, for Preview. */
  render(candidate: Redacted<Candidate>): string {
    return renderCandidate(candidate);
  }

  async accept(id: string, editedText?: string): Promise<AcceptOutcome> {
    if (!this.recording.store || !this.folder) throw new Error('Skillwright has no store open in this window.');
    const outcome = await this.workflow.accept(id, editedText === undefined ? {} : { editedText });
    this.log.info(`Accept ${id}: ${outcome.status}${'path' in outcome ? ` (${outcome.path})` : ''}`);
    this.changed.fire();
    return outcome;
  }

  reject(id: string, reason?: string): void {
    if (!this.recording.store) throw new Error('Skillwright has no store open in this window.');
    this.workflow.reject(id, reason);
    this.log.info(`Rejected ${id}${reason ? `: ${reason}` : ''}`);
    this.changed.fire();
  }

  /** Queues a model's candidates through the same dedup and pending cap as learning, then refreshes the view. */
  async queue(fresh: readonly StoredCandidate[], library: readonly LibrarySkillSummary[]): Promise<QueuedCandidates> {
    const queued = await this.workflow.queue(fresh, library);
    this.changed.fire();
    return queued;
  }

  refresh(): void {
    this.changed.fire();
  }
}
