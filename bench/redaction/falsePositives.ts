/**
 * How often redaction fires on a real history that holds no secrets: every commit message and
 * diff of `git log -p` goes through redactText, and each redacted span is counted by kind and
 * printed for inspection. The denominator for the entropy detector is the number of random-
 * looking tokens (hashes, UUIDs, integrity strings, fixtures) it had to judge.
 *
 *   node --import tsx bench/redaction/falsePositives.ts /path/to/repo[.git] [--max-commits N] [--show N]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomLookingTokens } from '../../src/core/redaction/entropySecrets';
import { redactText } from '../../src/core/redaction/redactText';

const [repo, ...rest] = process.argv.slice(2);
if (!repo) {
  process.stderr.write('usage: falsePositives.ts REPO [--max-commits N] [--show N]\n');
  process.exit(2);
}
const option = (name: string, fallback: number): number => {
  const at = rest.indexOf(name);
  return at >= 0 ? Number(rest[at + 1]) : fallback;
};
const maxCommits = option('--max-commits', Number.POSITIVE_INFINITY);
const show = option('--show', 40);

const MARKER = /\[REDACTED:([a-z0-9-]+)\]/g;
const byKind = new Map<string, number>();
const examples: string[] = [];
let commits = 0;
let lines = 0;
let bytes = 0;
let judged = 0;
let chunk: string[] = [];

function judge(): void {
  if (chunk.length === 0) return;
  const text = chunk.join('\n');
  chunk = [];
  commits++;
  bytes += text.length;
  judged += randomLookingTokens(text);
  const redacted = redactText(text);
  if (redacted === text) return;
  for (const match of redacted.matchAll(MARKER))
    byKind.set(match[1] as string, (byKind.get(match[1] as string) ?? 0) + 1);
  // Shown line by line, as the original text, so each hit can be judged.
  for (const line of text.split('\n')) {
    if (examples.length >= show) break;
    const kinds = [...redactText(line).matchAll(MARKER)].map((match) => match[1]);
    if (kinds.length > 0) examples.push(`${kinds.join(',')}: ${line.trim().slice(0, 200)}`);
  }
}

async function main(): Promise<void> {
  const gitDirArgs = repo!.endsWith('.git') || !repo!.includes('/.git') ? ['--git-dir', repo!] : ['-C', repo!];
  const git = spawn('git', [...gitDirArgs, 'log', '-p', '--no-color', '--no-ext-diff', '--format=commit %H%n%B'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reader = createInterface({ input: git.stdout, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of reader) {
    if (/^commit [0-9a-f]{40}$/.test(line)) {
      judge();
      if (commits >= maxCommits) break;
    }
    lines++;
    chunk.push(line);
  }
  judge();
  git.kill();
  const hits = [...byKind.values()].reduce((sum, count) => sum + count, 0);
  const entropyHits = byKind.get('high-entropy') ?? 0;
  process.stdout.write(
    `${repo}: ${commits} commits, ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB of log -p\n` +
      `redactions: ${hits} (${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none'})\n` +
      (`entropy detector: ${entropyHits} of ${judged} random-looking tokens redacted ` +
        `(${judged ? ((100 * entropyHits) / judged).toFixed(3) : '0'}%), `) +
      `${((1e6 * entropyHits) / Math.max(1, bytes)).toFixed(2)} per MB, in ${commits} commits\n` +
      examples.map((line) => `  ${line}`).join('\n') +
      '\n',
  );
}

void main();
