import { Frontmatter, parseSkillMarkdown, serializeSkillMarkdown, type FrontmatterProblem } from './frontmatter';

/** A file in a skill folder other than SKILL.md (scripts/, references/, assets/ …), kept as is. */
export interface SkillExtraFile {
  /** Relative to the skill folder, forward slashes. */
  path: string;
  size: number;
  /** Present for small text files, so the scanner can read scripts; absent for binary or huge ones. */
  text?: string;
}

/** One SKILL.md, read leniently: fields that are missing or of the wrong type read as empty. */
export interface SkillDocument {
  name: string;
  description: string;
  license?: string;
  compatibility?: string;
  /** The spec's `allowed-tools`: a space-delimited list of tool names. */
  allowedTools?: string;
  /** Only the string-valued entries; validate() reports the others. */
  metadata: Record<string, string>;
  body: string;
  /** 1-based line of the body's first line in SKILL.md. */
  bodyLine: number;
  extras: SkillExtraFile[];
  /** The parsed frontmatter, kept so a rewrite preserves unknown keys and comments. */
  frontmatter: Frontmatter;
  /** True when the file had a frontmatter block at all. */
  hasFrontmatter: boolean;
}

export interface ReadSkillResult {
  doc: SkillDocument;
  /** YAML syntax problems, with file lines. */
  problems: FrontmatterProblem[];
}

/** Parses SKILL.md text into a SkillDocument. Never throws. */
export function readSkillDocument(text: string, extras: SkillExtraFile[] = []): ReadSkillResult {
  const split = parseSkillMarkdown(text);
  const frontmatter = split.frontmatter ?? Frontmatter.empty();
  const metadata: Record<string, string> = {};
  const rawMetadata = frontmatter.get(['metadata']);
  if (rawMetadata && typeof rawMetadata === 'object' && !Array.isArray(rawMetadata)) {
    for (const [key, value] of Object.entries(rawMetadata)) if (typeof value === 'string') metadata[key] = value;
  }
  const doc: SkillDocument = {
    name: stringField(frontmatter, 'name') ?? '',
    description: stringField(frontmatter, 'description') ?? '',
    license: stringField(frontmatter, 'license'),
    compatibility: stringField(frontmatter, 'compatibility'),
    allowedTools: stringField(frontmatter, 'allowed-tools'),
    metadata,
    body: split.body,
    bodyLine: split.bodyLine,
    extras,
    frontmatter,
    hasFrontmatter: split.frontmatter !== undefined,
  };
  return { doc, problems: split.problems };
}

/**
 * Writes the document's fields into its frontmatter (keeping every other key and comment) and
 * returns the SKILL.md text.
 */
export function writeSkillDocument(doc: SkillDocument): string {
  const frontmatter = doc.frontmatter.clone();
  frontmatter.set(['name'], doc.name);
  frontmatter.set(['description'], doc.description);
  setOptional(frontmatter, 'license', doc.license);
  setOptional(frontmatter, 'compatibility', doc.compatibility);
  setOptional(frontmatter, 'allowed-tools', doc.allowedTools);
  const existing = frontmatter.get(['metadata']);
  const existingKeys =
    existing && typeof existing === 'object' && !Array.isArray(existing) ? Object.keys(existing) : [];
  for (const key of existingKeys) {
    if (!(key in doc.metadata) && typeof (existing as Record<string, unknown>)[key] === 'string')
      frontmatter.delete(['metadata', key]);
  }
  for (const [key, value] of Object.entries(doc.metadata)) frontmatter.set(['metadata', key], value);
  if (Object.keys(doc.metadata).length === 0 && existingKeys.length === 0) frontmatter.delete(['metadata']);
  return serializeSkillMarkdown(frontmatter, doc.body);
}

/**
 * False when the frontmatter cannot be written back, e.g. a pull left git conflict markers in it
 * (the yaml library refuses to stringify a document with errors). Such a file is replaced whole,
 * never used as the base of a rewrite.
 */
export function hasWritableFrontmatter(doc: SkillDocument): boolean {
  try {
    doc.frontmatter.toString();
    return true;
  } catch {
    return false;
  }
}

function stringField(frontmatter: Frontmatter, key: string): string | undefined {
  const value = frontmatter.get([key]);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function setOptional(frontmatter: Frontmatter, key: string, value: string | undefined): void {
  if (value === undefined) frontmatter.delete([key]);
  else frontmatter.set([key], value);
}
