/**
 * History mining against `git log --numstat` alone, and the whole `learn` run, on a generated
 * repository of 6,000 commits (built once with git fast-import in bench/.work/history-repo).
 * Targets: mining ≤ 2× git's own time; learn end to end (history read in today's paths, every
 * distiller, the present-tense check) ≤ 3× git's own time.
 * Set HISTORY_BENCH_REPO=/path/to/clone to measure a real repository instead.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { mineHistory } from '../src/core/history/historyMiner';
import { LOG_ARGS } from '../src/core/history/logParser';
import { runLearn } from '../src/core/learn/learnPipeline';
import { openSqlJsDatabase } from '../src/core/store/sqlJsDatabase';
import { generatedHistory } from './support/generatedHistory';

const WORK = join(import.meta.dirname ?? __dirname, '.work', 'history-repo-6000');

export async function run(): Promise<void> {
  const repo = process.env.HISTORY_BENCH_REPO || generatedHistory(WORK, 6000);
  process.stdout.write(`repository: ${repo}\n`);
  const gitMs = await best(3, () => gitLogAlone(repo));
  let commits = 0;
  const mineMs = await best(3, async () => {
    commits = (await mineHistory({ repo })).commits.length;
  });
  let candidates = 0;
  // Best of three like the baseline, each into a fresh store so every run does the same work.
  const learnMs = await best(3, async () => {
    candidates = (await runLearn({ repo, db: await openSqlJsDatabase() })).candidates.length;
  });
  const line = (label: string, value: string): void => void process.stdout.write(`${label.padEnd(44)} ${value}\n`);
  line('commits mined', String(commits));
  line('git log --numstat -M alone (baseline)', `${gitMs.toFixed(0)} ms`);
  line('mineHistory (stream + parse + classify)', `${mineMs.toFixed(0)} ms`);
  line('RATIO mining / git log', `${(mineMs / gitMs).toFixed(2)}x   (target <= 2x)`);
  line('learn end to end', `${(learnMs / 1000).toFixed(1)} s, ${candidates} candidates`);
  line('RATIO learn / git log', `${(learnMs / gitMs).toFixed(2)}x   (target <= 3x)`);
}

async function best(times: number, fn: () => Promise<void>): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let index = 0; index < times; index++) {
    const started = performance.now();
    await fn();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

function gitLogAlone(repo: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotePath=false', 'log', ...LOG_ARGS, '-M', '--date-order', 'HEAD', '--'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git log exited ${code}`))));
  });
}
