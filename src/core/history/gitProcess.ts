import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Git failed (bad revision, not a repository); carries git's own message. */
export class GitError extends Error {
  override readonly name = 'GitError';
}

/** No `git` could be started: it is not installed, or not on PATH. */
export class GitMissingError extends GitError {
  constructor() {
    super(
      'git was not found on PATH; Skillwright reads the history with git, so install git (or add it to PATH) and ' +
        'run this again',
    );
  }
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
export function gitLines(
  repo: string,
  args: readonly string[],
  options: GitStreamOptions = {},
): AsyncGenerator<string> {
  return gitOutput(repo, args, '\n', options);
}

/**
 * Streams the NUL-terminated fields of a `-z` command. Paths come out byte for byte there: with
 * newline-separated output git quotes names holding newlines, quotes or backslashes, and those
 * quotes would end up in skill text as if they were part of the name.
 */
export function gitFields(
  repo: string,
  args: readonly string[],
  options: GitStreamOptions = {},
): AsyncGenerator<string> {
  return gitOutput(repo, args, '\0', options);
}

/**
 * With `exit`, a non-zero exit code is recorded there instead of thrown (only a git that cannot
 * start throws); without it, any failure throws a GitError.
 */
async function* gitOutput(
  repo: string,
  args: readonly string[],
  separator: '\n' | '\0',
  options: GitStreamOptions,
  exit?: { code: number },
): AsyncGenerator<string> {
  options.signal?.throwIfAborted();
  const child = spawn('git', [...BASE_ARGS, ...args], {
    cwd: repo,
    stdio: ['pipe', 'pipe', 'pipe'],
    signal: options.signal,
    windowsHide: true,
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  let stderr = '';
  let spawnError: NodeJS.ErrnoException | undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError ??= error;
      resolve(-1);
    });
    child.on('close', (code) => resolve(code ?? -1));
  });
  // NUL and newline are single bytes that never occur inside a UTF-8 sequence, so splitting the
  // decoded text is safe; the decoder carries sequences cut between chunks.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const parts = (rest + decoder.write(chunk)).split(separator);
      rest = parts.pop() ?? '';
      for (const part of parts) yield separator === '\n' ? stripCr(part) : part;
    }
    rest += decoder.end();
    if (rest !== '') yield separator === '\n' ? stripCr(rest) : rest;
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited;
  options.signal?.throwIfAborted();
  if (spawnError?.code === 'ENOENT')
    throw existsSync(repo) ? new GitMissingError() : new GitError(`${repo} does not exist`);
  if (exit && !spawnError) exit.code = code;
  else if (code !== 0)
    throw new GitError(`git ${args[0] ?? ''} failed (${code}): ${stderr.trim() || spawnError?.message || 'no output'}`);
}

/** readline's crlfDelay behaviour, which gitLines had: a CRLF line loses its CR. */
function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Runs git to completion and returns its stdout (for small outputs only). */
export async function gitText(repo: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  const out: string[] = [];
  for await (const line of gitLines(repo, args, options)) out.push(line);
  return out.join('\n');
}

/**
 * Runs git to completion and returns its exit code with its stdout lines, for commands whose exit
 * code is the answer (`cat-file -e`, `grep -q`, `show` of a path that may not exist). Only a git
 * that cannot start throws.
 */
export async function gitExit(
  repo: string,
  args: readonly string[],
  options: GitRunOptions = {},
): Promise<{ code: number; lines: string[] }> {
  const exit = { code: 0 };
  const lines: string[] = [];
  for await (const line of gitOutput(repo, args, '\n', options, exit)) lines.push(line);
  return { code: exit.code, lines };
}
