/**
 * Runs every bench/*.bench.ts (or those whose names contain an argument) one after another.
 * Each benchmark prints its own figures as ratios against a baseline measured in the same run,
 * because wall-clock numbers on shared machines mean little on their own.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const dir = import.meta.dirname ?? __dirname;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
    .sort();
  let failed = 0;
  for (const file of files) {
    process.stdout.write(`\n## ${file}\n`);
    try {
      const module = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
      await module.run();
    } catch (error) {
      failed++;
      process.stdout.write(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
