#!/usr/bin/env node
// Node 20's test runner does not expand globs or find .ts files, so list them here and hand
// them to `node --test` with tsx as the loader. Extra arguments narrow the run to matching paths.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const [root = 'test/unit', ...filters] = process.argv.slice(2);
const files = findTests(root)
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no test files under ${root}${filters.length ? ` matching ${filters.join(', ')}` : ''}\n`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
