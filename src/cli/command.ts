import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Logger } from '../core/ports';
import { errorMessage } from '../core/util/errorMessage';

/** Where a CLI command writes. Tests pass buffers; main() passes the process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal, so progress bars may redraw in place. */
  interactive: boolean;
  cwd: string;
  logger: Logger;
  /** Aborted on SIGINT so long commands can stop cleanly. */
  signal: AbortSignal;
  /** Environment for settings such as the LLM endpoint; process.env when absent. */
  env?: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  /** One line for `skillwright --help`. */
  summary: string;
  /** Full usage text for `skillwright <name> --help`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for bad arguments; main() prints the message and the usage, exit code 2. */
export class UsageError extends Error {}

/** node:util parseArgs whose complaints (unknown option, missing value) become UsageErrors: exit 2 with the usage. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}
