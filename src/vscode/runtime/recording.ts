import * as vscode from 'vscode';
import { CaptureFilter } from '../../core/capture/captureFilter';
import { GitCheckIgnore } from '../../core/capture/gitIgnoreOracle';
import { Recorder } from '../../core/capture/recorder';
import type { AgentId } from '../../core/model/agents';
import { SessionRepository } from '../../core/sessions/sessionRepository';
import { type EventStore } from '../../core/store/eventStore';
import { openEventStore } from '../../core/store/openEventStore';
import { OwnWrites } from '../../core/capture/ownWrites';
import { EditorCapture } from '../capture/editorCapture';
import { GitCapture } from '../capture/gitCapture';
import { TerminalCapture } from '../capture/terminalCapture';
import { readSettings } from '../settings';
import { errorMessage } from '../../core/util/errorMessage';
import { Disposable } from '../lifecycle';

const RETENTION_FIRST_RUN_MS = 60_000;
const RETENTION_INTERVAL_MS = 6 * 60 * 60_000;

/** Extensions that edit through editor buffers, so their unseen edits are attributed to them. */
const EDITOR_AGENTS: [string, AgentId][] = [
  ['github.copilot-chat', 'copilot'],
  ['saoudrizwan.claude-dev', 'cline'],
  ['rooveterinaryinc.roo-cline', 'roo'],
];

/**
 * Owns the private store and the live capture: opens the store off the activation path, then
 * wires the terminal, editor and git listeners into the core recorder. Capture can be paused
 * (the listeners are disposed, the store stays open) and resumed.
 */
export class RecordingRuntime extends Disposable {
  /** Files Skillwright writes itself, which capture must not record as anyone's step. */
  readonly ownWrites = new OwnWrites();
  // Only this class opens, replaces and closes them; everyone else reads them through the getters.
  private openedStore: EventStore | undefined;
  private sessionRepository: SessionRepository | undefined;
  private liveRecorder: Recorder | undefined;
  private captures: vscode.Disposable[] = [];
  private retentionTimer: ReturnType<typeof setInterval> | undefined;
  private closing: Promise<void> | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when recorded data may have changed (new sessions, shell-integration notices). */
  readonly onDidChange = this.changed.event;
  private readonly storeOpened = this._register(new vscode.EventEmitter<EventStore>());
  /** Fires once, when openStore() has opened the store (not when no folder is open or opening failed). */
  readonly onDidOpenStore = this.storeOpened.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** The open store; undefined before openStore() finished, without a folder, and after close(). */
  get store(): EventStore | undefined {
    return this.openedStore;
  }

  /** Sessions in the open store. */
  get sessions(): SessionRepository | undefined {
    return this.sessionRepository;
  }

  /** The live recorder; undefined while capture is paused. */
  get recorder(): Recorder | undefined {
    return this.liveRecorder;
  }

  get capturing(): boolean {
    return this.captures.length > 0;
  }

  get storePath(): string | undefined {
    return this.context.storageUri ? vscode.Uri.joinPath(this.context.storageUri, 'skillwright.db').fsPath : undefined;
  }

