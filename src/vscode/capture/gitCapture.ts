import { isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import type { CommitData } from '../../core/capture/recorderTypes';
import { toPosix } from '../../core/util/glob';
import type { GitApi, GitExtension, GitRepository } from './gitApi';
import { Disposable } from '../lifecycle';
import { errorMessage } from '../../core/util/errorMessage';

/** Per-file diffs beyond these are left out; the commit's file list is always complete. */
const MAX_DIFF_FILES = 40;
const MAX_DIFF_CHARS = 200_000;

/**
 * Watches HEAD of every repository the built-in git extension knows, and reports each new commit
 * once. A HEAD that moves to an already-seen commit (checkout, reset) is not a new commit.
 */
export class GitCapture extends Disposable {
  private readonly lastHead = new Map<string, string | undefined>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly onCommit: (commit: CommitData) => void,
    private readonly onError: (message: string) => void,
  ) {
    super();
  }

  async start(): Promise<void> {
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!extension) {
      this.onError('The built-in git extension is not available; commits will not be recorded.');
      return;
    }
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (!exports.enabled) {
      this.onError('Git is disabled (git.enabled is false); commits will not be recorded.');
      return;
    }
    const api: GitApi = exports.getAPI(1);
    for (const repository of api.repositories) this.watch(repository);
    this._register(api.onDidOpenRepository((repository) => this.watch(repository)));
  }

  private watch(repository: GitRepository): void {
    const key = repository.rootUri.fsPath;
    if (this.lastHead.has(key)) return;
    this.lastHead.set(key, repository.state.HEAD?.commit);
    if (repository.state.HEAD?.commit) this.seen.add(repository.state.HEAD.commit);
    this._register(repository.state.onDidChange(() => void this.headMaybeMoved(repository)));
  }

  private async headMaybeMoved(repository: GitRepository): Promise<void> {
    const key = repository.rootUri.fsPath;
    const head = repository.state.HEAD?.commit;
    if (!head || head === this.lastHead.get(key)) return;
    this.lastHead.set(key, head);
    if (this.seen.has(head)) return;
    this.seen.add(head);
    try {
      this.onCommit(await readCommit(repository, head));
    } catch (error) {
      this.onError(`Could not read commit ${head.slice(0, 10)}: ${errorMessage(error)}`);
    }
  }
}

async function readCommit(repository: GitRepository, hash: string): Promise<CommitData> {
  const commit = await repository.getCommit(hash);
  const parent = commit.parents[0];
  const root = repository.rootUri.fsPath;
  const files: string[] = [];
  const diffs: string[] = [];
  if (parent) {
    const changes = await repository.diffBetween(parent, hash);
    for (const change of changes) files.push(relativeTo(root, change.uri.fsPath));
    let size = 0;
    for (const file of files.slice(0, MAX_DIFF_FILES)) {
      if (size > MAX_DIFF_CHARS) break;
      const diff = await repository.diffBetween(parent, hash, file);
      size += diff.length;
      diffs.push(diff);
    }
  }
  return {
    // The repository root stands for the workspace folder; the recorder files the commit there.
    workspaceFolder: root,
    hash: commit.hash,
    parents: commit.parents,
    message: commit.message,
    author: commit.authorName,
    branch: repository.state.HEAD?.name,
    files,
    diff: diffs.join('\n').slice(0, MAX_DIFF_CHARS),
    ts: commit.commitDate?.getTime() ?? Date.now(),
  };
}

function relativeTo(root: string, path: string): string {
  const inside = relative(root, path);
  return toPosix(inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path);
}
