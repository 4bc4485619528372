import { join, resolve } from 'node:path';

/**
 * The absolute paths a write of Skillwright's library can touch: the skills folder (with the
 * temp and set-aside siblings it builds inside it), each mirror folder and the AGENTS.md index.
 */
export function libraryWritePaths(root: string, skillsFolder: string, mirrors: readonly string[]): string[] {
  return [resolve(root, skillsFolder), ...mirrors.map((mirror) => resolve(root, mirror)), join(root, 'AGENTS.md')];
}
