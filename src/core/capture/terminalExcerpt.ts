/**
 * Turns raw terminal output (escape sequences, CRLF, progress-bar redraws) into a small, readable
 * excerpt that keeps the head (what ran) and the tail (how it ended, where errors usually are).
 */
import { stripVTControlCharacters } from 'node:util';

export const DEFAULT_OUTPUT_CAP_BYTES = 4096;

export interface TerminalExcerpt {
  output: string;
  truncated: boolean;
}

// Control characters other than newline, tab and carriage return that survive escape stripping,
// and trailing blanks, removed in one pass.
const STRAY_CONTROLS_AND_TRAILING_BLANKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]+|[ \t]+(?=\n|$)/g;

/** Strips escapes, resolves carriage-return redraws and caps the text at capBytes (UTF-8). */
export function terminalExcerpt(raw: string, capBytes = DEFAULT_OUTPUT_CAP_BYTES): TerminalExcerpt {
  const clean = normaliseTerminalText(raw);
  return capHeadTail(clean, capBytes);
}

export function normaliseTerminalText(raw: string): string {
  // C1 CSI (0x9B) is rare; Node's own stripper handles it and anything else exotic.
  let text = stripEscapes(raw);
  if (text.includes('\u009B')) text = stripVTControlCharacters(text);
  if (text.includes('\r')) {
    // A bare \r means the program redrew the line (progress bars); what stays on screen is the last draw.
    text = text
      .replace(/\r+\n/g, '\n')
      .split('\n')
      .map((line) => resolveRedraws(line))
      .join('\n');
  }
  return text
    .replace(STRAY_CONTROLS_AND_TRAILING_BLANKS, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * One pass over the text removing ESC sequences: CSI (colours, cursor moves), OSC (titles, VS
 * Code's 633 and FinalTerm's 133 shell-integration marks, whose free text regex strippers miss),
 * DCS/APC/PM/SOS strings, and two- or three-byte escapes. Hand-written because it runs on every
 * terminal execution and a single scan is several times cheaper than the general regex.
 */
export function stripEscapes(raw: string): string {
  let esc = raw.indexOf('\u001B');
  if (esc < 0) return raw;
  let out = '';
  let from = 0;
  const length = raw.length;
  while (esc >= 0) {
    out += raw.slice(from, esc);
    let i = esc + 1;
    const kind = raw.charCodeAt(i);
    if (kind === 0x5b /* [ */) {
      i++;
      while (i < length) {
        const code = raw.charCodeAt(i++);
        if (code >= 0x40 && code <= 0x7e) break;
      }
    } else if (
      kind === 0x5d /* ] */ ||
      kind === 0x50 /* P */ ||
      kind === 0x5f /* _ */ ||
      kind === 0x5e /* ^ */ ||
      kind === 0x58 /* X */
    ) {
      i++;
      while (i < length) {
        const code = raw.charCodeAt(i);
        if (code === 0x07) {
          i++;
          break;
        }
        if (code === 0x1b && raw.charCodeAt(i + 1) === 0x5c /* \ */) {
          i += 2;
          break;
        }
        if (code === 0x1b) break;
        i++;
      }
    } else if (kind === 0x28 || kind === 0x29 || kind === 0x23 || kind === 0x25 /* ( ) # % */) {
      i += 2;
    } else if (i < length) {
      i++;
    }
    from = Math.min(i, length);
    esc = raw.indexOf('\u001B', from);
  }
  return out + raw.slice(from);
}

function resolveRedraws(line: string): string {
  if (!line.includes('\r')) return line;
  const draws = line.split('\r');
  for (let i = draws.length - 1; i >= 0; i--) {
    const draw = draws[i];
    if (draw !== undefined && draw.trim() !== '') return draw;
  }
  return '';
}

/** Keeps about a third of the budget from the head and the rest from the tail, cut at line ends. */
export function capHeadTail(text: string, capBytes: number): TerminalExcerpt {
  // Each UTF-16 unit is at most 3 UTF-8 bytes, so short text needs no measuring.
  if (text.length * 3 <= capBytes || Buffer.byteLength(text, 'utf8') <= capBytes)
    return { output: text, truncated: false };
  const bytes = Buffer.from(text, 'utf8');
  const markerReserve = 64;
  const budget = Math.max(0, capBytes - markerReserve);
  const headBudget = Math.floor(budget / 3);
  const tailBudget = budget - headBudget;
  let head = decodeWhole(bytes.subarray(0, headBudget));
  let tail = decodeWhole(bytes.subarray(bytes.length - tailBudget), true);
  const headCut = head.lastIndexOf('\n');
  if (headCut > head.length / 2) head = head.slice(0, headCut);
  const tailCut = tail.indexOf('\n');
  if (tailCut >= 0 && tailCut < tail.length / 2) tail = tail.slice(tailCut + 1);
  const headBytes = Buffer.byteLength(head, 'utf8');
  const tailBytes = Buffer.byteLength(tail, 'utf8');
  const middle = bytes.subarray(headBytes, bytes.length - tailBytes).toString('utf8');
  const cutLines = countNewlines(middle);
  const marker = `\n… [${bytes.length - headBytes - tailBytes} bytes, ${cutLines} lines cut] …\n`;
  return { output: `${head}${marker}${tail}`, truncated: true };
}

/** Decodes bytes cut at an arbitrary offset, dropping the partial character at the cut. */
function decodeWhole(slice: Uint8Array, cutAtStart = false): string {
  const text = Buffer.from(slice).toString('utf8');
  return cutAtStart ? text.replace(/^\uFFFD+/, '') : text.replace(/\uFFFD+$/, '');
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
