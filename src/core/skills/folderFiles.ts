import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normaliseForHash } from './provenance';

/** Larger SKILL.md files are refused: a skill is meant to be read whole by a model. */
export const SKILL_MD_MAX_BYTES = 1024 * 1024;
/** Extras up to this size are read as text for the scanner. */
export const EXTRA_TEXT_MAX_BYTES = 256 * 1024;
const HASH_MAX_BYTES = 8 * 1024 * 1024;
const MAX_FILES = 500;
const MAX_DEPTH = 8;

export interface FolderFile {
  /** Relative to the skill folder, forward slashes. */
  path: string;
  size: number;
  /** Text for small non-binary files. */
  text?: string;
  /** Hash of the bytes (or of the size, past the hashing cap). */
  digest: string;
  /** A symlink inside the skill folder; never followed, never copied. */
  symlink?: boolean;
}

export interface FolderListing {
  files: FolderFile[];
  /** Reasons some files were skipped (too many, unreadable). */
  skipped: string[];
}

/** Lists a skill folder without following symlinks. Never throws for per-file trouble. */
export async function listSkillFolder(folder: string): Promise<FolderListing> {
  const files: FolderFile[] = [];
  const skipped: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) {
      skipped.push(`${relative}: nested too deep`);
      return;
    }
    let entries;
    try {
      entries = await readdir(join(folder, relative), { withFileTypes: true });
    } catch (error) {
      skipped.push(`${relative || '.'}: ${errorText(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (files.length >= MAX_FILES) {
        skipped.push(`${path}: more than ${MAX_FILES} files`);
        return;
      }
      if (entry.isSymbolicLink()) files.push({ path, size: 0, digest: 'symlink', symlink: true });
      else if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile()) {
        const file = await readFolderFile(join(folder, path), path);
        if (typeof file === 'string') skipped.push(file);
        else files.push(file);
      }
    }
  };
  await walk('', 0);
  return { files, skipped };
}

async function readFolderFile(absolute: string, path: string): Promise<FolderFile | string> {
  try {
    const info = await lstat(absolute);
    if (info.size > HASH_MAX_BYTES) return { path, size: info.size, digest: `size:${info.size}` };
    const bytes = await readFile(absolute);
    const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
    const textual = bytes.length <= EXTRA_TEXT_MAX_BYTES && !isBinary(bytes);
    return { path, size: info.size, digest, ...(textual ? { text: bytes.toString('utf8') } : {}) };
  } catch (error) {
    return `${path}: ${errorText(error)}`;
  }
}

export function isBinary(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, 8000);
  for (let index = 0; index < limit; index += 1) if (bytes[index] === 0) return true;
  return false;
}

/**
 * One hash for the whole folder, so trusting a skill covers its scripts too: a later change to
 * scripts/ yields a new hash that is not trusted yet. SKILL.md is hashed normalised, with the
 * listed frontmatter keys left out.
 */
export function folderHash(files: readonly FolderFile[], excludedKeys?: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const digest = file.path === 'SKILL.md' && file.text !== undefined
      ? createHash('sha256').update(normaliseForHash(file.text, excludedKeys)).digest('hex')
      : file.digest;
    hash.update(`${file.path}\u0000${digest}\n`);
  }
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}

export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
