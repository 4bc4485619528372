import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { silentLogger } from '../../../src/core/ports';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Called with each stderr chunk as it is written (e.g. to cancel after some progress). */
  onStderr?: (text: string) => void;
}

/** Runs `skillwright <args>` in-process, as main() would, capturing both streams. */
export async function runCliIn(cwd: string, args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => {
      stderr += text;
      options.onStderr?.(text);
    },
    interactive: false,
    cwd,
    logger: silentLogger,
    signal: options.signal ?? new AbortController().signal,
    env: options.env ?? {},
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Parses a command's --json output, failing with the streams when it is not JSON. */
export function jsonOf<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}
