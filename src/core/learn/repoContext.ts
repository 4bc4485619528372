import { join } from 'node:path';
import type { LibrarySkillSummary } from '../candidates/reconcile';
import { gitText } from '../history/gitProcess';
import { loadSkillLibrary } from '../skills/library';

/** The default canonical skills folder, relative to the repository root. */
export const DEFAULT_SKILLS_FOLDER = '.agents/skills';

/** The work tree's top folder for any path inside it; throws a readable error outside a repo. */
export async function resolveRepoRoot(path: string): Promise<string> {
  try {
    return (await gitText(path, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new Error(`${path} is not inside a git repository`);
  }
}

/** What dedup needs of the skills already in the library. */
export async function librarySummaries(skillsFolder: string): Promise<LibrarySkillSummary[]> {
  const library = await loadSkillLibrary(skillsFolder);
  return library.skills.map((skill) => ({ name: skill.doc.name || skill.folderName, description: skill.doc.description, body: skill.doc.body, hash: skill.hash }));
}

export function skillsFolderOf(repoRoot: string, folder = DEFAULT_SKILLS_FOLDER): string {
  return join(repoRoot, folder);
}
