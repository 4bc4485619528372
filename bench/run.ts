/**
 * Runs every bench/*.bench.ts (or those whose names contain an argument) one after another.
 * Each benchmark prints its own figures as ratios against a baseline measured in the same run,
 * because wall-clock numbers on shared machines mean little on their own.
 *
 * Each benchmark runs in a process of its own: one that ran after another inherited its heap
 * (10,000 indexed skills, a 100 MB import), and garbage collection over that heap slowed the
 * JavaScript side of the next comparison while its native baseline did not notice.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<void>;
}

const ISOLATED = '--isolated';

async function runOne(path: string): Promise<void> {
  const module = (await import(pathToFileURL(path).href)) as BenchModule;
  await module.run();
}

function main(): void {
  const dir = import.meta.dirname ?? __dirname;
  const filters = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
    .sort();
  const self = import.meta.filename ?? fileURLToPath(import.meta.url);
  let failed = 0;
  for (const file of files) {
    process.stdout.write(`\n## ${file}\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, self, ISOLATED, join(dir, file)], {
      stdio: 'inherit',
    });
    if (child.status !== 0) {
      failed++;
      process.stdout.write(`FAILED: ${file} exited with ${child.status ?? child.signal}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[2] === ISOLATED) {
  runOne(process.argv[3] ?? '').catch((error: unknown) => {
    process.stdout.write(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
} else {
  main();
}
