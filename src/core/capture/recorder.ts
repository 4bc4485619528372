/**
 * The core of capture: the VS Code adapter hands it plain data from its listeners, and it filters,
 * folds, attributes, assigns sessions and appends to the EventSink. Every listener method returns
 * quickly; the expensive parts (diffs, .gitignore questions) happen at most once per burst, off
 * the keystroke path. Events leave in the order they happened even when a .gitignore answer is
 * pending: later events queue behind it.
 */
import type { Clock, Logger } from '../ports';
import { silentLogger, systemClock } from '../ports';
import type { AgentId } from '../model/agents';
import type { FileEvent, RecordedEvent, TranscriptEvent } from '../model/events';
import type { SessionRecord } from '../sessions/sessionRecord';
import { SessionTracker } from '../sessions/sessionTracker';
import { agentFromCommandLine } from '../model/agentSignatures';
import { attributeEdit, attributeFileWrite, attributeTerminal } from './attribution';
import type { CaptureFilter } from './captureFilter';
import { EditBurstFolder, type DocumentChange, type FoldedBurst } from './editBurstFolder';
import { createEventIdFactory, type EventSink } from './eventSink';
import type {
  CommitData,
  ExternalWriteData,
  FilesData,
  FileSaveData,
  RecorderOptions,
  RecorderStats,
  RenamesData,
  TerminalStart,
  TerminalWithoutShellIntegration,
} from './recorderTypes';
import { buildTerminalEvent, type TerminalExecutionData } from './terminalEvent';
import { gitDirVerdict, OrderedGate } from './orderedGate';
import { ShellIntegrationStatus } from './shellIntegrationStatus';
import { DEFAULT_OUTPUT_CAP_BYTES } from './terminalExcerpt';
import { RecentToolCalls } from '../sessions/transcriptMatching';

/** A watcher event this soon after the editor wrote the same path is the editor's own write. */
const ECHO_WINDOW_MS = 3000;
const MAX_FILE_BYTES_DEFAULT = 1_000_000;

export class Recorder {
  private readonly sink: EventSink;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly filterFor: (workspaceFolder: string | undefined) => CaptureFilter | undefined;
  private readonly tracker: SessionTracker;
  private readonly folder: EditBurstFolder;
  private readonly newId: () => string;
  private readonly outputCapBytes: number;
  private readonly maxFileBytes: number;
  private readonly editorWrites = new Map<string, number>();
  private readonly agentInTerminal = new Map<string, AgentId>();
  private readonly shellIntegration = new ShellIntegrationStatus();
  private readonly stats_: RecorderStats = { emitted: 0, excluded: 0, tooLarge: 0, noBaseline: 0, echoesIgnored: 0 };
  private readonly gate: OrderedGate;
  private readonly recentToolCalls = new RecentToolCalls();
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private sessionTimer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;

  constructor(private readonly options: RecorderOptions) {
    this.sink = options.sink;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.filterFor = options.filterFor ?? (() => undefined);
    this.tracker = new SessionTracker(options.sessions);
    this.folder = new EditBurstFolder(options.edits);
    this.newId = options.newId ?? createEventIdFactory();
    this.outputCapBytes = options.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES;
    this.maxFileBytes = options.edits?.maxFileChars ?? MAX_FILE_BYTES_DEFAULT;
    this.gate = new OrderedGate((event) => this.emit(event), this.logger);
    if (options.timers !== false && options.sessionStore) {
      this.sessionTimer = setInterval(() => this.persistSessions(), options.sessionFlushMs ?? 5000);
      this.sessionTimer.unref?.();
    }
  }

  // ---- terminals -------------------------------------------------------------------------

  onTerminalExecutionStarted(start: TerminalStart): void {
    const launch = agentFromCommandLine(start.commandLine);
    if (!launch) return;
    this.agentInTerminal.set(folderScopedKey(start.workspaceFolder, start.terminalName), launch.agent);
    const agentLaunch = { terminalName: start.terminalName, startedAt: start.startedAt, agent: launch.agent };
    this.tracker.agentLaunched(
      start.workspaceFolder === undefined ? agentLaunch : { ...agentLaunch, workspaceFolder: start.workspaceFolder },
    );
  }

