import { spawn } from 'node:child_process';
import { gitFields, type GitRunOptions } from './gitProcess';

/** Every file path in the tree of `rev` (not the working copy: see SplitPoint). */
export async function listFilesAt(repo: string, rev: string, options: GitRunOptions = {}): Promise<string[]> {
  const files: string[] = [];
  for await (const path of gitFields(repo, ['ls-tree', '-r', '-z', '--name-only', rev], options))
    if (path) files.push(path);
  return files;
}

/**
 * Reads several files at `rev` through one `git cat-file --batch` process. Missing files are left
 * out of the result; each text is cut at `maxBytes` so a huge file cannot stall learning.
 */
export async function readFilesAt(
  repo: string,
  rev: string,
  paths: readonly string[],
  maxBytes = 256 * 1024,
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const [path, blob] of await readBlobsAt(repo, rev, paths))
    result.set(path, blob.subarray(0, maxBytes).toString('utf8'));
  return result;
}

/** The start of a file and, when it is longer, its end too, with the line the end starts on. */
export interface FileExcerpt {
  /** The first bytes, from line 1. */
  head: string;
  /** The last bytes from a line start, when the file is longer than head and tail together. */
  tail?: string;
  /** 1-based line number of the tail's first line. */
  tailLine?: number;
}

/**
 * Head and tail of several files at `rev`: what a file declares sits at its top, and in some
 * languages (Rust's `#[cfg(test)] mod tests`) what it tests sits at its bottom.
 */
export async function readExcerptsAt(
  repo: string,
  rev: string,
  paths: readonly string[],
  headBytes: number,
  tailBytes: number,
): Promise<Map<string, FileExcerpt>> {
  const result = new Map<string, FileExcerpt>();
  for (const [path, blob] of await readBlobsAt(repo, rev, paths))
    result.set(path, excerptOf(blob, headBytes, tailBytes));
  return result;
}

export function excerptOf(blob: Buffer, headBytes: number, tailBytes: number): FileExcerpt {
  const headEnd = blob.length <= headBytes + tailBytes ? blob.length : lastLineEnd(blob, headBytes);
  const head = blob.subarray(0, headEnd).toString('utf8');
  if (headEnd >= blob.length) return { head };
  const newline = blob.indexOf(0x0a, Math.max(headEnd, blob.length - tailBytes));
  if (newline < 0 || newline + 1 >= blob.length) return { head };
  let line = 1;
  for (let at = blob.indexOf(0x0a); at >= 0 && at <= newline; at = blob.indexOf(0x0a, at + 1)) line++;
  return { head, tail: blob.subarray(newline + 1).toString('utf8'), tailLine: line };
}

/** Cut after the last whole line within `limit` bytes, so no line (or UTF-8 character) is split. */
function lastLineEnd(blob: Buffer, limit: number): number {
  const newline = blob.lastIndexOf(0x0a, limit - 1);
  return newline < 0 ? limit : newline + 1;
}

async function readBlobsAt(repo: string, rev: string, paths: readonly string[]): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  if (paths.length === 0) return result;
  const child = spawn('git', ['cat-file', '--batch'], { cwd: repo, stdio: ['pipe', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  child.stdin.end(paths.map((path) => `${rev}:${path}`).join('\n') + '\n');
  await closed;
  const output = Buffer.concat(chunks);
  let offset = 0;
  for (const path of paths) {
    const newline = output.indexOf(0x0a, offset);
    if (newline < 0) break;
    const header = output.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    const match = /^\S+ (\w+) (\d+)$/.exec(header);
    if (!match) continue; // "<path> missing"
    const size = Number(match[2]);
    if (match[1] === 'blob') result.set(path, output.subarray(offset, offset + size));
    offset += size + 1;
  }
  return result;
}
