// Everything the harness tells the runner arrives through environment variables, because the
// extension host is started by VS Code (or code-server), not by us, and inherits only its env.

export type TrustPass = 'trusted' | 'untrusted';

export interface RunOptions {
  /** JSON results file; a plain-text summary is written next to it with a `.txt` suffix. */
  readonly resultsPath: string | undefined;
  readonly grep: string | undefined;
  /** `untrusted` runs only `*.untrusted.*` suite files; `trusted` runs every other file. */
  readonly pass: TrustPass;
  readonly timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;

export function readRunOptions(env: NodeJS.ProcessEnv): RunOptions {
  const timeout = Number(env.SKILLWRIGHT_TEST_TIMEOUT_MS);
  return {
    resultsPath: nonEmpty(env.SKILLWRIGHT_TEST_RESULTS),
    grep: nonEmpty(env.SKILLWRIGHT_TEST_GREP),
    pass: env.SKILLWRIGHT_TEST_PASS === 'untrusted' ? 'untrusted' : 'trusted',
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
  };
}

export function belongsToPass(file: string, pass: TrustPass): boolean {
  const untrustedFile = /(^|[/\\])[^/\\]*\.untrusted\.[^/\\]*$/.test(file);
  return pass === 'untrusted' ? untrustedFile : !untrustedFile;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
