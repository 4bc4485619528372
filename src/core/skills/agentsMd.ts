import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { vetWriteTarget } from '../util/writeTarget';

export const AGENTS_MD_START = '<!-- skillwright:skills:start -->';
export const AGENTS_MD_END = '<!-- skillwright:skills:end -->';

export interface IndexedSkill {
  name: string;
  description: string;
}

export interface AgentsMdUpdate {
  text: string;
  changed: boolean;
  /** Set when the markers are damaged; the text is then returned untouched. */
  problem?: string;
}

export interface AgentsMdIndexOptions {
  /** Skills folder relative to AGENTS.md, forward slashes. */
  skillsFolder: string;
}

const DESCRIPTION_LIMIT = 240;

/**
 * Rewrites only what lies between the markers, appending the section when absent. Running it
 * twice gives the same text. Line endings follow the file's own.
 */
export function updateAgentsMdText(
  current: string | undefined,
  skills: readonly IndexedSkill[],
  options: AgentsMdIndexOptions,
): AgentsMdUpdate {
  const original = current ?? '';
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const section = renderSection(skills, options).join(eol);
  const start = original.indexOf(AGENTS_MD_START);
  const end = original.indexOf(AGENTS_MD_END);
  const startCount = original.split(AGENTS_MD_START).length - 1;
  const endCount = original.split(AGENTS_MD_END).length - 1;
  if (start === -1 && end === -1) {
    const separator =
      original.length === 0
        ? ''
        : original.endsWith(`${eol}${eol}`)
          ? ''
          : original.endsWith(eol)
            ? eol
            : `${eol}${eol}`;
    const text = `${original}${separator}${section}${eol}`;
    return { text, changed: text !== original };
  }
  if (start === -1 || end === -1 || end < start || startCount > 1 || endCount > 1) {
    return {
      text: original,
      changed: false,
      problem: 'AGENTS.md has damaged skillwright markers; fix or remove them to let Skillwright update the index',
    };
  }
  const text = `${original.slice(0, start)}${section}${original.slice(end + AGENTS_MD_END.length)}`;
  return { text, changed: text !== original };
}

function renderSection(skills: readonly IndexedSkill[], options: AgentsMdIndexOptions): string[] {
  const folder = options.skillsFolder.replace(/\\/g, '/').replace(/\/+$/, '');
  const lines = [
    AGENTS_MD_START,
    '## Skills',
    '',
    `Repository skills live in \`${folder}/\`. Before a task that matches a skill below, read its SKILL.md and ` +
      `follow it.`,
    '',
  ];
  const sorted = [...skills].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (sorted.length === 0) lines.push('_No skills yet._');
  for (const skill of sorted)
    lines.push(`- [${skill.name}](${folder}/${skill.name}/SKILL.md): ${cleanDescription(skill.description)}`);
  lines.push(AGENTS_MD_END);
  return lines;
}

/** One line, no marker look-alikes, so a description can never break the section open. */
function cleanDescription(text: string): string {
  const line = text
    .replace(/<!--|-->/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > DESCRIPTION_LIMIT ? `${line.slice(0, DESCRIPTION_LIMIT - 1)}…` : line;
}

/**
 * Updates AGENTS.md on disk (temp file then rename); writes nothing when nothing changed. A
 * symlinked AGENTS.md is written where it points, if that is inside the workspace (its folder).
 */
export async function updateAgentsMdFile(
  givenPath: string,
  skills: readonly IndexedSkill[],
  options: AgentsMdIndexOptions,
): Promise<AgentsMdUpdate> {
  const path = await vetWriteTarget(givenPath, { role: 'AGENTS.md', inside: { root: dirname(givenPath) } });
  const current = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const update = updateAgentsMdText(current, skills, options);
  if (!update.changed) return update;
  const temp = `${path}.skillwright-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(update.text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
  return update;
}
