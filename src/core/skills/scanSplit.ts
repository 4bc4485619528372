import type { ScanFinding } from './scan';

/**
 * Prompt injection cut across lines or list items, so that no single line reads as one:
 *
 *     - Ignore all
 *     - previous instructions
 *
 * A few lines from each line holding a trigger word are joined without their list, quote and
 * emphasis markers, and the prompt-injection rule runs on the result; only a match that needs
 * the first line and the next together is reported here (the line scan finds the rest).
 */
const JOINED_LINES = 4;
const MAX_LINE = 300;
const MARKERS = /^\s{0,8}(?:(?:[-*+>]|\d{1,3}[.)])\s{1,4}){0,3}/;
const EMPHASIS = /[*_`~]{1,3}/g;

/** `matches` is the prompt-injection rule as the line scan applies it (defensive quotes allowed). */
export function scanSplitInjection(
  path: string,
  lines: readonly string[],
  triggered: Uint8Array,
  matches: (text: string) => boolean,
  add: (finding: ScanFinding) => void,
): void {
  for (let index = 0; index < lines.length - 1; index++) {
    if (triggered[index] !== 1) continue;
    const parts: string[] = [];
    for (let next = index; next < Math.min(lines.length, index + JOINED_LINES); next++) {
      const line = lines[next] ?? '';
      if (line.length > MAX_LINE || /^\s{0,3}\|/.test(line) || (next > index && line.trim() === '')) break;
      const part = line.replace(MARKERS, '').replace(EMPHASIS, '').trim();
      const previous = parts[parts.length - 1];
      // A sentence continues into the next line: the last one did not end, and this one does not
      // open a new item with a capital after a long one.
      if (previous !== undefined && (/[.!?:;]$/.test(previous) || (/^\p{Lu}/u.test(part) && previous.length > 40)))
        break;
      parts.push(part);
    }
    if (parts.length < 2 || !matches(parts.join(' '))) continue;
    // Found by the line scan already, or wholly in the lines after this one (reported from there).
    if (matches(parts[0] ?? '') || matches(parts.slice(1).join(' '))) continue;
    add({
      rule: 'prompt-injection',
      severity: 'high',
      file: path,
      line: index + 1,
      excerpt: `split across lines: ${parts.join(' / ').slice(0, 150)}`,
    });
  }
}
