import * as vscode from 'vscode';
import { formatRelatedFiles } from '../../core/delivery/relatedFilesText';
import { errorMessage } from '../../core/util/errorMessage';
import type { RelatedFilesService } from './relatedFilesService';

export const RELATED_FILES_TOOL = 'skillwright_relatedFiles';

export interface RelatedFilesInput {
  files: string[];
  k?: number;
}

/**
 * The agent-mode tool for "what else usually changes with these files?". Like the skills tool it
 * exists only in trusted workspaces, and checks again on every call.
 */
export function registerRelatedFilesTool(
  service: RelatedFilesService,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  if (!vscode.workspace.isTrusted) return new vscode.Disposable(() => undefined);
  const tool: vscode.LanguageModelTool<RelatedFilesInput> = {
    prepareInvocation(options) {
      const files = filesOf(options.input);
      return {
        invocationMessage:
          files.length > 0
            ? `Finding the files that change with ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}`
            : 'Finding related files',
      };
    },
    async invoke(options, token) {
      if (!vscode.workspace.isTrusted)
        return text('Skillwright reads no history in Restricted Mode: this workspace is not trusted.');
      const files = filesOf(options.input);
      if (files.length === 0)
        return text(
          `Call ${RELATED_FILES_TOOL} with \`files\`: the workspace-relative paths you changed or are about to change.`,
        );
      const k =
        typeof options.input.k === 'number' && Number.isInteger(options.input.k)
          ? Math.min(50, Math.max(1, options.input.k))
          : 10;
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        const result = await service.related(files, k, abort.signal);
        log.info(
          `${RELATED_FILES_TOOL}: ${files.slice(0, 5).join(', ')} → ${
            result.related
              .map((file) => file.path)
              .slice(0, 5)
              .join(', ') || 'nothing'
          }`,
        );
        return text(formatRelatedFiles(result));
      } catch (error) {
        return text(
          token.isCancellationRequested
            ? 'Cancelled.'
            : `Skillwright could not read this repository's history just now (${errorMessage(error)}); continue ` +
                `without it.`,
        );
      } finally {
        cancel.dispose();
      }
    },
  };
  try {
    return vscode.lm.registerTool(RELATED_FILES_TOOL, tool);
  } catch (error) {
    log.error(`Could not register ${RELATED_FILES_TOOL}: ${errorMessage(error)}`);
    return new vscode.Disposable(() => undefined);
  }
}

function filesOf(input: Partial<RelatedFilesInput> | undefined): string[] {
  return Array.isArray(input?.files)
    ? input.files.filter((file): file is string => typeof file === 'string' && file.trim().length > 0).slice(0, 200)
    : [];
}

function text(value: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);
}
