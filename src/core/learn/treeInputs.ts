import { sampleForConventions, CODE_SAMPLE } from '../distill/heuristic/codeSample';
import { commandSourceFiles } from '../distill/heuristic/workingCommandsDistiller';
import { type FileExcerpt, readExcerptsAt, readFilesAt } from '../history/repoTree';

/** What the distillers read of the tree's contents at the split, besides its file list. */
export interface TreeInputs {
  /** package.json, Makefile and workflow files, whole. */
  contents: Map<string, string>;
  /** Head and tail of a bounded sample of source and test files. */
  excerpts: Map<string, FileExcerpt>;
}

/** Reads them at `rev` (two `git cat-file --batch` runs); nothing without a revision. */
export async function readTreeInputs(
  repo: string,
  rev: string | undefined,
  files: readonly string[],
): Promise<TreeInputs> {
  if (!rev) return { contents: new Map(), excerpts: new Map() };
  const [contents, excerpts] = await Promise.all([
    readFilesAt(repo, rev, commandSourceFiles(files)),
    readExcerptsAt(repo, rev, sampleForConventions(files), CODE_SAMPLE.headBytes, CODE_SAMPLE.tailBytes),
  ]);
  return { contents, excerpts };
}
