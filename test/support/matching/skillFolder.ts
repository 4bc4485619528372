import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MatchableSkill } from '../../../src/core/matching/matchTypes';

/** Writes skills as `<root>/.agents/skills/<name>/SKILL.md`, scope in Skillwright's metadata. */
export function writeSkillFolders(root: string, skills: readonly MatchableSkill[]): string {
  const folder = join(root, '.agents', 'skills');
  for (const skill of skills) {
    mkdirSync(join(folder, skill.name), { recursive: true });
    const lines = ['---', `name: ${skill.name}`, `description: ${JSON.stringify(skill.description)}`];
    if (skill.scope.length > 0)
      lines.push('metadata:', `  skillwright.scope: ${JSON.stringify(skill.scope.join(', '))}`);
    lines.push('---', '', skill.body, '');
    writeFileSync(join(folder, skill.name, 'SKILL.md'), lines.join('\n'));
  }
  return folder;
}

/** A fresh temporary repository folder holding the given skills. */
export function tempRepoWithSkills(skills: readonly MatchableSkill[], prefix = 'skillwright-match-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  writeSkillFolders(root, skills);
  return root;
}
