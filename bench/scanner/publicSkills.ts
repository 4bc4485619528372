/**
 * The scanner's false-positive rate on published skills: every SKILL.md at HEAD of a git
 * repository (a bare clone of a public collection) is scanned as a teammate's skill would be,
 * and the files with findings are counted by rule and listed for inspection.
 *
 *   node --import tsx bench/scanner/publicSkills.ts /path/to/collection.git [--show N] [--rule ID]
 */
import { execFileSync } from 'node:child_process';
import { scanSkill } from '../../src/core/skills/scan';

const [repo, ...rest] = process.argv.slice(2);
if (!repo) {
  process.stderr.write('usage: publicSkills.ts REPO [--show N] [--rule ID]\n');
  process.exit(2);
}
const at = (name: string): string | undefined => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
const show = Number(at('--show') ?? 30);
const onlyRule = at('--rule');

const git = (...args: string[]): string =>
  execFileSync('git', ['--git-dir', repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
const entries = git('ls-tree', '-r', 'HEAD')
  .split('\n')
  .map((line) => /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line))
  .filter((match): match is RegExpExecArray => match !== null && /(?:^|\/)SKILL\.md$/.test(match[2] ?? ''));

const byRule = new Map<string, number>();
const examples: string[] = [];
let flagged = 0;
let bytes = 0;
const started = performance.now();
// One `git cat-file --batch` for all blobs: a process per file would take minutes on a large collection.
const batch = execFileSync('git', ['--git-dir', repo, 'cat-file', '--batch'], {
  input: entries.map((entry) => entry[1]).join('\n') + '\n',
  maxBuffer: 2 ** 31 - 1,
});
const texts: string[] = [];
for (let offset = 0; offset < batch.length;) {
  const headerEnd = batch.indexOf(0x0a, offset);
  const size = Number(batch.subarray(offset, headerEnd).toString('latin1').split(' ')[2]);
  texts.push(batch.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
  offset = headerEnd + 1 + size + 1;
}
for (const [position, entry] of entries.entries()) {
  const text = texts[position] ?? '';
  bytes += text.length;
  const findings = scanSkill([{ path: 'SKILL.md', text }]).filter((finding) => !onlyRule || finding.rule === onlyRule);
  if (findings.length === 0) continue;
  flagged++;
  for (const rule of new Set(findings.map((finding) => finding.rule))) byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  for (const finding of findings)
    if (examples.length < show) examples.push(`${entry[2]}:${finding.line} ${finding.rule}: ${finding.excerpt}`);
}
const ms = performance.now() - started;
process.stdout.write(
  `${repo}: ${entries.length} SKILL.md files (${(bytes / 1e6).toFixed(1)} MB) scanned ` +
    `in ${(ms / 1000).toFixed(1)} s\n` +
    (`files with findings: ${flagged} (${((100 * flagged) / Math.max(1, entries.length)).toFixed(2)}%) — by rule ` +
      `(files): ${[...byRule].map(([rule, count]) => `${rule} ${count}`).join(', ') || 'none'}\n`) +
    examples.map((line) => `  ${line}`).join('\n') +
    '\n',
);
