#!/usr/bin/env node
// Bundles the integration-test runner and every test/integration/suite/**/*.test.ts into a single
// CommonJS file, out/test/integration/suites.js, behind out/test/integration/index.js, which the extension host loads
// as
// `extensionTestsPath`. Mocha is bundled in, so nothing has to be resolvable from the host's cwd.
// The suite list is a virtual module (`skillwright:integration-suites`) generated here, so a new
// suite file is picked up without touching the runner.
import * as esbuild from 'esbuild';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const integrationTestsDir = join(repoRoot, 'out', 'test', 'integration');
const suiteRoot = join(repoRoot, 'test', 'integration', 'suite');

/** @returns {string[]} absolute paths of every integration suite file, sorted */
export function findSuiteFiles(dir = suiteRoot) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findSuiteFiles(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found.sort();
}

const suiteListPlugin = {
  name: 'skillwright-integration-suites',
  setup(build) {
    build.onResolve({ filter: /^skillwright:integration-suites$/ }, () => ({
      path: 'suites',
      namespace: 'skillwright-suites',
    }));
    build.onLoad({ filter: /.*/, namespace: 'skillwright-suites' }, () => {
      const entries = findSuiteFiles(suiteRoot).map((path) => {
        const file = relative(suiteRoot, path).split('\\').join('/');
        return `  { file: ${JSON.stringify(file)}, load: () => require(${JSON.stringify(path)}) },`;
      });
      return {
        contents: `export const suiteFiles = [\n${entries.join('\n')}\n];\n`,
        loader: 'js',
        resolveDir: suiteRoot,
      };
    });
  },
};

/** Builds the bundle and returns the directory to pass as `extensionTestsPath`. */
export async function buildIntegrationTests() {
  await esbuild.build({
    entryPoints: { suites: join(repoRoot, 'test', 'integration', 'runner', 'index.ts') },
    outdir: integrationTestsDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    // Mocha's parallel mode resolves worker files at runtime; we never use it.
    logOverride: { 'require-resolve-not-external': 'silent' },
    plugins: [suiteListPlugin],
  });
  // Node reads a module's source map only if source maps are on when the module loads, and the
  // extension host does not turn them on; this tiny loader does, so stack traces name test/**/*.ts.
  writeFileSync(
    join(integrationTestsDir, 'index.js'),
    "'use strict';\nprocess.setSourceMapsEnabled(true);\nmodule.exports = require('./suites.js');\n",
  );
  return integrationTestsDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildIntegrationTests();
  process.stdout.write(`${join(integrationTestsDir, 'index.js')}\n`);
}
