#!/usr/bin/env node
// Installs code-server (VS Code 1.100.3 server + web workbench) from the npm registry into a
// git-ignored folder. Its own postinstall cannot run here (it downloads binaries and asks for the
// long-gone --unsafe-perm), so this script performs the same steps by hand. Idempotent: a marker
// file records a finished install.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const root = resolve(process.env.SKILLWRIGHT_TOOLS_DIR ?? join(import.meta.dirname, '..', '..', '.tools'));
const prefix = join(root, 'code-server');
const marker = join(prefix, '.installed');
const vscodeDir = join(prefix, 'node_modules', 'code-server', 'lib', 'vscode');

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

function npm(args, cwd) {
  execFileSync('npm', args, {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
}

function which(command) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function forceSymlink(target, path) {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

export function installedEntry() {
  return join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function ensureCodeServer() {
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION) {
    return installedEntry();
  }
  const rg = which('rg');
  if (!rg) {
    throw new Error('ripgrep (rg) is not installed; on Debian run: apt-get install -y ripgrep');
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
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  forceSymlink(rg, join(rgBin, 'rg'));
  forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  log('installing the built-in extensions dependencies');
  npm(['install', '--omit=dev', '--ignore-scripts'], join(vscodeDir, 'extensions'));
  writeFileSync(marker, CODE_SERVER_VERSION);
  log('done');
  return installedEntry();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.stdout.write(`${ensureCodeServer()}\n`);
  } catch (error) {
    process.stderr.write(`[code-server] install failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
