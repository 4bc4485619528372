import { gitLines, type GitRunOptions } from './gitProcess';

/** The lines one commit added, per file, from `git log -p --unified=0`. */
export interface CommitAdditions {
  hash: string;
  files: FileAdditions[];
}

export interface FileAdditions {
  /** The path after the commit (as the commit named it). */
  path: string;
  /** Added lines, in order, without the leading '+'. */
  lines: string[];
}

export interface PatchReadOptions extends GitRunOptions {
  /**
   * Added lines kept per file; the rest of a large addition says nothing new about how a change is made. @default 60
   */
  maxLinesPerFile?: number;
  /** Longer lines are generated or minified text. @default 400 */
  maxLineLength?: number;
}

const RECORD = '\x1e';

/**
 * Reads the added lines of just the given commits, streamed through one `git log --no-walk
 * --stdin -p --unified=0` process, so only the commits a distiller needs are diffed. Binary files,
 * deletions and lines beyond the bounds are left out; nothing is held but what is kept.
 */
export async function* readAdditions(
  repo: string,
  hashes: readonly string[],
  options: PatchReadOptions = {},
): AsyncGenerator<CommitAdditions> {
  if (hashes.length === 0) return;
  const maxLines = options.maxLinesPerFile ?? 60;
  const maxLength = options.maxLineLength ?? 400;
  const args = [
    'log',
    '--no-walk=unsorted',
    '--stdin',
    '-p',
    '--unified=0',
    '-M',
    '--no-color',
    '--no-ext-diff',
    '--diff-merges=off',
    `--format=${RECORD}%H`,
  ];
  let commit: CommitAdditions | undefined;
  let file: FileAdditions | undefined;
  for await (const line of gitLines(repo, args, { signal: options.signal, input: `${hashes.join('\n')}\n` })) {
    if (line.startsWith(RECORD)) {
      if (commit) yield commit;
      commit = { hash: line.slice(1).trim(), files: [] };
      file = undefined;
    } else if (!commit) {
      continue;
    } else if (line.startsWith('diff --git ')) {
      file = undefined;
    } else if (line.startsWith('+++ ')) {
      const path = targetPath(line.slice(4));
      file = path ? { path, lines: [] } : undefined;
      if (file) commit.files.push(file);
    } else if (file && line.startsWith('+') && file.lines.length < maxLines && line.length <= maxLength + 1) {
      file.lines.push(line.slice(1));
    }
  }
  if (commit) yield commit;
}

/** `b/src/a.ts` → `src/a.ts`; `/dev/null` (a deletion) → undefined; a path git had to quote is skipped. */
function targetPath(raw: string): string | undefined {
  const text = raw.trim();
  // Quoted paths hold control characters or bytes that are not UTF-8: no recipe is about them.
  if (text === '/dev/null' || text.startsWith('"')) return undefined;
  return text.startsWith('b/') ? text.slice(2) : text;
}
