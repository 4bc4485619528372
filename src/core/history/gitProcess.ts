import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Git failed (bad revision, not a repository); carries git's own message. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

/** Options every git invocation takes. */
export interface GitRunOptions {
  signal?: AbortSignal;
}

export interface GitStreamOptions extends GitRunOptions {
  /** Written to git's stdin (e.g. the commits for `--stdin`), then stdin is closed. */
  input?: string;
}

const BASE_ARGS = ['-c', 'core.quotePath=false', '-c', 'log.showSignature=false', '-c', 'color.ui=never'];

/**
 * Streams git's stdout line by line, so a history of any size is never held in memory at once.
 * Aborting the signal kills git and ends the iteration with an AbortError.
 */
export async function* gitLines(repo: string, args: readonly string[], options: GitStreamOptions = {}): AsyncGenerator<string> {
  options.signal?.throwIfAborted();
  const child = spawn('git', [...BASE_ARGS, ...args], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'], signal: options.signal });
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  const exit = new Promise<number>((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (code) => resolve(code ?? -1));
  });
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    if (child.exitCode === null) child.kill();
  }
  const code = await exit;
  options.signal?.throwIfAborted();
  if (code !== 0) throw new GitError(`git ${args[0] ?? ''} failed (${code}): ${stderr.trim() || 'no output'}`);
}

/** Runs git to completion and returns its stdout (for small outputs only). */
export async function gitText(repo: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  const out: string[] = [];
  for await (const line of gitLines(repo, args, options)) out.push(line);
  return out.join('\n');
}
