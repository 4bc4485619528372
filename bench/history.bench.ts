/**
 * History mining against `git log --numstat` alone, and the whole `learn` run, on a generated
 * repository of 6,000 commits (built once with git fast-import in bench/.work/history-repo).
 * Targets: mining ≤ 2× git's own time; learn end to end ≤ 60 s.
 * Set HISTORY_BENCH_REPO=/path/to/clone to measure a real repository instead.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mineHistory } from '../src/core/history/historyMiner';
import { LOG_FORMAT } from '../src/core/history/logParser';
import { runLearn } from '../src/core/learn/learnPipeline';
import { openSqlJsDatabase } from '../src/core/store/sqlJsDatabase';

const COMMITS = 6000;
const WORK = join(import.meta.dirname ?? __dirname, '.work', 'history-repo');

export async function run(): Promise<void> {
  const repo = process.env.HISTORY_BENCH_REPO || ensureRepo();
  process.stdout.write(`repository: ${repo}\n`);
  const gitMs = await best(3, () => gitLogAlone(repo));
  let commits = 0;
  const mineMs = await best(3, async () => {
    commits = (await mineHistory({ repo })).commits.length;
  });
  const db = await openSqlJsDatabase();
  let candidates = 0;
  const learnMs = await best(1, async () => {
    candidates = (await runLearn({ repo, db })).candidates.length;
  });
  const line = (label: string, value: string): void => void process.stdout.write(`${label.padEnd(44)} ${value}\n`);
  line('commits mined', String(commits));
  line('git log --numstat -M alone (baseline)', `${gitMs.toFixed(0)} ms`);
  line('mineHistory (stream + parse + classify)', `${mineMs.toFixed(0)} ms`);
  line('RATIO mining / git log', `${(mineMs / gitMs).toFixed(2)}x   (target <= 2x)`);
  line('learn end to end', `${(learnMs / 1000).toFixed(1)} s, ${candidates} candidates   (target <= 60 s)`);
  line('RATIO learn / git log', `${(learnMs / gitMs).toFixed(2)}x`);
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
    const child = spawn('git', ['-c', 'core.quotePath=false', 'log', '--numstat', '-M', LOG_FORMAT, '--date-order', 'HEAD', '--'], { cwd: repo, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git log exited ${code}`))));
  });
}

/** A repo with subsystems whose tests and docs co-change, plus noise, via one fast-import stream. */
function ensureRepo(): string {
  if (existsSync(join(WORK, 'HEAD')) || existsSync(join(WORK, '.git'))) return WORK;
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', WORK]);
  let state = 12345;
  const random = (n: number): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  const areas = Array.from({ length: 24 }, (_, n) => `area${n}`);
  const types = ['feat', 'fix', 'chore', 'refactor', 'docs', 'test'];
  const parts: string[] = [];
  for (let index = 1; index <= COMMITS; index++) {
    const area = areas[random(areas.length)] as string;
    const module = `m${random(8)}`;
    const files = new Map<string, string>();
    files.set(`src/${area}/${module}.ts`, `export const v = ${index};\n`);
    if (random(10) < 8) files.set(`test/${area}/${module}.test.ts`, `// ${index}\n`);
    if (random(10) < 3) files.set(`docs/${area}.md`, `rev ${index}\n`);
    for (let noise = random(3); noise > 0; noise--) files.set(`misc/n${random(200)}.txt`, `${index}\n`);
    const message = `${types[random(types.length)]}(${area}): change ${module} ${index}`;
    parts.push(`commit refs/heads/main\nmark :${index}\ncommitter Bench <bench@example.com> ${1_600_000_000 + index * 3600} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`);
    if (index > 1) parts.push(`from :${index - 1}\n`);
    for (const [path, content] of files) parts.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    parts.push('\n');
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: WORK, input: parts.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: WORK });
  return WORK;
}
