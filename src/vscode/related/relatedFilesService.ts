import type * as vscode from 'vscode';
import { RelatedFilesIndex, type RelatedFilesResult } from '../../core/cochange/relatedFilesIndex';
import { errorMessage } from '../../core/util/errorMessage';

/**
 * The workspace's co-change index for the editor: built on first use (never at activation: it
 * reads the whole history), then caught up with HEAD before each answer, so commits, pulls and
 * branch switches are reflected without a rebuild unless history was rewritten.
 */
export class RelatedFilesService {
  private index: Promise<RelatedFilesIndex> | undefined;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly log: vscode.LogOutputChannel,
    private readonly halfLife: () => number,
  ) {}

  /** Answers one query at a time, so two agents asking at once share one build or refresh. */
  related(files: readonly string[], k: number, signal?: AbortSignal): Promise<RelatedFilesResult> {
    const answer = this.pending.then(() => this.answer(files, k, signal));
    this.pending = answer.catch(() => undefined);
    return answer;
  }

  private async answer(files: readonly string[], k: number, signal?: AbortSignal): Promise<RelatedFilesResult> {
    const started = Date.now();
    const fresh = !this.index;
    this.index ??= RelatedFilesIndex.build(this.folder.uri.fsPath, { halfLife: this.halfLife(), signal });
    try {
      const index = await this.index;
      if (fresh)
        this.log.info(
          `Related files: indexed the history up to ${index.commit.slice(0, 10)} in ${Date.now() - started} ms.`,
        );
      else {
        const added = await index.refresh();
        const change =
          added < 0 ? 'rebuilt the index (HEAD moved to another line of history)' : `added ${added} new commit(s)`;
        if (added !== 0) this.log.info(`Related files: ${change}.`);
      }
      return index.related(files, k);
    } catch (error) {
      this.index = undefined;
      this.log.warn(`Related files failed: ${errorMessage(error)}`);
      throw error;
    }
  }
}
