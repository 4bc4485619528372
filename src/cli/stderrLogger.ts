import type { Logger } from '../core/ports';

/** The CLI's logger: warnings and errors always, the rest only with --verbose. */
export function stderrLogger(verbose: boolean): Logger {
  const write = (level: string, message: string | Error, args: unknown[]): void => {
    const text = message instanceof Error ? message.message : message;
    const extra = args.length
      ? ` ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`
      : '';
    process.stderr.write(`[${level}] ${text}${extra}\n`);
  };
  return {
    trace: (message, ...args) => verbose && write('trace', message, args),
    debug: (message, ...args) => verbose && write('debug', message, args),
    info: (message, ...args) => verbose && write('info', message, args),
    warn: (message, ...args) => write('warn', message, args),
    error: (message, ...args) => write('error', message, args),
  };
}
