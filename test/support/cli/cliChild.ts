import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveWasmPath } from '../../../src/core/store/sqlJsDatabase';
import { bundleChild } from '../reliability/bundleChild';
import type { CliRun } from './cliRunner';

export interface ChildCliRun extends CliRun {
  /** The command was still running after the deadline and was killed: it hung. */
  hung: boolean;
  elapsedMs: number;
}

/**
 * The real CLI as a separate process, for cases where the in-process runner cannot be used: a
 * command that hangs on a FIFO would keep the test process's thread pool busy forever, and a
 * command must be run with another PATH. Bundled once, with sql.js's wasm beside it as in dist/.
 */
export async function bundleCli(outDir: string): Promise<string> {
  const bundle = await bundleChild(join(__dirname, '../../../src/cli/main.ts'), outDir);
  copyFileSync(resolveWasmPath(), join(dirname(bundle), 'sql-wasm.wasm'));
  return bundle;
}

export function runCliChild(
  bundle: string,
  cwd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; deadlineMs?: number } = {},
): Promise<ChildCliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, options.deadlineMs ?? 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, hung, elapsedMs: Date.now() - started });
    });
  });
}
