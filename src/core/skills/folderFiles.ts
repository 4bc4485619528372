import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, readdir } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { normaliseForHash } from './provenance';
import { errorMessage } from '../util/errorMessage';

/** Larger SKILL.md files are refused: a skill is meant to be read whole by a model. */
export const SKILL_MD_MAX_BYTES = 1024 * 1024;
/** Extras up to this size are read as text for the scanner. */
export const EXTRA_TEXT_MAX_BYTES = 256 * 1024;
const HASH_MAX_BYTES = 8 * 1024 * 1024;
const MAX_FILES = 500;
/** Folders count too: a tree of empty folders must not be walked without end. */
const MAX_ENTRIES = 5000;
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
  /** The text was decoded from bytes that are not valid UTF-8 (its bad bytes read as U+FFFD). */
  invalidUtf8?: boolean;
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
  let entriesSeen = 0;
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
      if (files.length >= MAX_FILES || ++entriesSeen > MAX_ENTRIES) {
        skipped.push(
          `${path}: more than ${files.length >= MAX_FILES ? `${MAX_FILES} files` : `${MAX_ENTRIES} entries`}`,
        );
        return;
      }
      if (entry.isSymbolicLink()) files.push({ path, size: 0, digest: 'symlink', symlink: true });
      else if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile()) {
        const file = await readFolderFile(join(folder, path), path);
        if (typeof file === 'string') skipped.push(file);
        else files.push(file);
      } else skipped.push(`${path}: not a regular file (a FIFO, socket or device); not read`);
    }
  };
  await walk('', 0);
  return { files, skipped };
}

/** O_NONBLOCK: a FIFO swapped in after the listing opens without waiting for a writer. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads at most HASH_MAX_BYTES + 1 bytes whatever size the file reports: files of virtual file
 * systems (/proc/<pid>/pagemap) report 0 bytes and then never end.
 */
async function readFolderFile(absolute: string, path: string): Promise<FolderFile | string> {
  try {
    const handle = await open(absolute, READ_FLAGS);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return `${path}: not a regular file; not read`;
      if (info.size > HASH_MAX_BYTES) return { path, size: info.size, digest: `size:${info.size}` };
      const bytes = await readAtMost(handle, HASH_MAX_BYTES + 1);
      if (bytes.length > HASH_MAX_BYTES) return { path, size: bytes.length, digest: `size:>${HASH_MAX_BYTES}` };
      const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
      const textual = bytes.length <= EXTRA_TEXT_MAX_BYTES && !isBinary(bytes);
      return {
        path,
        size: bytes.length,
        digest,
        ...(textual ? { text: bytes.toString('utf8') } : {}),
        ...(textual && !isUtf8(bytes) ? { invalidUtf8: true } : {}),
      };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return `${path}: ${errorText(error)}`;
  }
}

async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
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
    const digest =
      file.path === 'SKILL.md' && file.text !== undefined
        ? createHash('sha256').update(normaliseForHash(file.text, excludedKeys)).digest('hex')
        : file.digest;
    hash.update(`${file.path}\u0000${digest}\n`);
  }
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}

export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return errorMessage(error);
}
