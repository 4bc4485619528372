import type { Logger } from '../../../src/core/ports';

/** A Logger that keeps every line, so tests can assert what a user would read in the output. */
export interface RecordingLogger extends Logger {
  lines: string[];
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const push =
    (level: string) =>
    (message: string | Error): void => {
      lines.push(`[${level}] ${message instanceof Error ? message.message : message}`);
    };
  return {
    lines,
    text: () => lines.join('\n'),
    trace: push('trace'),
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  };
}
