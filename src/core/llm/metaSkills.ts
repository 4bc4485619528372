/**
 * The distillers' prompts are Agent Skills shipped in the extension's top-level `skills/` folder
 * (one folder per meta-skill). A workspace can override one by placing a file of the same name at
 * `<workspace>/.skillwright/prompts/<name>/SKILL.md`; pass that `prompts` folder as
 * workspaceOverrideDir. The override wins whole (frontmatter and body), so a team can pin or
 * rewrite a prompt in git.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MetaSkill {
  name: string;
  description: string;
  /** `metadata.version` of the file, so a run can record which prompt produced a candidate. */
  version: string;
  /** The prompt: the Markdown body after the frontmatter. */
  body: string;
  origin: 'workspace' | 'shipped';
  path: string;
}

export interface LoadMetaSkillOptions {
  /** e.g. `<workspace>/.skillwright/prompts`. */
  workspaceOverrideDir?: string;
  /** The shipped `skills/` folder; found next to the bundle or the source tree when absent. */
  shippedDir?: string;
}

export const WORKSPACE_PROMPTS_DIR = '.skillwright/prompts';

export class MetaSkillNotFound extends Error {
  override readonly name = 'MetaSkillNotFound';
}

export function loadMetaSkill(name: string, options: LoadMetaSkillOptions = {}): MetaSkill {
  if (!/^[a-z0-9-]{1,64}$/.test(name)) throw new MetaSkillNotFound(`invalid meta-skill name '${name}'`);
  const places: { dir: string | undefined; origin: MetaSkill['origin'] }[] = [
    { dir: options.workspaceOverrideDir, origin: 'workspace' },
    { dir: options.shippedDir ?? shippedSkillsDir(), origin: 'shipped' },
  ];
  for (const { dir, origin } of places) {
    if (!dir) continue;
    const path = join(dir, name, 'SKILL.md');
    if (!existsSync(path)) continue;
    const { fields, metadata, body } = splitSkillFile(readFileSync(path, 'utf8'));
    if (!body.trim()) continue;
    return {
      name,
      description: fields.description ?? '',
      version: metadata.version ?? '0',
      body: body.trim(),
      origin,
      path,
    };
  }
  throw new MetaSkillNotFound(
    `meta-skill '${name}' not found (looked in ${places
      .map((p) => p.dir)
      .filter(Boolean)
      .join(', ')})`,
  );
}

/** dist/extension.js and dist/cli.js sit one level below the root; this file sits three below. */
export function shippedSkillsDir(): string | undefined {
  const candidates = [join(__dirname, '..', 'skills'), join(__dirname, '..', '..', '..', 'skills')];
  return candidates.find((dir) => existsSync(join(dir, 'commit-replay-attempt', 'SKILL.md')));
}

/**
 * A deliberately tiny frontmatter reader for our own prompt files: flat `key: value` lines plus
 * one indented `metadata:` map. Skill files from users go through src/core/skills instead.
 */
export function splitSkillFile(text: string): {
  fields: Record<string, string>;
  metadata: Record<string, string>;
  body: string;
} {
  const fields: Record<string, string> = {};
  const metadata: Record<string, string> = {};
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { fields, metadata, body: text };
  let inMetadata = false;
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const pair = /^(\s*)([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
    if (!pair) continue;
    const [, indent = '', key = '', raw = ''] = pair;
    const value = raw.replace(/^(["'])(.*)\1$/, '$2');
    if (indent.length === 0) {
      inMetadata = key === 'metadata' && value === '';
      if (!inMetadata) fields[key] = value;
    } else if (inMetadata) metadata[key] = value;
  }
  return { fields, metadata, body: text.slice(match[0].length) };
}
