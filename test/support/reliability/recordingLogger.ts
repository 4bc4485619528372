import type { Logger } from '../../../src/core/ports';

/** A Logger that keeps every line, so tests can assert on what a user would read in the log. */
export function recordingLogger(): Logger & { lines: string[]; text: () => string } {
  const lines: string[] = [];
  const add =
    (level: string) =>
    (message: string | Error): void => {
      lines.push(`${level} ${message instanceof Error ? message.message : message}`);
    };
  return {
    lines,
    text: () => lines.join('\n'),
    trace: add('trace'),
    debug: add('debug'),
    info: add('info'),
    warn: add('warn'),
    error: add('error'),
  };
}
