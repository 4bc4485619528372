import * as vscode from 'vscode';
import type { SearchSkillsResult } from '../../core/delivery/searchSkills';
import { gapFromTask } from '../../core/gaps/gapDetector';
import { importGapInbox } from '../../core/gaps/gapInbox';
import { GapRepository } from '../../core/gaps/gapRepository';
import type { Gap } from '../../core/gaps/gapTypes';
import { buildSkillIndex } from '../../core/matching/skillIndex';
import type { GapSummary } from '../api';
import type { LibraryService } from '../library/libraryService';
import type { RecordingRuntime } from '../runtime/recording';
import { readSettings } from '../settings';
import type { GapRow } from '../views/viewModels';
import { gapInboxPath } from '../../core/store/storeLocation';
import { gapRow, gapSummary, matchableSkills } from './gapRows';
import { recordTrajectoryGaps } from './trajectoryGaps';
import { errorMessage } from '../../core/util/errorMessage';
import { runLogged } from '../userMessages';
import { Disposable } from '../lifecycle';

/** What the gaps need of the library; LibraryService provides it. */
export type GapLibrary = Pick<LibraryService, 'skills' | 'search' | 'quarantinedNames' | 'onDidChange' | 'reload'>;

export interface GapsServiceOptions {
  folder: vscode.WorkspaceFolder | undefined;
  recording: RecordingRuntime;
  library: GapLibrary;
  log: vscode.LogOutputChannel;
  /**
   * Fires after learning and accepting (ReviewService.onDidChange): the library is reloaded so an
   * accepted skill closes its gaps at once, and trajectory gaps are looked for again.
   */
  onDidLearn?: vscode.Event<void>;
}

const SESSION_SCAN_DEBOUNCE_MS = 1000;
const SESSIONS_SCANNED = 30;
const SEEN_TASKS_MAX = 2000;
const TRAJECTORY_EVERY_MS = 15 * 60_000;
const TRAJECTORY_AFTER_LEARN_MS = 5000;
const INBOX_POLL_MS = 30_000;
const ROWS_MAX = 200;

/**
 * Knowledge gaps in the editor: tasks no skill fits, recorded when an agent session reveals its
 * task or when someone searches; trajectory signals (areas edited in failing sessions, commands
 * that keep failing the same way); gaps agents reported over MCP. A gap closes when a skill that
 * covers it arrives in the library. Every handler logs and swallows its errors.
 */
