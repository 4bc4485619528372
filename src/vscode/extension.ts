import * as vscode from 'vscode';
import { kvTrustStore } from '../core/skills/trustStore';
import type { SkillwrightApi } from './api';
import { createApi } from './apiImplementation';
import { registerDataCommands } from './commands/dataCommands';
import { registerLibraryCommands } from './commands/libraryCommands';
import { registerReviewCommands } from './commands/reviewCommands';
import { registerSessionCommands } from './commands/sessionCommands';
import { registerEvaluationCommand } from './eval/evaluationCommand';
import { registerGapCommands } from './gaps/gapCommands';
import { GapsService } from './gaps/gapsService';
import { GovernanceService } from './governance/governanceService';
import { registerMcpCommand } from './governance/mcpCommand';
import { LibraryService } from './library/libraryService';
import { registerFindSkillsTool } from './library/lmTool';
import { registerRelatedFilesCommand } from './related/relatedFilesCommand';
import { RelatedFilesService } from './related/relatedFilesService';
import { registerRelatedFilesTool } from './related/relatedFilesTool';
import { governanceFromDb } from '../core/governance/skillGovernance';
import { IdleDistillation } from './llm/idleDistillation';
import { registerModelCommands } from './llm/modelCommands';
import { ModelDistillation } from './llm/modelDistillation';
import { registerApiKeyCommand } from './llm/modelProvider';
import { PROPOSAL_SCHEME, ProposalFileSystem } from './review/proposalFileSystem';
import { READ_ONLY_SCHEME, ReadOnlyDocuments } from './review/readOnlyDocuments';
import { ReviewService } from './review/reviewService';
import { BackgroundLearning } from './runtime/backgroundLearning';
import { RecordingRuntime } from './runtime/recording';
import { readSettings } from './settings';
import { SkillwrightStatusBar } from './statusBar';
import { showError } from './userMessages';
import { registerViews } from './views/registerViews';
import { sessionRoots } from './views/sessionRows';
import { GapNode } from './views/gapsView';
import { SkillNode } from './views/libraryView';
import { CandidateNode } from './views/suggestionsView';
import { registerImportCommand } from './transcripts/importCommand';
import { TranscriptWatcher } from './transcripts/transcriptWatcher';
import { TimelinePanels } from './webviews/timelinePanel';
import { errorMessage } from '../core/util/errorMessage';

let shutdown: (() => Promise<void>) | undefined;

/**
 * The composition root: builds every service, owns every disposable (through
 * context.subscriptions, disposed in reverse order), and returns at once. The store is opened
 * and capture started after activate() returns, so activation never waits on I/O.
 */
