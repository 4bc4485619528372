#!/usr/bin/env node
// `npm run eval`: runs the evaluation on every repository available offline and writes bench/EVAL.md.
// The work is TypeScript (bench/eval/runEval.ts), run through tsx like the benchmarks.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'bench', 'eval', 'runEval.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