  async openStore(): Promise<EventStore | undefined> {
    const dbPath = this.storePath;
    if (!dbPath || !this.context.storageUri) {
      this.log.info('No folder is open, so nothing is recorded.');
      return undefined;
    }
    // openEventStore vets the path and creates the folder private (0700), as it does for the CLI.
    const opened = await openEventStore({
      dbPath,
      wasmPath: vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'sql-wasm.wasm').fsPath,
      logger: this.log,
    });
    if (this.closing) {
      // The window closed while the store was opening.
      await opened.close();
      return undefined;
    }
    const store = opened;
    const notices = store.guestNotice ? [...store.warnings, store.guestNotice] : store.warnings;
    for (const warning of notices)
      void vscode.window
        .showWarningMessage(`Skillwright: ${warning}`, 'Show Log')
        .then((choice) => choice && this.log.show());
    this.openedStore = store;
    this.sessionRepository = new SessionRepository(store.db);
    this.log.info(
      `Store open at ${dbPath} (${store.mode}; ${store.recovery.replayedEvents} journal records replayed).`,
    );
    this.retentionTimer = setInterval(() => void this.applyRetention(), RETENTION_INTERVAL_MS);
    this.retentionTimer.unref?.();
    setTimeout(() => void this.applyRetention(), RETENTION_FIRST_RUN_MS).unref?.();
    this.storeOpened.fire(store);
    return store;
  }

  /** Deletes events past skillwright.retention.maxAgeDays and the oldest ones past maxSizeMB. */
  private async applyRetention(): Promise<void> {
    const store = this.store;
    if (!store || store.mode !== 'primary') return;
    const { maxAgeDays, maxSizeMB } = readSettings().retention;
    try {
      const result = await store.applyRetention({ maxAgeDays, maxBytes: maxSizeMB * 1024 * 1024 });
      if (result.deletedEvents)
        this.log.info(`Retention deleted ${result.deletedEvents} events and ${result.deletedSessions} sessions.`);
    } catch (error) {
      this.log.warn(`Retention failed: ${errorMessage(error)}`);
    }
  }

  /** Starts the listeners. The caller checks Workspace Trust and skillwright.capture.enabled. */
  startCapture(): void {
    const { store, sessions } = this;
    if (!store || !sessions || this.capturing) return;
    const settings = readSettings().capture;
    const filters = new Map<string, CaptureFilter>();
    const filterFor = (workspaceFolder: string | undefined): CaptureFilter | undefined => {
      if (!workspaceFolder) return undefined;
      let filter = filters.get(workspaceFolder);
      if (!filter) {
        const uri = vscode.Uri.file(workspaceFolder);
        filter = new CaptureFilter({
          filesExclude: vscode.workspace
            .getConfiguration('files', uri)
            .get<Record<string, boolean | { when: string }>>('exclude', {}),
          captureExclude: readSettings(uri).capture.exclude,
          gitIgnore: new GitCheckIgnore(workspaceFolder),
        });
        filters.set(workspaceFolder, filter);
      }
      return filter;
    };
    const editorAgent = EDITOR_AGENTS.find(([id]) => vscode.extensions.getExtension(id))?.[1];
    const recorder = new Recorder({
      sink: store,
      logger: this.log,
      filterFor,
      sessionStore: {
        upsertMany: (records) => {
          sessions.upsertMany(records);
          this.changed.fire();
        },
        setRating: (id, rating) => sessions.setRating(id, rating),
      },
      sessions: { idleGapMs: settings.sessionIdleMinutes * 60_000 },
      edits: { maxFileChars: settings.maxFileBytes },
      outputCapBytes: settings.outputCapBytes,
      ...(editorAgent ? { editorAgent } : {}),
    });
    this.liveRecorder = recorder;
    const unsubscribe = recorder.onShellIntegrationStatusChanged(() => this.changed.fire());
    const git = new GitCapture(
      (commit) => recorder.onCommit(commit),
      (message) => this.log.warn(message),
    );
    git.start().catch((error: unknown) => this.log.warn(`Commits will not be recorded: ${errorMessage(error)}`));
    this.captures = [
      new TerminalCapture(recorder),
      new EditorCapture(recorder, this.ownWrites),
      git,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('files.exclude') || event.affectsConfiguration('skillwright.capture.exclude'))
          filters.clear();
      }),
      new vscode.Disposable(unsubscribe),
    ];
    this.log.info(`Recording started${editorAgent ? ` (editor agent: ${editorAgent})` : ''}.`);
    this.changed.fire();
  }

  async stopCapture(): Promise<void> {
    for (const capture of this.captures.splice(0).reverse()) capture.dispose();
    const recorder = this.liveRecorder;
    this.liveRecorder = undefined;
    await recorder?.dispose();
    this.changed.fire();
  }

  /** Everything recorded so far becomes durable. */
  async flush(): Promise<void> {
    await this.recorder?.flush();
    await this.store?.flush();
  }

  /** Idempotent: deactivate() awaits it and dispose() starts it, and both get the same run. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.retentionTimer) clearInterval(this.retentionTimer);
      await this.stopCapture();
      await this.openedStore?.close();
      this.openedStore = undefined;
    })().catch((error: unknown) => this.log.error(`Closing the store failed: ${errorMessage(error)}`));
    return this.closing;
  }

  /** The emitters outlive close(), which fires a last change when capture stops. */
  override dispose(): void {
    void this.close().finally(() => super.dispose());
  }
}
