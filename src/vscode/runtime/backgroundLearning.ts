import * as vscode from 'vscode';
import type { ReviewService } from '../review/reviewService';
import { readSettings } from '../settings';
import type { RecordingRuntime } from './recording';
import { errorMessage } from '../../core/util/errorMessage';

const CHECK_INTERVAL_MS = 60_000;

/**
 * Runs the heuristic learning pipeline quietly after enough new sessions or commits
 * (skillwright.learn.autoAfterSessions / autoAfterCommits), so suggestions appear without the
 * user asking. Counting reads two small COUNT queries once a minute; nothing runs per event.
 */
export class BackgroundLearning implements vscode.Disposable {
  private readonly timer: ReturnType<typeof setInterval>;
  private baseline: { sessions: number; commits: number } | undefined;
  private running = false;

  constructor(
    private readonly recording: RecordingRuntime,
    private readonly review: ReviewService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.timer = setInterval(
      () =>
        this.check().catch((error: unknown) => log.warn(`Background learning check failed: ${errorMessage(error)}`)),
      CHECK_INTERVAL_MS,
    );
    this.timer.unref?.();
  }

  private counts(): { sessions: number; commits: number } | undefined {
    const store = this.recording.store;
    if (!store) return undefined;
    const sessions = store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sessions')?.n ?? 0;
    return { sessions, commits: store.countEvents({ types: ['commit'] }) };
  }

  private async check(): Promise<void> {
    if (this.running || !vscode.workspace.isTrusted) return;
    const now = this.counts();
    if (!now) return;
    this.baseline ??= now;
    const { autoAfterSessions, autoAfterCommits } = readSettings().learn;
    const newSessions = now.sessions - this.baseline.sessions;
    const newCommits = now.commits - this.baseline.commits;
    const due =
      (autoAfterSessions > 0 && newSessions >= autoAfterSessions) ||
      (autoAfterCommits > 0 && newCommits >= autoAfterCommits);
    if (!due) return;
    this.running = true;
    this.baseline = now;
    try {
      this.log.info(`Learning in the background after ${newSessions} new session(s) and ${newCommits} new commit(s).`);
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Skillwright: learning' },
        (progress) => this.review.learn({ report: (message) => progress.report({ message }) }),
      );
    } catch (error) {
      this.log.warn(`Background learning failed: ${errorMessage(error)}`);
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