  onTerminalExecutionEnded(data: TerminalExecutionData): void {
    const key = folderScopedKey(data.workspaceFolder, data.terminalName);
    const running = this.agentInTerminal.get(key);
    const attribution = attributeTerminal(
      running === undefined
        ? { terminalName: data.terminalName, commandLine: data.commandLine }
        : { terminalName: data.terminalName, commandLine: data.commandLine, agentRunningInTerminal: running },
    );
    if (agentFromCommandLine(data.commandLine)) this.agentInTerminal.delete(key);
    this.submit(buildTerminalEvent(this.newId(), data, attribution, this.outputCapBytes), data.workspaceFolder, []);
  }

  /** The terminal has no shell integration (yet): commands in it cannot be recorded. */
  onTerminalShellIntegrationMissing(terminalId: string, terminalName: string, since = this.clock.now()): void {
    this.shellIntegration.markMissing(terminalId, terminalName, since);
  }

  onTerminalShellIntegrationActivated(terminalId: string): void {
    this.shellIntegration.clear(terminalId);
  }

  onTerminalClosed(terminalId: string, terminalName: string, workspaceFolder?: string): void {
    this.agentInTerminal.delete(folderScopedKey(workspaceFolder, terminalName));
    this.tracker.agentTerminalClosed(workspaceFolder, terminalName);
    this.shellIntegration.clear(terminalId);
  }

  terminalsWithoutShellIntegration(): TerminalWithoutShellIntegration[] {
    return this.shellIntegration.list();
  }

  /** Called when terminalsWithoutShellIntegration() changes; returns an unsubscribe function. */
  onShellIntegrationStatusChanged(listener: () => void): () => void {
    return this.shellIntegration.onChange(listener);
  }

  // ---- documents -------------------------------------------------------------------------

  /** A document opened (or was open at activation): its text is the baseline of its first burst. */
  onDocumentOpened(workspaceFolder: string | undefined, path: string, text: string): void {
    if (this.quickExclusion(workspaceFolder, path)) return;
    this.folder.track(workspaceFolder, path, text);
  }

  onDocumentClosed(workspaceFolder: string | undefined, path: string): void {
    this.folder.forget(workspaceFolder, path);
  }

  /** Per keystroke: O(1), reads no text. */
  onDocumentChanged(change: DocumentChange): void {
    if (this.quickExclusion(change.workspaceFolder, change.path)) return;
    this.folder.change(change);
    this.scheduleEditFlush();
  }

  onDocumentSaved(data: FileSaveData): void {
    const ts = data.ts ?? this.clock.now();
    const burst = this.folder.flushDocument(data.workspaceFolder, data.path);
    if (burst) this.emitBurst(burst);
    this.editorWrites.set(folderScopedKey(data.workspaceFolder, data.path), ts);
    const skipped = data.binary
      ? 'binary'
      : (data.sizeBytes ?? 0) > this.maxFileBytes || burst?.skipped === 'too-large'
        ? 'too-large'
        : undefined;
    this.submitFile(data.workspaceFolder, 'save', data.path, ts, 'editor', skipped);
  }

  // ---- files -----------------------------------------------------------------------------

  onFilesCreated(data: FilesData): void {
    this.fileOps(data, 'create');
  }

  onFilesDeleted(data: FilesData): void {
    this.fileOps(data, 'delete');
  }

  onFilesRenamed(data: RenamesData): void {
    const ts = data.ts ?? this.clock.now();
    for (const { oldPath, newPath } of data.renames) {
      this.editorWrites.set(folderScopedKey(data.workspaceFolder, newPath), ts);
      this.editorWrites.set(folderScopedKey(data.workspaceFolder, oldPath), ts);
      const event = this.fileEvent(data.workspaceFolder, 'rename', newPath, ts, 'editor');
      event.oldPath = oldPath;
      this.submit(event, data.workspaceFolder, [oldPath, newPath]);
    }
  }

  /** A FileSystemWatcher event; echoes of the editor's own writes are dropped. */
  onExternalWrite(data: ExternalWriteData): void {
    const ts = data.ts ?? this.clock.now();
    const key = folderScopedKey(data.workspaceFolder, data.path);
    const editorAt = this.editorWrites.get(key);
    if (editorAt !== undefined && Math.abs(ts - editorAt) <= ECHO_WINDOW_MS) {
      this.stats_.echoesIgnored++;
      return;
    }
    if (/(^|\/)\.gitignore$/.test(data.path)) this.filterFor(data.workspaceFolder)?.invalidate();
    const op: FileEvent['op'] = data.kind === 'change' ? 'external-write' : data.kind;
    const skipped = data.binary ? 'binary' : (data.sizeBytes ?? 0) > this.maxFileBytes ? 'too-large' : undefined;
    this.submitFile(data.workspaceFolder, op, data.path, ts, 'external', skipped);
  }