export function activate(context: vscode.ExtensionContext): SkillwrightApi {
  const activationStarted = performance.now();
  const disposables: vscode.Disposable[] = [];
  const log = vscode.window.createOutputChannel('Skillwright', { log: true });
  disposables.push(log);
  const folder = vscode.workspace.workspaceFolders?.[0];
  const statusBar = new SkillwrightStatusBar();
  const recording = new RecordingRuntime(context, log);
  const trustStore = () => (recording.store ? kvTrustStore(recording.store.db) : undefined);
  const storeOpened = new vscode.EventEmitter<void>();
  const library = folder
    ? new LibraryService({
        folder,
        log,
        trustStore,
        usage: () => (recording.store ? governanceFromDb(recording.store.db) : undefined),
        onDidChangeStore: storeOpened.event,
        currentSessionId: () => recording.sessions?.listRecent(1)[0]?.id,
        ownWrites: recording.ownWrites,
      })
    : undefined;
  const review = new ReviewService(folder, recording, trustStore, () => new Set(library?.quarantinedNames() ?? []), log);
  const proposals = new ProposalFileSystem();
  const documents = new ReadOnlyDocuments();
  const timelines = new TimelinePanels(context.extensionUri);
  const transcripts = new TranscriptWatcher({ recording, context, log });
  const gaps = library ? new GapsService({ folder, recording, library, log, onDidLearn: review.onDidChange }) : undefined;
  const governance = library ? new GovernanceService({ folder, recording, library, log, review }) : undefined;
  const distillation = new ModelDistillation({ folder, recording, review, secrets: context.secrets, log });
  const related = folder ? new RelatedFilesService(folder, log, () => readSettings(folder.uri).learn.halfLifeCommits) : undefined;
  disposables.push(storeOpened, statusBar, recording, ...(library ? [library] : []), review, documents, timelines, new BackgroundLearning(recording, review, log));
  disposables.push(
    vscode.workspace.registerFileSystemProvider(PROPOSAL_SCHEME, proposals, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, documents),
  );

  const views = registerViews(
    {
      suggestions: () => review.pending().map((candidate) => new CandidateNode(candidate)),
      library: () => library?.rows().map((row) => new SkillNode(row)) ?? [],
      gaps: () => gaps?.rows().map((row) => new GapNode(row)) ?? [],
      sessions: () =>
        sessionRoots({
          store: recording.store,
          sessions: recording.sessions,
          terminalsWithoutShellIntegration: recording.recorder?.terminalsWithoutShellIntegration().map((terminal) => terminal.terminalName) ?? [],
        }),
    },
    disposables,
  );
  const updateBadge = (): void => {
    const pending = review.pending().length;
    views.suggestions.badge = pending ? { value: pending, tooltip: `${pending} suggestion(s) waiting for review` } : undefined;
    statusBar.setPending(pending);
  };
  disposables.push(
    review.onDidChange(() => {
      views.providers.suggestions.refresh();
      updateBadge();
    }),
    recording.onDidChange(() => views.providers.sessions.refresh()),
    ...(library ? [library.onDidChange(() => views.providers.library.refresh())] : []),
  );
  let agentTools: vscode.Disposable[] | undefined;
  const deliverToAgents = (): void => {
    if (!library || !vscode.workspace.isTrusted || agentTools) return;
    agentTools = [registerFindSkillsTool(library, log), ...(related ? [registerRelatedFilesTool(related, log)] : [])];
    disposables.push(...agentTools);
  };

  const updateRecordingState = (): void => {
    if (!vscode.workspace.isTrusted) statusBar.setState('restricted');
    else if (!readSettings().capture.enabled) statusBar.setState('off');
    else if (recording.store && recording.store.health.state !== 'ok') statusBar.setState('error', recording.store.health.message);
    else statusBar.setState(recording.capturing ? 'on' : 'paused');
  };
  const startCaptureIfAllowed = (): void => {
    if (vscode.workspace.isTrusted && readSettings().capture.enabled) recording.startCapture();
    updateRecordingState();
  };

  disposables.push(
    ...registerReviewCommands({ review, proposals, documents, suggestions: views.suggestions, log, repoRoot: () => folder?.uri.fsPath }),
    ...registerSessionCommands({ recording, timelines, documents, refresh: () => views.providers.sessions.refresh() }),
    ...registerDataCommands({ recording, log, refresh: () => views.refreshAll() }),
    ...(library ? registerLibraryCommands({ library, libraryView: views.library, log }) : []),
    ...(gaps && governance && library && folder
      ? [
          gaps,
          governance,
          ...registerGapCommands({ gaps, library, review, recording, secrets: context.secrets, log, folder }),
          gaps.onDidChange(() => views.providers.gaps.refresh()),
          governance.onDidChange(() => storeOpened.fire()),
        ]
      : []),
    registerMcpCommand(context.extensionUri, log, recording.ownWrites),
    registerApiKeyCommand(context.secrets),
    distillation,
    new IdleDistillation(distillation, recording, log),
    ...registerModelCommands(distillation, log),
    registerEvaluationCommand({ context, log, repoRoot: () => folder?.uri.fsPath }),
    registerRelatedFilesCommand(related, folder, log),
    transcripts,
    registerImportCommand(transcripts, log),
    transcripts.onDidImport(() => views.providers.sessions.refresh()),
    vscode.commands.registerCommand('skillwright.refresh', () => {
      void governance?.reviewDrift();
      void gaps?.importInbox();
      gaps?.detectTrajectoryGaps();
      review.refresh();
      views.refreshAll();
    }),
    vscode.commands.registerCommand('skillwright.showLog', () => log.show()),
    vscode.commands.registerCommand('skillwright.toggleRecording', async () => {
      if (!vscode.workspace.isTrusted) return void vscode.window.showInformationMessage('Skillwright records nothing in Restricted Mode. Trust this workspace to start recording.');
      if (!readSettings().capture.enabled) return void vscode.window.showInformationMessage('Recording is turned off by the setting skillwright.capture.enabled.');
      if (recording.capturing) await recording.stopCapture();
      else recording.startCapture();
      updateRecordingState();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      startCaptureIfAllowed();
      deliverToAgents();
      void transcripts.start();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('skillwright.capture')) return;
      const change = readSettings().capture.enabled
        ? Promise.resolve().then(() => {
            if (!recording.capturing) startCaptureIfAllowed();
          })
        : recording.stopCapture();
      change.then(updateRecordingState, (error: unknown) => showError(log, 'Changing the recording state failed', error));
    }),
  );

  const ready = (async () => {
    const libraryStarted = library?.start().catch((error: unknown) => showError(log, 'Loading the skills folder failed', error));
    const store = await recording.openStore();
    if (store) {
      const unsubscribe = store.onHealthChange((health) => {
        updateRecordingState();
        if (health.state !== 'ok') void vscode.window.showWarningMessage(`Skillwright stopped recording: ${health.message}`, 'Show Log').then((choice) => choice && log.show());
      });
      disposables.push(new vscode.Disposable(unsubscribe));
    }
    storeOpened.fire();
    startCaptureIfAllowed();
    deliverToAgents();
    if (vscode.workspace.isTrusted) void transcripts.start();
    await libraryStarted;
    gaps?.start();
    governance?.start();
    review.refresh();
    views.refreshAll();
  })();
  ready.catch((error: unknown) => {
    statusBar.setState('error', errorMessage(error));
    showError(log, 'Skillwright could not open its store', error);
  });

  shutdown = () => recording.close();
  context.subscriptions.push(new vscode.Disposable(() => [...disposables].reverse().forEach((disposable) => disposable.dispose())));
  const activationMs = performance.now() - activationStarted;
  log.info(`Skillwright activated in ${activationMs.toFixed(1)} ms.`);
  return createApi({ ready, recording, review, library, gaps, activationMs });
}

/** Awaited by VS Code on shutdown: pending edits and events are made durable and checkpointed. */
export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}