export class GapsService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** Session id + task already matched in this window; bounded, insertion-ordered. */
  private readonly seenTasks = new Set<string>();
  /** Library skill name → content hash at the last look, so only new or changed skills close gaps. */
  private knownSkills: Map<string, string> | undefined;
  private sessionTimer: ReturnType<typeof setTimeout> | undefined;
  private trajectoryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly intervals: ReturnType<typeof setInterval>[] = [];
  private trajectoryRunning = false;

  constructor(private readonly options: GapsServiceOptions) {
    super();
    this._register(options.recording.onDidChange(() => this.scheduleSessionScan()));
    this._register(options.library.onDidChange(() => this.guard('library change', () => this.closeCovered())));
    if (options.onDidLearn) {
      this._register(
        options.onDidLearn(() => {
          void options.library
            .reload()
            .then(() => this.guard('after accept', () => this.closeCovered()))
            .catch((error: unknown) => options.log.error(`Gaps (library reload): ${errorMessage(error)}`));
          this.scheduleTrajectoryDetection(TRAJECTORY_AFTER_LEARN_MS);
        }),
      );
    }
  }

  /** Call once the store is open: imports reported gaps, looks at recent sessions, starts the timers. */
  start(): void {
    if (this.disposed || this.intervals.length > 0) return;
    this.guard('start', () => this.closeCovered());
    void this.importInbox();
    this.scheduleSessionScan();
    this.scheduleTrajectoryDetection(60_000);
    const inbox = setInterval(() => void this.importInbox(), INBOX_POLL_MS);
    const trajectories = setInterval(() => this.scheduleTrajectoryDetection(0), TRAJECTORY_EVERY_MS);
    inbox.unref?.();
    trajectories.unref?.();
    this.intervals.push(inbox, trajectories);
  }

  private get repository(): GapRepository | undefined {
    const store = this.options.recording.store;
    return store ? new GapRepository(store.db) : undefined;
  }

  private get threshold(): number {
    return readSettings(this.options.folder?.uri).gaps.threshold;
  }

  /** Open gaps with their best current (too weak) match, most evidence first. */
  rows(): GapRow[] {
    const repository = this.repository;
    if (!repository) return [];
    return repository
      .listOpen()
      .slice(0, ROWS_MAX)
      .map((gap) => gapRow(gap, this.bestMatch(gap)));
  }

  /** Every gap, whatever its status, for the API. */
  summaries(): GapSummary[] {
    return this.repository?.list().map(gapSummary) ?? [];
  }

  get(id: string): Gap | undefined {
    return this.repository?.get(id);
  }

  /**
   * Matches a task against the library and records a gap when nothing reaches the threshold.
   * Nothing is counted as a delivery: this is a lookup, not a skill handed to an agent.
   */
  recordTask(
    task: string,
    files: readonly string[] = [],
    sessionId?: string,
  ): { result: SearchSkillsResult; gap?: Gap } {
    const result = this.options.library.search(task, files, 5, { record: false });
    const repository = this.repository;
    if (!repository || !task.trim()) return { result };
    const matches = result.results.map((skill) => ({
      name: skill.name,
      score: skill.score,
      explanation: skill.explanation,
    }));
    const draft = gapFromTask(
      { text: task, files },
      matches,
      { ts: Date.now(), ...(sessionId ? { sessionId } : {}) },
      this.threshold,
    );
    if (!draft) return { result };
    const gap = repository.record(draft);
    const best = result.results[0];
    const bestMatch = best ? `${best.name} ${best.score.toFixed(2)}` : 'none';
    this.options.log.info(
      `Gap recorded for "${task.slice(0, 120)}" (best match ${bestMatch}); ${gap.evidence.length} occurrence(s).`,
    );
    this.fire();
    return { result, gap };
  }

  /** Dismisses an open gap; it stays dismissed however often it recurs. */
  dismiss(id: string): boolean {
    const repository = this.repository;
    if (repository?.get(id)?.status !== 'open') return false;
    const dismissed = repository.dismiss(id);
    if (dismissed) {
      this.fire();
    }
    return dismissed;
  }

  /** Imports the gaps `skillwright mcp` wrote to its inbox. Never throws. */
  async importInbox(): Promise<number> {
    const repository = this.repository;
    const folder = this.options.folder;
    if (!repository || !folder) return 0;
    try {
      const { imported, skipped } = await importGapInbox(gapInboxPath(folder.uri.fsPath), repository);
      if (skipped) this.options.log.warn(`Gap inbox: ${skipped} malformed line(s) skipped.`);
      if (imported) {
        this.options.log.info(`Gap inbox: ${imported} gap report(s) from MCP clients imported.`);
        this.fire();
      }
      return imported;
    } catch (error) {
      this.options.log.error(`Importing the MCP gap inbox failed: ${errorMessage(error)}`);
      return 0;
    }
  }

  /**
   * Looks for trajectory-signal gaps over recent sessions; bounded, one run at a time. Returns how many gaps are new or
   * grew.
   */
  detectTrajectoryGaps(): number {
    const { store, sessions } = this.options.recording;
    const repository = this.repository;
    if (!store || !sessions || !repository || this.trajectoryRunning) return 0;
    this.trajectoryRunning = true;
    try {
      const outcome = recordTrajectoryGaps({
        store,
        sessions,
        repository,
        library: this.options.library,
        threshold: this.threshold,
      });
      if (outcome.grown === 0) return 0;
      this.options.log.info(
        `Trajectory gaps: ${outcome.grown} new or grown from ${outcome.sessions} session(s) ` +
          `and ${outcome.events} event(s).`,
      );
      this.fire();
      return outcome.grown;
    } finally {
      this.trajectoryRunning = false;
    }
  }

  /** Closes open gaps that a new or changed library skill now covers. */
  closeCovered(): Gap[] {
    const repository = this.repository;
    const skills = this.options.library.skills();
    const current = new Map(skills.map((skill) => [skill.folderName, skill.hash]));
    const known = this.knownSkills;
    if (!repository) return [];
    this.knownSkills = current;
    // The first look only learns what is there: gaps recorded with those skills present stay open.
    if (!known) return [];
    const changed = new Set([...current].filter(([name, hash]) => known.get(name) !== hash).map(([name]) => name));
    if (changed.size === 0) return [];
    const matchable = matchableSkills(skills, new Set(this.options.library.quarantinedNames()));
    const index = buildSkillIndex(matchable);
    const threshold = this.threshold;
    const covering = new Set<string>();
    for (const gap of repository.listOpen()) {
      const [top] = index.match({ text: gap.query.text, files: gap.query.files }, 1);
      if (top && changed.has(top.name) && top.score >= threshold) covering.add(top.name);
    }
    const closed: Gap[] = [];
    for (const name of covering) {
      const skill = matchable.find((candidate) => candidate.name === name);
      if (skill) closed.push(...repository.closeGapsCoveredBy(skill, matchable, threshold));
    }
    if (closed.length > 0) {
      this.options.log.info(
        `Closed ${closed.length} gap(s) now ` +
          `covered: ${closed.map((gap) => `"${gap.query.text.slice(0, 60)}" by ${gap.closedBy ?? '?'}`).join('; ')}`,
      );
      this.fire();
    }
    return closed;
  }

  override dispose(): void {
    super.dispose();
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    if (this.trajectoryTimer) clearTimeout(this.trajectoryTimer);
    for (const interval of this.intervals) clearInterval(interval);
  }

  private bestMatch(gap: Gap): { name: string; score: number } | undefined {
    try {
      const [top] = this.options.library.search(gap.query.text, gap.query.files, 1, { record: false }).results;
      return top ? { name: top.name, score: top.score } : gap.bestMatch;
    } catch {
      return gap.bestMatch;
    }
  }

  private scheduleSessionScan(): void {
    if (this.disposed || this.sessionTimer) return;
    this.sessionTimer = setTimeout(() => {
      this.sessionTimer = undefined;
      this.guard('session scan', () => this.scanSessions());
    }, SESSION_SCAN_DEBOUNCE_MS);
  }

  /** Matches the task of every recent agent session not looked at yet in this window. */
  private scanSessions(): void {
    const sessions = this.options.recording.sessions;
    if (!sessions || !this.options.recording.store) return;
    for (const session of sessions.listRecent(SESSIONS_SCANNED).reverse()) {
      const task = session.task?.trim();
      if (!task) continue;
      const key = `${session.id}\u0000${task}`;
      if (this.seenTasks.has(key)) continue;
      this.seenTasks.add(key);
      if (this.seenTasks.size > SEEN_TASKS_MAX) this.seenTasks.delete(this.seenTasks.values().next().value as string);
      this.recordTask(task, [], session.id);
    }
  }

  private scheduleTrajectoryDetection(delayMs: number): void {
    if (this.disposed) return;
    if (this.trajectoryTimer) clearTimeout(this.trajectoryTimer);
    this.trajectoryTimer = setTimeout(() => {
      this.trajectoryTimer = undefined;
      this.guard('trajectory gaps', () => void this.detectTrajectoryGaps());
    }, delayMs);
    this.trajectoryTimer.unref?.();
  }

  private fire(): void {
    if (!this.disposed) this.changed.fire();
  }

  private guard(context: string, action: () => void): void {
    runLogged(this.options.log, `Gaps (${context})`, action);
  }
}
