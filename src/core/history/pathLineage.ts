/**
 * Where each path of each past commit lives at the split: history read in the present tense.
 *
 * Renames are followed in time, not in the commit graph: a path touched by commit `i` continues
 * under the name given by the first rename of that path that is newer than `i`, and so on until a
 * name that no later rename moves. Walking time rather than parents is what makes a side branch
 * that renamed a file and was merged later still carry the main line's edits to the new name.
 *
 * Positions are indices into the commit list as `git log --date-order` gives it, newest first: a
 * smaller position is newer, and a child always comes before its parents.
 */

/** What lineage needs of a commit: each changed path, and the path before a rename. */
export interface LineageCommit {
  files: ReadonlyArray<{ path: string; oldPath?: string }>;
}

interface Rename {
  /** Position of the renaming commit. */
  at: number;
  to: string;
}

/** Renames followed at most this deep; a history that renames one file back and forth forever is cut here. */
const MAX_HOPS = 64;

export class PathLineage {
  /** For each old name, the renames away from it, newest first (ascending position). */
  private readonly renamesFrom = new Map<string, Rename[]>();
  /** How many rename records the history holds. */
  readonly renameCount: number;

  constructor(
    commits: readonly LineageCommit[],
    /** The paths that exist at the split. */
    private readonly present: ReadonlySet<string>,
  ) {
    let count = 0;
    commits.forEach((commit, at) => {
      for (const file of commit.files) {
        if (!file.oldPath || file.oldPath === file.path) continue;
        count++;
        let list = this.renamesFrom.get(file.oldPath);
        if (!list) this.renamesFrom.set(file.oldPath, (list = []));
        list.push({ at, to: file.path });
      }
    });
    for (const list of this.renamesFrom.values()) list.sort((a, b) => a.at - b.at);
    this.renameCount = count;
  }

  /** Whether the path exists at the split. */
  exists(path: string): boolean {
    return this.present.has(path);
  }

  /**
   * The split-time path of `path` as it was named in the commit at `position`, or undefined when
   * that file was deleted before the split.
   */
  resolve(path: string, position: number): string | undefined {
    // Most paths were never renamed: their answer needs no walk.
    if (!this.renamesFrom.has(path)) return this.present.has(path) ? path : undefined;
    return this.follow(path, position);
  }

  /**
   * The split-time path of a path as it was named before the oldest commit of the history, e.g.
   * a path a skill cited when it was accepted, given the commits since then.
   */
  current(path: string): string | undefined {
    return this.present.has(path) ? path : this.resolve(path, Number.MAX_SAFE_INTEGER);
  }

  private follow(start: string, startAt: number): string | undefined {
    let path = start;
    let at = startAt;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const renames = this.renamesFrom.get(path);
      const next = renames ? newestBefore(renames, at) : undefined;
      if (next) {
        path = next.to;
        at = next.at;
        continue;
      }
      if (this.present.has(path)) return path;
      // A rename on a branch that was merged after this commit: git lists it as older, but the
      // file still went on under the new name. Take the newest rename of the name, if any.
      const late = renames?.[0];
      if (!late) return undefined;
      path = late.to;
      at = late.at;
    }
    return undefined;
  }
}

/** The rename with the largest position below `at`: the first one after that commit in time. */
function newestBefore(renames: readonly Rename[], at: number): Rename | undefined {
  let lo = 0;
  let hi = renames.length - 1;
  let found: Rename | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const rename = renames[mid] as Rename;
    if (rename.at < at) {
      found = rename;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
