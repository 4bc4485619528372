/**
 * Baselines that are native modules (better-sqlite3) are not devDependencies: `npm ci` would
 * compile them from source (about 90 s) on every machine, for a benchmark that few runs need.
 * bench/baselines/ holds their own package.json and lockfile instead, and the first benchmark that
 * asks for one installs them there with `npm ci` (into bench/baselines/node_modules, git-ignored).
 * A marker records which lockfile and which Node ABI that install was for, so a changed lockfile
 * or another Node version reinstalls. Their types come from the root devDependencies
 * (`@types/better-sqlite3`), so type checking never needs the install.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const BASELINES_DIR = join(import.meta.dirname ?? __dirname, 'baselines');
const MARKER = join(BASELINES_DIR, 'node_modules', '.skillwright-baselines');

function installKey(): string {
  const lock = readFileSync(join(BASELINES_DIR, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 16);
  return `${hash} node-abi-${process.versions.modules} ${process.platform}-${process.arch}\n`;
}

function installed(): boolean {
  return existsSync(MARKER) && readFileSync(MARKER, 'utf8') === installKey();
}

/** Installs bench/baselines/ from its lockfile unless that exact install is already there. */
export function ensureBaselines(): void {
  if (installed()) return;
  const where = relative(process.cwd(), BASELINES_DIR) || BASELINES_DIR;
  process.stdout.write(
    `[bench] installing the native baselines from ${where}/package-lock.json (better-sqlite3 compiles from ` +
      `source, about 90 s, once)\n`,
  );
  const started = performance.now();
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: BASELINES_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (error) {
    throw new Error(
      `installing the benchmark baselines failed (cd ${where} && npm ` +
        `ci): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  writeFileSync(MARKER, installKey());
  process.stdout.write(`[bench] baselines installed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Loads a baseline module, installing the baselines first if needed. Cast the result to its type. */
export function requireBaseline(name: string): unknown {
  ensureBaselines();
  return createRequire(join(BASELINES_DIR, 'package.json'))(name);
}
