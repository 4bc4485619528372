import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LibrarySkillSummary } from '../candidates/reconcile';
import { GitMissingError, gitText } from '../history/gitProcess';
import { loadSkillLibrary } from '../skills/library';
import { DEFAULT_SKILLS_FOLDER } from '../skills/skillsFolder';

/**
 * The work tree's top folder for any path inside it; throws a readable error outside a repo, for
 * a path that does not exist, and when git itself is missing (GitMissingError).
 * Asks git rather than looking for `.git`, so worktrees, submodules and GIT_DIR resolve as git does.
 */
export async function resolveRepoRoot(path: string): Promise<string> {
  await assertFolderExists(path);
  try {
    return (await gitText(path, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    if (error instanceof GitMissingError) throw error;
    throw new Error(`${path} is not inside a git repository`);
  }
}

/** A repository path that is not there is a mistake to report, not an empty repository to work on. */
export async function assertFolderExists(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new Error(`${path} does not exist`);
  if (!info.isDirectory()) throw new Error(`${path} is not a folder`);
}

/** What dedup needs of the skills already in the library. */
export async function librarySummaries(skillsFolder: string): Promise<LibrarySkillSummary[]> {
  const library = await loadSkillLibrary(skillsFolder);
  return library.skills.map((skill) => ({
    name: skill.doc.name || skill.folderName,
    description: skill.doc.description,
    body: skill.doc.body,
    hash: skill.hash,
  }));
}

/** The absolute skills folder of a repository; `folder` is relative to its root. */
export function skillsFolderOf(repoRoot: string, folder = DEFAULT_SKILLS_FOLDER): string {
  return resolve(repoRoot, folder);
}
