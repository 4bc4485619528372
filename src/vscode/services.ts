import * as vscode from 'vscode';
import { kvTrustStore, type TrustStore } from '../core/skills/trustStore';
import { errorMessage } from '../core/util/errorMessage';
import { registerCommands } from './registerCommands';
import { GapsService } from './gaps/gapsService';
import { GovernanceService } from './governance/governanceService';
import { Disposable } from './lifecycle';
import { LibraryService } from './library/libraryService';
import { registerFindSkillsTool } from './library/lmTool';
import { governanceFromDb } from '../core/governance/skillGovernance';
import { IdleDistillation } from './llm/idleDistillation';
import { ModelDistillation } from './llm/modelDistillation';
import { RelatedFilesService } from './related/relatedFilesService';
import { registerRelatedFilesTool } from './related/relatedFilesTool';
import { PROPOSAL_SCHEME, ProposalFileSystem } from './review/proposalFileSystem';
import { READ_ONLY_SCHEME, ReadOnlyDocuments } from './review/readOnlyDocuments';
import { ReviewService } from './review/reviewService';
import { BackgroundLearning } from './runtime/backgroundLearning';
import { RecordingRuntime } from './runtime/recording';
import { RecordingControl } from './runtime/recordingControl';
import { readSettings } from './settings';
import { SkillwrightStatusBar } from './statusBar';
import { TranscriptWatcher } from './transcripts/transcriptWatcher';
import { showError } from './userMessages';
import { openSkillwrightViews } from './views/skillwrightViews';
import type { SkillwrightViews } from './views/registerViews';
import { TimelinePanels } from './webviews/timelinePanel';

/**
 * Owns every service of one window. The constructor builds them in dependency order and does no
 * I/O; start() opens the store and starts the background work. Disposing it disposes everything
 * in reverse order of construction, so nothing outlives what it depends on.
 */
export class SkillwrightServices extends Disposable {
  readonly log = this._register(vscode.window.createOutputChannel('Skillwright', { log: true }));
  readonly folder = vscode.workspace.workspaceFolders?.[0];
  /** Fires when the store opens or governance rewrote what the library reads from it. */
  private readonly storeChanged = this._register(new vscode.EventEmitter<void>());
  readonly statusBar = this._register(new SkillwrightStatusBar());
  readonly recording: RecordingRuntime;
  readonly control: RecordingControl;
  readonly library: LibraryService | undefined;
  readonly review: ReviewService;
  readonly proposals = new ProposalFileSystem();
  readonly documents = this._register(new ReadOnlyDocuments());
  readonly timelines: TimelinePanels;
  readonly transcripts: TranscriptWatcher;
  readonly gaps: GapsService | undefined;
  readonly governance: GovernanceService | undefined;
  readonly distillation: ModelDistillation;
  readonly related: RelatedFilesService | undefined;
  readonly views: SkillwrightViews;
  private agentTools = false;

  constructor(readonly context: vscode.ExtensionContext) {
    super();
    const { folder, log } = this;
    const recording = (this.recording = this._register(new RecordingRuntime(context, log)));
    this.control = this._register(new RecordingControl(recording, this.statusBar, log));
    const trustStore = () => (recording.store ? kvTrustStore(recording.store.db) : undefined);
    const library = (this.library = folder ? this._register(this.createLibrary(folder, trustStore)) : undefined);
    const review = (this.review = this._register(new ReviewService(folder, recording, log)));
    this.timelines = this._register(new TimelinePanels(context.extensionUri));
    this._register(new BackgroundLearning(recording, review, log));
    this._register(
      vscode.workspace.registerFileSystemProvider(PROPOSAL_SCHEME, this.proposals, { isCaseSensitive: true }),
    );
    this._register(vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, this.documents));
    this.transcripts = this._register(new TranscriptWatcher({ recording, context, log }));
    if (library && folder) {
      this.gaps = this._register(new GapsService({ folder, recording, library, log, onDidLearn: review.onDidChange }));
      this.governance = this._register(new GovernanceService({ folder, recording, library, log, review }));
      this._register(this.governance.onDidChange(() => this.storeChanged.fire()));
    }
    this.views = this._register(openSkillwrightViews(this));
    this._register(recording.onDidOpenStore(() => this.storeChanged.fire()));
    this.distillation = this._register(
      new ModelDistillation({ folder, recording, review, secrets: context.secrets, log }),
    );
    this._register(new IdleDistillation(this.distillation, recording, log));
    this.related = folder
      ? new RelatedFilesService(folder, log, () => readSettings(folder.uri).learn.halfLifeCommits)
      : undefined;
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.deliverToAgents();
        void this.transcripts.start();
      }),
    );
    for (const command of registerCommands(this)) this._register(command);
  }

  /**
   * Opens the store off the activation path, then starts capture, delivery and the background
   * services. A failure is reported here; the returned promise still rejects, for the API's whenReady.
   */
  start(): Promise<void> {
    const ready = this.startInOrder();
    ready.catch((error: unknown) => {
      this.control.failed(errorMessage(error));
      showError(this.log, 'Skillwright could not open its store', error);
    });
    return ready;
  }

  private async startInOrder(): Promise<void> {
    const libraryStarted = this.library
      ?.start()
      .catch((error: unknown) => showError(this.log, 'Loading the skills folder failed', error));
    await this.recording.openStore();
    this.control.startIfAllowed();
    this.deliverToAgents();
    if (vscode.workspace.isTrusted) void this.transcripts.start();
    await libraryStarted;
    this.gaps?.start();
    this.governance?.start();
    this.review.refresh();
    this.views.refreshAll();
  }

  /** What the Refresh command does: every view and every background check, now. */
  refresh(): void {
    void this.governance?.reviewDrift();
    void this.gaps?.importInbox();
    this.gaps?.detectTrajectoryGaps();
    this.review.refresh();
    this.views.refreshAll();
  }

  /** The language-model tools agents call; registered once, and only in a trusted workspace. */
  private deliverToAgents(): void {
    if (!this.library || !vscode.workspace.isTrusted || this.agentTools) return;
    this.agentTools = true;
    this._register(registerFindSkillsTool(this.library, this.log));
    if (this.related) this._register(registerRelatedFilesTool(this.related, this.log));
  }

  private createLibrary(folder: vscode.WorkspaceFolder, trustStore: () => TrustStore | undefined): LibraryService {
    const { recording } = this;
    return new LibraryService({
      folder,
      log: this.log,
      trustStore,
      usage: () => (recording.store ? governanceFromDb(recording.store.db) : undefined),
      onDidChangeStore: this.storeChanged.event,
      currentSessionId: () => recording.sessions?.listRecent(1)[0]?.id,
      ownWrites: recording.ownWrites,
    });
  }
}