  // ---- git and transcripts ---------------------------------------------------------------

  onHeadChanged(workspaceFolder: string | undefined, head: string | undefined, branch: string | undefined): void {
    this.tracker.noteHead(workspaceFolder, head, branch);
  }

  /** Pending edit bursts are flushed first so the commit can judge them. */
  onCommit(data: CommitData): void {
    for (const burst of this.folder.flushAll()) this.emitBurst(burst);
    const attribution = { actor: 'human' as const, confidence: 0.6, evidence: ['committed through git'] };
    const event: RecordedEvent = {
      id: this.newId(),
      ts: data.ts ?? this.clock.now(),
      type: 'commit',
      hash: data.hash,
      parents: [...data.parents],
      message: data.message,
      files: [...data.files],
      attribution,
    };
    if (data.workspaceFolder !== undefined) event.workspaceFolder = data.workspaceFolder;
    if (data.author !== undefined) event.author = data.author;
    if (data.branch !== undefined) event.branch = data.branch;
    if (data.diff !== undefined) event.diff = data.diff;
    this.submit(event, data.workspaceFolder, []);
    this.tracker.noteHead(data.workspaceFolder, data.hash, data.branch);
  }

  onTranscriptEvents(events: readonly TranscriptEvent[]): void {
    for (const event of [...events].sort((a, b) => a.ts - b.ts)) this.submit(event, event.workspaceFolder, []);
  }

  /**
   * Records the user's thumbs up/down as a RatingEvent; the session's outcome follows it, in
   * memory and in the store (directly, when the session is no longer live).
   */
  rate(sessionId: string, rating: 'up' | 'down', workspaceFolder?: string): void {
    const live = this.tracker.get(sessionId) !== undefined;
    const event: RecordedEvent = {
      id: this.newId(),
      ts: this.clock.now(),
      type: 'rating',
      sessionId,
      rating,
      attribution: { actor: 'human', confidence: 1, evidence: ['rated by the user'] },
    };
    if (workspaceFolder !== undefined) event.workspaceFolder = workspaceFolder;
    this.submit(event, workspaceFolder, []);
    if (!live) this.options.sessionStore?.setRating?.(sessionId, rating);
  }

  // ---- flushing --------------------------------------------------------------------------

  /** Flushes bursts idle at `now` (the edit timer calls this; tests and benches call it directly). */
  tick(now = this.clock.now()): void {
    for (const burst of this.folder.flushIdle(now)) this.emitBurst(burst);
  }

