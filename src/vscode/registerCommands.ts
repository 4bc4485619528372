import * as vscode from 'vscode';
import { registerEvaluationCommand } from './eval/evaluationCommand';
import { registerGapCommands } from './gaps/gapCommands';
import { registerMcpCommand } from './governance/mcpCommand';
import { registerLibraryCommands } from './library/libraryCommands';
import { registerModelCommands } from './llm/modelCommands';
import { registerApiKeyCommand } from './llm/modelProvider';
import { registerRelatedFilesCommand } from './related/relatedFilesCommand';
import { registerReviewCommands } from './review/reviewCommands';
import { registerDataCommands } from './runtime/dataCommands';
import type { SkillwrightServices } from './services';
import { registerSessionCommands } from './sessions/sessionCommands';
import { registerImportCommand } from './transcripts/importCommand';

/** Every command of the extension, each group registered by its feature over the services it needs. */
export function registerCommands(services: SkillwrightServices): vscode.Disposable[] {
  const { context, folder, log, recording, review, library, gaps, views, proposals, documents, timelines } = services;
  const repoRoot = (): string | undefined => folder?.uri.fsPath;
  return [
    ...registerReviewCommands({ review, proposals, documents, suggestions: views.suggestions, log, repoRoot }),
    ...registerSessionCommands({ recording, timelines, documents, refresh: () => views.providers.sessions.refresh() }),
    ...registerDataCommands({ recording, log, refresh: () => views.refreshAll() }),
    ...(library ? registerLibraryCommands({ library, libraryView: views.library, log }) : []),
    ...(gaps && library && folder
      ? registerGapCommands({ gaps, library, review, recording, secrets: context.secrets, log, folder })
      : []),
    registerMcpCommand(context.extensionUri, log, recording.ownWrites),
    registerApiKeyCommand(context.secrets),
    ...registerModelCommands(services.distillation, log),
    registerEvaluationCommand({ context, log, repoRoot }),
    registerRelatedFilesCommand(services.related, folder, log),
    registerImportCommand(services.transcripts, log),
    vscode.commands.registerCommand('skillwright.refresh', () => services.refresh()),
    vscode.commands.registerCommand('skillwright.showLog', () => log.show()),
  ];
}
