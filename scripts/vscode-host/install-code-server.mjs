#!/usr/bin/env node
// Makes the VS Code host of the tests ready: first the few Debian packages it needs
// (system-packages.mjs: installed with apt-get when this process may, otherwise one line says what
// to run), then code-server (VS Code 1.100.3 server + web workbench) from the npm registry into a
// git-ignored folder. code-server's own postinstall cannot run here (it downloads binaries and
// asks for the long-gone --unsafe-perm), so this script performs the same steps by hand.
// Idempotent: a marker file records a finished install. `npm test` runs it first (`npm run
// test:setup`), and every test that starts the host calls ensureCodeServer() itself.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ensureSystemPackages, which } from './system-packages.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
const root = resolve(process.env.SKILLWRIGHT_TOOLS_DIR ?? join(import.meta.dirname, '..', '..', '.tools'));
const prefix = join(root, 'code-server');
const marker = join(prefix, '.installed');
const vscodeDir = join(prefix, 'node_modules', 'code-server', 'lib', 'vscode');

function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function npm(args, cwd) {
  execFileSync('npm', args, {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
}

function forceSymlink(target, path) {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

export function installedEntry() {
  return join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function isInstalled() {
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION;
}

function ripgrepLink() {
  return join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
}

let ready = false;

/**
 * Installs what the host needs if anything is missing; returns the path of code-server's entry.js.
 * Throws when it cannot, with a message whose first line says what to run.
 */
export function ensureCodeServer() {
  if (ready) return installedEntry();
  const building = !isInstalled();
  ensureSystemPackages({ building, log });
  const rg = which('rg');
  if (!building) {
    // The link names the rg found at install time; follow it if that one has moved since.
    if (!existsSync(ripgrepLink())) forceSymlink(rg, ripgrepLink());
    ready = true;
    return installedEntry();
  }
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'skillwright-vscode-host', private: true }));
  log(`installing code-server@${CODE_SERVER_VERSION} into ${prefix}`);
  npm(['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], prefix);
  log('rebuilding argon2');
  npm(['rebuild', 'argon2'], prefix);
  log('installing the VS Code server dependencies');
  npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  npm(['rebuild', '@vscode/spdlog', 'native-watchdog', 'node-pty'], vscodeDir);
  mkdirSync(join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin'), { recursive: true });
  forceSymlink(rg, ripgrepLink());
  forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  log('installing the built-in extensions dependencies');
  npm(['install', '--omit=dev', '--ignore-scripts'], join(vscodeDir, 'extensions'));
  writeFileSync(marker, CODE_SERVER_VERSION);
  log('done');
  ready = true;
  return installedEntry();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  try {
    const entry = ensureCodeServer();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `[setup] VS Code host ready in ${seconds} s: ` +
        `code-server ${CODE_SERVER_VERSION} at ${relative(process.cwd(), entry) || entry}\n`,
    );
  } catch (error) {
    process.stderr.write(`[setup] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
