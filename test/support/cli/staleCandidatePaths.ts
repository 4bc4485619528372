/**
 * Which paths that `skillwright learn --json` candidates name are absent from the repository at
 * HEAD: scope entries (a glob must match some file), file evidence, and every backticked span in a
 * description or body that looks like a repository path. Written apart from the product's own
 * present-tense gate, with a cruder reading of the text, so it checks that gate rather than
 * repeating it.
 *
 *   node --import tsx test/support/cli/staleCandidatePaths.ts <repo> <learn.json>
 *
 * prints one line per stale path and exits 1 when there is any.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import picomatch from 'picomatch';
import { composePattern } from '../../../src/core/util/patterns';

export interface LearnJsonCandidate {
  name: string;
  description: string;
  body: string;
  scope: string[];
  evidence: Array<{ kind: string; ref: string }>;
}

export interface StalePath {
  candidate: string;
  path: string;
  where: 'scope' | 'evidence' | 'text';
}

export function treeAtHead(repo: string): string[] {
  return execFileSync('git', ['-c', 'core.quotePath=false', 'ls-tree', '-r', '--name-only', 'HEAD'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  })
    .split('\n')
    .filter(Boolean);
}

export function staleCandidatePaths(candidates: readonly LearnJsonCandidate[], tree: readonly string[]): StalePath[] {
  const files = new Set(tree);
  const folders = new Set<string>();
  for (const file of tree)
    for (let at = file.indexOf('/'); at > 0; at = file.indexOf('/', at + 1)) folders.add(file.slice(0, at));
  const names = new Set([...files, ...folders].map((path) => path.slice(path.lastIndexOf('/') + 1)));
  // A bare name (`util.js`, `tests/`) is a file or folder name, found anywhere in the tree.
  const exists = (path: string): boolean => {
    const trimmed = path.replace(/\/+$/, '');
    if (files.has(trimmed) || folders.has(trimmed)) return true;
    if (trimmed.includes('/')) return false;
    // `_test.go` names a suffix that test files share.
    return names.has(trimmed) || (/^[_-]/.test(trimmed) && [...names].some((name) => name.endsWith(trimmed)));
  };
  const stale: StalePath[] = [];
  for (const candidate of candidates) {
    for (const glob of candidate.scope) {
      const isGlob = /[*?{}[\]]/.test(glob);
      const matches = picomatch(glob, { dot: true });
      if (isGlob ? !tree.some((file) => matches(file)) : glob !== '**' && !exists(glob))
        stale.push({ candidate: candidate.name, path: glob, where: 'scope' });
    }
    for (const item of candidate.evidence)
      if (item.kind === 'file' && !exists(item.ref.replace(/\/\*$/, '')))
        stale.push({ candidate: candidate.name, path: item.ref, where: 'evidence' });
    for (const span of `${candidate.description}\n${candidate.body}`.matchAll(/`([^`\n]+)`/g)) {
      const text = (span[1] ?? '').trim().replace(/\/\*+$/, '');
      if (!looksLikePath(text)) continue;
      if (!exists(text)) stale.push({ candidate: candidate.name, path: text, where: 'text' });
    }
  }
  return stale;
}

/** Extensions common enough that a bare file name ending in one is taken for a repository path. */
const EXTENSIONS = [
  ...['md', 'mdx', 'rst', 'txt', 'json', 'jsonc', 'ya?ml', 'toml', 'ini', 'cfg', 'lock'],
  ...['[cm]?[jt]sx?', 'py', 'pyi', 'go', 'rs', 'java', 'kt', 'kts', 'scala', 'rb', 'php', 'cs', 'swift'],
  ...['c', 'cc', 'cpp', 'h', 'hpp', 'sh', 'bash', 'zsh', 'ps1'],
  ...['html?', 'css', 'scss', 'less', 'vue', 'svelte', 'xml', 'gradle', 'properties', 'sql', 'proto'],
  ...['ex', 'exs', 'dart', 'gitignore', 'editorconfig'],
];
const FILE_EXTENSIONS = composePattern([String.raw`\.(`, EXTENSIONS.join('|'), ')$'], 'i');

/**
 * A repository path: no spaces or placeholders; with a slash, or a bare file name with a common
 * extension (so `logger.debug` or a version number is not taken for a file).
 */
function looksLikePath(text: string): boolean {
  if (!text || /\s|[<>$=(){}'",;]|:\/\/|^-|^\/|^\.{1,2}\/|\.\.|\*/.test(text)) return false;
  if (/^[0-9a-f]{7,40}$/.test(text) || /^v?\d+(\.\d+)+$/.test(text) || /^\.[A-Za-z0-9]+$/.test(text)) return false;
  if (text.includes('/')) return /^[\w@.+-]+(\/[\w@.+-]+)*\/?$/.test(text);
  return /^\.?[\w@+-][\w@.+-]*$/.test(text) && FILE_EXTENSIONS.test(text);
}

if (process.argv[1]?.endsWith('staleCandidatePaths.ts')) {
  const [repo, jsonFile] = process.argv.slice(2);
  if (!repo || !jsonFile) {
    process.stderr.write('usage: staleCandidatePaths.ts <repo> <learn.json>\n');
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { candidates: LearnJsonCandidate[] };
  const stale = staleCandidatePaths(report.candidates, treeAtHead(repo));
  for (const item of stale) process.stdout.write(`${item.candidate}\t${item.where}\t${item.path}\n`);
  process.stdout.write(`${report.candidates.length} candidates, ${stale.length} stale path(s)\n`);
  process.exit(stale.length > 0 ? 1 : 0);
}
