/**
 * Footprint (issue 11): what installing and activating Skillwright costs.
 *
 * - Bundle and VSIX: a production build (the options of esbuild.config.mjs --production) and a
 *   `vsce package` made in a staging folder, so dist/ of the working tree is left alone. The VSIX
 *   is reported against the 3 MB target as a ratio.
 * - Lazy loading: esbuild's metafile gives the import graph; sql.js, openai and the MCP SDK must
 *   be reachable from src/vscode/extension.ts only through dynamic import(), which the bundle
 *   evaluates on first use. Synchronous fs calls in statically reachable sources are listed.
 * - Load cost: require() of the production bundle in a plain node process with a stub `vscode`,
 *   against require() of an empty module in the same kind of process (median of several), with the
 *   synchronous fs calls made while it loads and whether the sql.js wasm was read.
 * - Activation ms and memory growth come from the last integration run
 *   (.test-output/footprint.json, written by test/integration/suite/footprint.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = resolve(import.meta.dirname ?? __dirname, '..');
const VSIX_TARGET_BYTES = 3 * 1024 * 1024;
const LAZY_PACKAGES = ['sql.js', 'openai', '@modelcontextprotocol/sdk'];
const LOAD_RUNS = 5;

export async function run(): Promise<void> {
  const stage = mkdtempSync(join(tmpdir(), 'skillwright-footprint-'));
  try {
    const metafile = await buildProduction(stage);
    const bundle = join(stage, 'dist', 'extension.js');
    const bundleBytes = statSync(bundle).size;
    const devBundle = join(ROOT, 'dist', 'extension.js');
    const devNote = existsSync(devBundle) ? `; the development build in dist/ is ${kb(statSync(devBundle).size)}` : '';
    console.log(`dist/extension.js (production, minified): ${kb(bundleBytes)}${devNote}`);

    const vsixBytes = packageVsix(stage);
    if (vsixBytes !== undefined)
      console.log(
        `VSIX: ${kb(vsixBytes)} = ${(vsixBytes / VSIX_TARGET_BYTES).toFixed(2)}x the 3 MB target ` +
          `(${vsixBytes <= VSIX_TARGET_BYTES ? 'within' : 'OVER'})`,
      );

    reportLazyLoading(metafile);
    reportLoadCost(bundle, stage);
    reportIntegrationFigures();
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

async function buildProduction(stage: string): Promise<esbuild.Metafile> {
  const require = createRequire(join(ROOT, 'package.json'));
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const common: esbuild.BuildOptions = {
    absWorkingDir: ROOT,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
    define: { SKILLWRIGHT_VERSION: JSON.stringify(version) },
    outdir: join(stage, 'dist'),
  };
  const extension = await esbuild.build({
    ...common,
    entryPoints: { extension: 'src/vscode/extension.ts' },
    metafile: true,
  });
  await esbuild.build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } });
  copyFileSync(join(dirname(require.resolve('sql.js')), 'sql-wasm.wasm'), join(stage, 'dist', 'sql-wasm.wasm'));
  return extension.metafile;
}

/** Undefined (and says why) when vsce cannot package here. */
function packageVsix(stage: string): number | undefined {
  for (const entry of [
    'package.json',
    '.vscodeignore',
    'media',
    'skills',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    'SECURITY.md',
  ]) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  }
  const vsix = join(stage, 'skillwright.vsix');
  try {
    // vsce's secretlint resolves its rule preset from the hoisted @secretlint/config-loader, but
    // npm left the preset nested under vsce; NODE_PATH lets that resolution find it.
    const nested = join(ROOT, 'node_modules', '@vscode', 'vsce', 'node_modules');
    const env = { ...process.env, NODE_PATH: [nested, process.env.NODE_PATH].filter(Boolean).join(':') };
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'vsce'),
      ['package', '--no-dependencies', '--allow-missing-repository', '-o', vsix],
      { cwd: stage, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return statSync(vsix).size;
  } catch (error) {
    console.log(
      `VSIX: not measured, vsce failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    return undefined;
  }
}

function reportLazyLoading(metafile: esbuild.Metafile): void {
  const entry = 'src/vscode/extension.ts';
  const parent = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.external || imported.kind === 'dynamic-import' || parent.has(imported.path)) continue;
      parent.set(imported.path, file);
      queue.push(imported.path);
    }
  }
  const chain = (file: string): string => {
    const path: string[] = [];
    for (let at: string | undefined = file; at !== undefined; at = parent.get(at)) path.unshift(at);
    return path.join(' -> ');
  };
  const bundled = Object.keys(metafile.inputs);
  for (const name of LAZY_PACKAGES) {
    const prefix = `node_modules/${name}/`;
    const inBundle = bundled.some((file) => file.startsWith(prefix));
    const eager = [...parent.keys()].find((file) => file.startsWith(prefix));
    const verdict = eager
      ? `EAGER: evaluated when the bundle loads, via ${chain(eager)}`
      : inBundle
        ? 'lazy (only behind dynamic import())'
        : 'not in the bundle';
    console.log(`${name}: ${verdict}`);
  }
  const syncCalls = [...parent.keys()]
    .filter((file) => file.startsWith('src/'))
    .flatMap((file) => {
      const calls = [
        ...new Set(
          readFileSync(join(ROOT, file), 'utf8').match(
            /\b(?:read|write|exists|stat|open|close|unlink|mkdir|readdir|append|rename|copyFile|rm)\w*Sync\(/g,
          ) ?? [],
        ),
      ];
      return calls.length ? [`${file} (${calls.map((call) => call.slice(0, -1)).join(', ')})`] : [];
    });
  console.log(
    `synchronous fs calls in sources the bundle loads ` +
      `eagerly: ${syncCalls.length ? syncCalls.join('; ') : 'none'} (whether they run during activate() is read ` +
      `from the code, not measured)`,
  );
}

/** A child process per measurement, so each require() is cold. */
function reportLoadCost(bundle: string, stage: string): void {
  const empty = join(stage, 'empty.js');
  writeFileSync(empty, 'module.exports = {};\n');
  const probe = join(stage, 'loadProbe.js');
  writeFileSync(probe, LOAD_PROBE);
  const measure = (target: string): { ms: number; syncFs: string[] } =>
    JSON.parse(execFileSync(process.execPath, [probe, target], { encoding: 'utf8' })) as {
      ms: number;
      syncFs: string[];
    };
  const bundleRuns: number[] = [];
  const emptyRuns: number[] = [];
  let syncFs: string[] = [];
  for (let index = 0; index < LOAD_RUNS; index++) {
    emptyRuns.push(measure(empty).ms);
    const loaded = measure(bundle);
    bundleRuns.push(loaded.ms);
    syncFs = loaded.syncFs;
  }
  const bundleMs = median(bundleRuns);
  const emptyMs = median(emptyRuns);
  console.log(
    `require() of the production bundle with a stub vscode: ${bundleMs.toFixed(1)} ms vs ${emptyMs.toFixed(2)} ms ` +
      `for an empty module = ${(bundleMs / Math.max(emptyMs, 0.01)).toFixed(0)}x (median of ${LOAD_RUNS} cold ` +
      `processes)`,
  );
  const wasm = syncFs.some((call) => call.includes('sql-wasm'));
  console.log(
    `while loading: ${syncFs.length} synchronous fs call(s) besides reading the ` +
      `bundle${syncFs.length ? ` (${syncFs.slice(0, 8).join(', ')})` : ''}; ` +
      `sql-wasm.wasm ${wasm ? 'WAS read' : 'was not read'}`,
  );
  console.log('activate() itself is not run here (it needs the real host); its time is the integration figure below.');
}

/**
 * Stubs `vscode` with a proxy that is callable, constructible and extendable at any depth (the
 * bundle subclasses TreeItem at load), counts synchronous fs calls, then times require().
 */
const LOAD_PROBE = String.raw`
const Module = require('module');
const fs = require('fs');
const target = process.argv[2];
const syncFs = [];
for (const name of Object.keys(fs)) {
  if (!name.endsWith('Sync') || typeof fs[name] !== 'function') continue;
  const original = fs[name];
  fs[name] = function (...args) {
    const path = String(args[0]);
    if (path !== target && !path.endsWith('package.json')) syncFs.push(name + ' ' + path);
    return original.apply(this, args);
  };
}
const stub = () => new Proxy(function () {}, {
  get: (base, key) => {
    if (key === 'prototype') return base.prototype;
    if (key === Symbol.toPrimitive) return () => '';
    return key in base ? base[key] : (base[key] = stub());
  },
  apply: () => stub(),
  construct: () => stub(),
});
// esbuild's interop copies the module's own keys, so every name the bundle might read off
// vscode is made an own property up front.
const vscode = {};
for (const [, name] of fs.readFileSync(target, 'utf8').matchAll(/\.([A-Za-z_$][\w$]*)/g)) {
  if (name in vscode) continue;
  Object.defineProperty(vscode, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = stub();
      Object.defineProperty(vscode, name, { value, enumerable: true });
      return value;
    },
  });
}
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolveFilename.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
const started = process.hrtime.bigint();
require(target);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ ms, syncFs }));
`;

function reportIntegrationFigures(): void {
  const path = join(ROOT, '.test-output', 'footprint.json');
  if (!existsSync(path)) {
    console.log(
      'activation ms and memory growth: no .test-output/footprint.json yet; run `node ' +
        'scripts/vscode-host/run-integration.mjs --grep footprint`',
    );
    return;
  }
  const figures = JSON.parse(readFileSync(path, 'utf8')) as IntegrationFigures;
  const ageMinutes = (Date.now() - statSync(path).mtimeMs) / 60_000;
  const age = ageMinutes < 90 ? `${ageMinutes.toFixed(0)} min` : `${(ageMinutes / 60).toFixed(1)} h`;
  console.log(`from the last integration run (${age} ago, ${figures.host ?? 'unknown host'}):`);
  if (figures.activationMs !== undefined)
    console.log(
      `  activation: ${figures.activationMs} ms = ${(figures.activationMs / 50).toFixed(2)}x the 50 ms target`,
    );
  const growth = figures.memory?.growth;
  if (growth && figures.day) {
    console.log(
      `  simulated day (${figures.day.editsApplied} edits, ${figures.day.processWrites} writes by another ` +
        `process, ${figures.day.terminalCommands} terminal commands ` +
        `in ${(figures.day.durationMs / 1000).toFixed(0)} s${figures.day.forcedGc ? ', forced GC' : ''}):`,
    );
    console.log(
      `  heap growth ${growth.total.heapUsedMb} MB (first half ${growth.firstHalf.heapUsedMb}, second ` +
        `half ${growth.secondHalf.heapUsedMb}); external ${growth.total.externalMb} MB; ` +
        `rss ${growth.total.rssMb} MB`,
    );
  }
}

interface GrowthFigures {
  heapUsedMb: number;
  externalMb: number;
  rssMb: number;
}

interface IntegrationFigures {
  host?: string;
  activationMs?: number;
  day?: {
    editsApplied: number;
    processWrites: number;
    terminalCommands: number;
    durationMs: number;
    forcedGc: boolean;
  };
  memory?: { growth: { firstHalf: GrowthFigures; secondHalf: GrowthFigures; total: GrowthFigures } };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}
