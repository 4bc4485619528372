import { stripVTControlCharacters } from 'node:util';

const ERROR_LINE =
  /\b(error|failed|failure|fatal|exception|cannot|can't|not found|denied|refused|panic|traceback|err!)\b/i;
const RUNNERS = new Set([
  'npx',
  'pnpm',
  'yarn',
  'npm',
  'bunx',
  'bun',
  'uv',
  'poetry',
  'pipenv',
  'sudo',
  'env',
  'exec',
  'run',
  'time',
]);

/**
 * A stable key for "the same failure": the command's program and subcommand plus its first
 * error line with paths, numbers, hashes and quoted values masked, so two runs that differ only
 * in a temp path, a line number or a timestamp share a signature.
 */
export function errorSignature(commandLine: string, output: string): string {
  return `${commandHead(commandLine)} :: ${normaliseErrorText(firstErrorLine(output))}`;
}

/** `FOO=1 npx vitest run src/a.test.ts` → `vitest run`. */
export function commandHead(commandLine: string): string {
  const words = commandLine
    .trim()
    .split(/\s+/)
    .filter((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
  const head: string[] = [];
  for (const word of words) {
    if (head.length === 0 && RUNNERS.has(word)) continue;
    if (word.startsWith('-') || /[/\\.]/.test(word) || word === '&&' || word === '|' || word === ';') break;
    head.push(word.toLowerCase());
    if (head.length === 2) break;
  }
  return head.join(' ') || commandLine.trim().split(/\s+/)[0] || '';
}

export function firstErrorLine(output: string): string {
  const lines = stripVTControlCharacters(output)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.find((line) => ERROR_LINE.test(line)) ?? lines[lines.length - 1] ?? '';
}

export function normaliseErrorText(text: string): string {
  return text
    .toLowerCase()
    .replace(/(["'`])(?:(?!\1).)*\1/g, '<str>')
    .replace(/(?:[a-z]:)?(?:[\w.@~-]*[/\\])+[\w.@-]*/g, '<path>')
    .replace(/\b[0-9a-f]{7,}\b/g, '<hex>')
    .replace(/\d+(?:\.\d+)*/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
}