  /** Everything pending: bursts, queued events, changed sessions. */
  async flush(): Promise<void> {
    for (const burst of this.folder.flushAll()) this.emitBurst(burst);
    await this.gate.drained();
    this.persistSessions();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.editTimer) clearTimeout(this.editTimer);
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    await this.flush();
    this.shellIntegration.dispose();
  }

  /** Sessions changed since the last call (also what gets persisted). */
  takeChangedSessions(): SessionRecord[] {
    return this.tracker.takeChanged();
  }

  session(sessionId: string): SessionRecord | undefined {
    return this.tracker.get(sessionId);
  }

  stats(): RecorderStats {
    return { ...this.stats_, excluded: this.gate.excluded };
  }

  // ---- internals -------------------------------------------------------------------------

  private emitBurst(burst: FoldedBurst): void {
    if (burst.skipped === 'too-large') {
      this.stats_.tooLarge++;
      return;
    }
    if (burst.skipped === 'no-baseline' || burst.diff === undefined) {
      this.stats_.noBaseline++;
      return;
    }
    if (burst.diff === '') return;
    const attribution = attributeEdit({
      visibleInEditor: burst.visibleInEditor,
      fromDisk: burst.fromDisk,
      activeAgents: this.tracker.activeAgents(burst.workspaceFolder, burst.endedAt),
      ...(this.options.editorAgent ? { editorAgent: this.options.editorAgent } : {}),
    });
    const event: RecordedEvent = {
      id: this.newId(),
      ts: burst.endedAt,
      type: 'edit',
      path: burst.path,
      diff: burst.diff,
      linesAdded: burst.linesAdded,
      linesRemoved: burst.linesRemoved,
      visibleInEditor: burst.visibleInEditor,
      attribution,
    };
    if (burst.workspaceFolder !== undefined) event.workspaceFolder = burst.workspaceFolder;
    this.submit(event, burst.workspaceFolder, [burst.path]);
  }

  private fileOps(data: FilesData, op: 'create' | 'delete'): void {
    const ts = data.ts ?? this.clock.now();
    for (const path of data.paths) {
      this.editorWrites.set(folderScopedKey(data.workspaceFolder, path), ts);
      this.submitFile(data.workspaceFolder, op, path, ts, 'editor', undefined);
    }
  }

  private submitFile(
    workspaceFolder: string | undefined,
    op: FileEvent['op'],
    path: string,
    ts: number,
    origin: 'editor' | 'external',
    skipped: FileEvent['contentSkipped'],
  ): void {
    const event = this.fileEvent(workspaceFolder, op, path, ts, origin);
    if (skipped) event.contentSkipped = skipped;
    this.submit(event, workspaceFolder, [path]);
    if (this.editorWrites.size > 4096) this.pruneEditorWrites(ts);
  }

  private fileEvent(
    workspaceFolder: string | undefined,
    op: FileEvent['op'],
    path: string,
    ts: number,
    origin: 'editor' | 'external',
  ): FileEvent {
    const attribution = attributeFileWrite({ origin, activeAgents: this.tracker.activeAgents(workspaceFolder, ts) });
    const event: FileEvent = { id: this.newId(), ts, type: 'file', op, path, attribution };
    if (workspaceFolder !== undefined) event.workspaceFolder = workspaceFolder;
    return event;
  }

  /** Globs and cached git answers only; a pending git answer starts a prefetch and lets it through. */
  private quickExclusion(workspaceFolder: string | undefined, path: string): boolean {
    const filter = this.filterFor(workspaceFolder);
    const verdict = filter ? filter.checkSync(path) : gitDirVerdict(path);
    if (verdict === 'pending') {
      filter?.prefetch(path);
      return false;
    }
    return verdict !== undefined;
  }

  private submit(event: RecordedEvent, workspaceFolder: string | undefined, paths: readonly string[]): void {
    this.gate.submit(event, this.filterFor(workspaceFolder), paths);
  }

  private emit(event: RecordedEvent): void {
    // A command or edit an agent's transcript already reported joins that transcript's session,
    // so the trajectory shows it once (toTrajectory drops the captured twin).
    if (event.type === 'transcript') this.recentToolCalls.remember(event);
    else if (!event.sessionHint) {
      const call = this.recentToolCalls.claim(event);
      if (call) event.sessionHint = `${call.agent}:${call.sessionId}`;
    }
    event.sessionHint = this.tracker.assign(event);
    this.stats_.emitted++;
    try {
      this.sink.append([event]);
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error));
    }
  }

  private persistSessions(): void {
    const store = this.options.sessionStore;
    if (!store) return;
    const changed = this.tracker.takeChanged();
    if (changed.length === 0) return;
    try {
      store.upsertMany(changed);
    } catch (error) {
      this.logger.error(error instanceof Error ? error : String(error));
    }
  }

  private scheduleEditFlush(): void {
    if (this.editTimer !== undefined || this.options.timers === false || this.disposed) return;
    const due = this.folder.nextDueAt();
    if (due === undefined) return;
    this.editTimer = setTimeout(
      () => {
        this.editTimer = undefined;
        this.tick();
        if (this.folder.pendingCount > 0) this.scheduleEditFlush();
      },
      Math.max(10, due - this.clock.now()),
    );
    this.editTimer.unref?.();
  }

  private pruneEditorWrites(now: number): void {
    for (const [key, at] of this.editorWrites) if (now - at > ECHO_WINDOW_MS) this.editorWrites.delete(key);
  }
}

/** A map key for a name (a terminal's, a file path) that is only unique within its workspace folder. */
function folderScopedKey(workspaceFolder: string | undefined, name: string): string {
  return `${workspaceFolder ?? ''}\u0000${name}`;
}
