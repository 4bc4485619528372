// Bundles the extension and the CLI. Type checking is a separate step (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);
const { version } = require('./package.json');

function copyWasm() {
  mkdirSync('dist', { recursive: true });
  const wasm = join(dirname(require.resolve('sql.js')), 'sql-wasm.wasm');
  copyFileSync(wasm, join('dist', 'sql-wasm.wasm'));
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
  define: { SKILLWRIGHT_VERSION: JSON.stringify(version) },
};

const builds = [
  { ...common, entryPoints: { extension: 'src/vscode/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
];

copyWasm();
if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
