/**
 * Related files at scale: the co-change index of a generated 10,000-commit history (modules
 * with their tests and docs, noise, modules moved into sub-packages), then 1,000 queries of one
 * to three files. The baseline, measured in the same run, answers the same queries the way a
 * plain implementation would: a scan over every commit counting what changed with the query.
 * Target: p99 ≤ 5 ms per query.
 */
import { join } from 'node:path';
import { RelatedFilesIndex } from '../src/core/cochange/relatedFilesIndex';
import { mulberry32 } from '../src/core/eval/libraryRetrieval';
import { streamCommits } from '../src/core/history/historyMiner';
import { listFilesAt } from '../src/core/history/repoTree';
import { generatedHistory } from './support/generatedHistory';

const COMMITS = 10_000;
const QUERIES = 1_000;
const WORK = join(import.meta.dirname ?? __dirname, '.work', `related-repo-${COMMITS}`);

export async function run(): Promise<void> {
  const repo = process.env.RELATED_BENCH_REPO || generatedHistory(WORK, COMMITS);
  const buildStarted = performance.now();
  const index = await RelatedFilesIndex.build(repo);
  const buildMs = performance.now() - buildStarted;
  const transactions: string[][] = [];
  for await (const commit of streamCommits(repo))
    if (commit.files.length > 1 && commit.files.length <= 30) transactions.push(commit.files.map((file) => file.path));
  const tree = await listFilesAt(repo, 'HEAD');
  const sources = tree.filter((path) => !path.startsWith('misc/'));
  const random = mulberry32(7);
  const queries = Array.from({ length: QUERIES }, () =>
    Array.from(
      { length: 1 + Math.floor(random() * 3) },
      () => sources[Math.floor(random() * sources.length)] as string,
    ),
  );

  for (const query of queries.slice(0, 50)) index.related(query, 10);
  // Interleaved, so a pause of the shared machine hits both sides alike.
  const [ours, baseline] = timeBoth(
    queries,
    (query) => index.related(query, 10).related.length,
    (query) => scan(transactions, query).length,
  );
  const line = (label: string, value: string): void => void process.stdout.write(`${label.padEnd(46)} ${value}\n`);
  line('history', `${index.commit.slice(0, 8)}, ${transactions.length} commits of 2–30 files`);
  line('index build (git log + lineage + imports + fit)', `${(buildMs / 1000).toFixed(1)} s`);
  line(
    'query median ours / scan baseline',
    `${ours.median.toFixed(3)} ms / ${baseline.median.toFixed(3)} ms   ` +
      `RATIO ${(ours.median / baseline.median).toFixed(2)}x`,
  );
  line(
    'query p99 ours / scan baseline',
    `${ours.p99.toFixed(3)} ms / ${baseline.p99.toFixed(3)} ms   RATIO ${(ours.p99 / baseline.p99).toFixed(2)}x`,
  );
  line('TARGET p99 <= 5 ms', ours.p99 <= 5 ? 'met' : 'MISSED');
}

interface Latency {
  median: number;
  p99: number;
}

function timeBoth(
  queries: readonly string[][],
  ours: (query: string[]) => number,
  baseline: (query: string[]) => number,
): [Latency, Latency] {
  const times: [number[], number[]] = [[], []];
  for (const query of queries) {
    [ours, baseline].forEach((answer, side) => {
      const started = performance.now();
      answer(query);
      times[side]?.push(performance.now() - started);
    });
  }
  return [latency(times[0]), latency(times[1])];
}

function latency(times: number[]): Latency {
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? 0, p99: times[Math.floor(times.length * 0.99)] ?? 0 };
}

/** The plain way: every commit that shares a file with the query votes for its other files. */
function scan(transactions: readonly string[][], query: readonly string[]): string[] {
  const wanted = new Set(query);
  const votes = new Map<string, number>();
  for (const files of transactions) {
    if (!files.some((file) => wanted.has(file))) continue;
    for (const file of files) if (!wanted.has(file)) votes.set(file, (votes.get(file) ?? 0) + 1);
  }
  return [...votes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([file]) => file);
}
