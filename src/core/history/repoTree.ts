import { spawn } from 'node:child_process';
import { gitFields, type GitRunOptions } from './gitProcess';

/** Every file path in the tree of `rev` (not the working copy: see SplitPoint). */
export async function listFilesAt(repo: string, rev: string, options: GitRunOptions = {}): Promise<string[]> {
  const files: string[] = [];
  for await (const path of gitFields(repo, ['ls-tree', '-r', '-z', '--name-only', rev], options)) if (path) files.push(path);
  return files;
}

/**
 * Reads several files at `rev` through one `git cat-file --batch` process. Missing files are left
 * out of the result; each text is cut at `maxBytes` so a huge file cannot stall learning.
 */
export async function readFilesAt(repo: string, rev: string, paths: readonly string[], maxBytes = 256 * 1024): Promise<Map<string, string>> {
  const result = new Map<string, string>();
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
    if (match[1] === 'blob') result.set(path, output.subarray(offset, offset + Math.min(size, maxBytes)).toString('utf8'));
    offset += size + 1;
  }
  return result;
}
