import type { FileExcerpt } from '../history/repoTree';
import { redactText } from '../redaction/redactText';
import type { SourceLanguage } from './importStatements';

/** One line of a file, with its 1-based number in the whole file. */
export interface SourceLine {
  line: number;
  text: string;
}

/** The excerpt's lines with their real line numbers (the tail's start where it was cut). */
export function excerptLines(excerpt: FileExcerpt): SourceLine[] {
  const lines = excerpt.head
    .replace(/\n$/, '')
    .split('\n')
    .map((text, index) => ({ line: index + 1, text }));
  if (excerpt.tail !== undefined && excerpt.tailLine !== undefined) {
    const first = excerpt.tailLine;
    lines.push(
      ...excerpt.tail
        .replace(/\n$/, '')
        .split('\n')
        .map((text, index) => ({ line: first + index, text })),
    );
  }
  return lines;
}

/** Head and tail as one text, for counting; a blank line keeps a construct from spanning the cut. */
export function excerptText(excerpt: FileExcerpt): string {
  return excerpt.tail === undefined ? excerpt.head : `${excerpt.head}\n\n${excerpt.tail}`;
}

/** The first line (at or after `from`) that matches. */
export function findLine(lines: readonly SourceLine[], pattern: RegExp, from = 0): number {
  for (let index = from; index < lines.length; index++) if (pattern.test(lines[index]?.text ?? '')) return index;
  return -1;
}

/**
 * The block that starts at `lines[start]` (a test function, an `if` with its body), dedented and
 * redacted, or undefined when it is longer than `maxLines` or runs into the cut between head and
 * tail: examples should be short and whole. Braces close blocks in C-like languages, indentation
 * in Python.
 */
export function blockAt(
  lines: readonly SourceLine[],
  start: number,
  language: SourceLanguage,
  maxLines = 12,
): string[] | undefined {
  const first = lines[start];
  if (!first) return undefined;
  const block: SourceLine[] = [first];
  if (language === 'python') {
    const indent = indentOf(first.text);
    let index = start + 1;
    // Decorators share the indentation of the function they decorate.
    for (; lastOf(block).text.trimStart().startsWith('@') && index < lines.length; index++)
      block.push(lines[index] as SourceLine);
    // The lines always end where the file ends (an excerpt keeps the tail), so running out closes the block too.
    let closed = index >= lines.length;
    for (; index < lines.length && block.length <= maxLines; index++) {
      const line = lines[index] as SourceLine;
      if (line.line !== lastOf(block).line + 1) return undefined;
      if (line.text.trim() !== '' && indentOf(line.text) <= indent && !/^\s*[)\]}]/.test(line.text)) {
        closed = true;
        break;
      }
      block.push(line);
      closed = index === lines.length - 1;
    }
    while (block.length > 1 && lastOf(block).text.trim() === '') block.pop();
    if (!closed || block.length > maxLines || block.length < 2) return undefined;
  } else {
    let [opens, closes] = braces(first.text);
    for (let index = start + 1; index < lines.length && (opens === 0 || opens > closes); index++) {
      const line = lines[index] as SourceLine;
      if (line.line !== lastOf(block).line + 1 || block.length >= maxLines) return undefined;
      block.push(line);
      const [open, close] = braces(line.text);
      opens += open;
      closes += close;
    }
    if (opens === 0 || opens > closes) return undefined;
  }
  // Redacted as one text, so a secret spanning lines (a PEM block) is still found.
  return dedent(redactText(block.map((line) => line.text).join('\n')).split('\n'));
}

function lastOf(block: readonly SourceLine[]): SourceLine {
  return block[block.length - 1] as SourceLine;
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/** Opening and closing braces of a line, leaving out those inside simple string literals. */
function braces(text: string): [number, number] {
  const code = text.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""');
  return [code.match(/\{/g)?.length ?? 0, code.match(/\}/g)?.length ?? 0];
}

function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map(indentOf);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common).replace(/\s+$/, ''));
}
