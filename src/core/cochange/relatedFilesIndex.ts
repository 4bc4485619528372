import { isAbsolute, relative } from 'node:path';
import { readImportGraph } from '../code/importGraph';
import { GitError, gitText, type GitRunOptions } from '../history/gitProcess';
import { streamCommits } from '../history/historyMiner';
import { readPresentHistory } from '../history/presentHistory';
import { listFilesAt } from '../history/repoTree';
import type { CommitClassifier } from '../history/commitFilters';
import { DEFAULT_HALF_LIFE_COMMITS } from '../history/recency';
import { ChangePredictor, type ObservedCommit, SHOWN_PREDICTIONS } from './changePredictor';
import type { CandidateReason } from './changeFeatures';

/** One file that usually changes with the query, with what shows it. */
export interface RelatedFile {
  path: string;
  /** Calibrated probability that it changes in the same commit. */
  probability: number;
  reasons: CandidateReason[];
  /** Commits that changed it together with the query files (the best-overlap ones), if any. */
  together?: number;
  /** …out of this many commits that changed the query files. */
  of?: number;
  lastCommit?: { hash: string; subject: string; date: string };
  span?: { from: string; to: string };
}

export interface RelatedFilesResult {
  /** The query as understood: repository-relative, with unknown paths set apart. */
  files: string[];
  unknown: string[];
  related: RelatedFile[];
  /** The commit the index reflects. */
  head: string;
}

export interface RelatedFilesIndexOptions extends GitRunOptions {
  halfLife?: number;
}

/**
 * The full co-change model of a repository, built once from its history and refreshed
 * incrementally as commits arrive, serving "which files usually change with these?" to every
 * delivery channel (the editor's language model tool, MCP, the CLI).
 */
export class RelatedFilesIndex {
  private constructor(
    readonly repo: string,
    private predictor: ChangePredictor,
    private classifier: CommitClassifier,
    private tree: Set<string>,
    private head: string,
    private readonly options: RelatedFilesIndexOptions,
  ) {}

  static async build(repo: string, options: RelatedFilesIndexOptions = {}): Promise<RelatedFilesIndex> {
    const history = await readPresentHistory({
      repo,
      halfLife: options.halfLife ?? DEFAULT_HALF_LIFE_COMMITS,
      signal: options.signal,
    });
    const head = history.split.rev;
    if (!head) throw new GitError(`${repo} has no commits yet, so no file has a history to relate`);
    const tree = history.tree.filter((file) => history.classifier.pathKind(file) === 'ok');
    const imports = await readImportGraph(repo, head, tree, { signal: options.signal });
    const predictor = ChangePredictor.fromHistory(history, tree, imports);
    return new RelatedFilesIndex(repo, predictor, history.classifier, new Set(tree), head, options);
  }

  /** The commit the index reflects. */
  get commit(): string {
    return this.head;
  }

  /**
   * Catches up with HEAD: commits since the last refresh are added in order; a HEAD that no longer
   * descends from it (a checkout of another branch, a rebase) rebuilds the index. Returns how many
   * commits were added, or -1 for a rebuild.
   */
  async refresh(): Promise<number> {
    const head = (await gitText(this.repo, ['rev-parse', '--verify', 'HEAD^{commit}'], this.options)).trim();
    if (head === this.head) return 0;
    const descends = await gitText(this.repo, ['merge-base', '--is-ancestor', this.head, head], this.options).then(
      () => true,
      () => false,
    );
    if (!descends) {
      const rebuilt = await RelatedFilesIndex.build(this.repo, this.options);
      Object.assign(this, {
        predictor: rebuilt.predictor,
        classifier: rebuilt.classifier,
        tree: rebuilt.tree,
        head: rebuilt.head,
      });
      return -1;
    }
    const observed: ObservedCommit[] = [];
    for await (const raw of streamCommits(this.repo, {
      rev: head,
      exclude: this.head,
      reverse: true,
      signal: this.options.signal,
    })) {
      const commit = this.classifier.classify(raw);
      observed.push({
        hash: commit.hash,
        subject: commit.subject,
        commitDate: commit.commitDate,
        statFiles: commit.exclusion ? [] : commit.statFiles,
        renames: commit.files.flatMap((file) =>
          file.oldPath && file.oldPath !== file.path ? [{ from: file.oldPath, to: file.path }] : [],
        ),
      });
    }
    const tree = new Set(
      (await listFilesAt(this.repo, head, this.options)).filter((file) => this.classifier.pathKind(file) === 'ok'),
    );
    const last = observed[observed.length - 1];
    if (last) {
      last.added = [...tree].filter((path) => !this.tree.has(path));
      last.removed = [...this.tree].filter(
        (path) => !tree.has(path) && !observed.some((commit) => commit.renames.some((rename) => rename.from === path)),
      );
    }
    this.predictor.observe(observed);
    this.tree = tree;
    this.head = head;
    return observed.length;
  }

  /** The files that usually change with `files` (paths relative to the repository, or absolute inside it). */
  related(files: readonly string[], k = 10): RelatedFilesResult {
    const known: string[] = [];
    const unknown: string[] = [];
    for (const file of new Set(files)) {
      const path = this.normalise(file);
      if (path !== undefined && this.predictor.exists(path)) {
        if (!known.includes(path)) known.push(path);
      } else unknown.push(file);
    }
    if (known.length === 0) return { files: known, unknown, related: [], head: this.head };
    const related = this.predictor.predict(known, { k, ...SHOWN_PREDICTIONS }).map((prediction): RelatedFile => {
      const association = prediction.association;
      const newest = association ? this.predictor.transaction(association.newest) : undefined;
      const oldest = association ? this.predictor.transaction(association.oldest) : undefined;
      return {
        path: prediction.path,
        probability: Math.round(prediction.probability * 1000) / 1000,
        reasons: prediction.reasons,
        ...(association ? { together: association.count, of: prediction.outOf } : {}),
        ...(newest
          ? { lastCommit: { hash: newest.hash, subject: newest.subject, date: isoDate(newest.commitDate) } }
          : {}),
        ...(newest && oldest ? { span: { from: isoDate(oldest.commitDate), to: isoDate(newest.commitDate) } } : {}),
      };
    });
    return { files: known, unknown, related, head: this.head };
  }

  private normalise(file: string): string | undefined {
    const trimmed = file.trim().replace(/\\/g, '/');
    if (!trimmed) return undefined;
    const path = isAbsolute(trimmed) ? relative(this.repo, trimmed).replace(/\\/g, '/') : trimmed.replace(/^\.\//, '');
    return path.startsWith('../') || path === '..' ? undefined : path;
  }
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
