/**
 * Small interfaces core needs from its host. VS Code's LogOutputChannel satisfies Logger as it is;
 * the CLI supplies a stderr logger.
 */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Reports progress of long work and lets it be cancelled. */
export interface Progress {
  report(message: string, increment?: number): void;
  readonly signal?: AbortSignal;
}
