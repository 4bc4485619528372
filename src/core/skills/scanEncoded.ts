import { anyOf, composePattern } from '../util/patterns';
import type { ScanFinding } from './scan';

/**
 * Short encoded text next to a hint to decode it: `echo aWdub3JlIHRoZSB1c2Vy | base64 -d`, "decode
 * this: …". Too short for the long-blob rule, and not piped into a shell, yet it hides words from
 * a reader. A blob counts when it decodes to readable text with a space or a shell character in
 * it: a decoded JWT header, a hash or an image is not prose and stays unflagged.
 */
const DECODE_HINT =
  /\b(?:base64|b64decode|b64|atob|decode[ds]?|decoding|frombase64string|unhex|fromhex|xxd\s{1,5}-r|rot13|hex)\b/i;
const BASE64_RUN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{12,400}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_RUN = /(?<![A-Za-z0-9])(?:(?:\\x|0x)?[0-9a-fA-F]{2}){8,200}(?![A-Za-z0-9])/g;
/** What hidden text is for: a command or an order. "hello world" decoded in a tutorial is neither. */
const INSTRUCTION = composePattern(
  [
    // A shell character, or a word of an order, a command or a secret.
    '[|;&$`<>()]',
    String.raw`|\b`,
    anyOf([
      'ignore|disregard|forget',
      'run|execute|exec|eval|curl|wget|rm|del|send|upload|post|delete|install|download',
      'bash|sh|powershell|cat|chmod',
      'password|token|secret|key|ssh',
      'system|prompt|instructions?',
    ]),
    String.raw`\b`,
  ],
  'i',
);
/** Long runs are the long-blob rule's. */
const MAX_RUN = 400;

export function scanEncodedHints(path: string, lines: readonly string[], add: (finding: ScanFinding) => void): void {
  for (const [index, line] of lines.entries()) {
    if (line.length < 14 || !DECODE_HINT.test(line)) continue;
    const decoded = firstHiddenText(line.slice(0, 4000));
    if (decoded)
      add({
        rule: 'encoded-payload',
        severity: 'medium',
        file: path,
        line: index + 1,
        excerpt: `encoded text next to a decode hint reads: "${decoded.slice(0, 80)}"`,
      });
  }
}

function firstHiddenText(line: string): string | undefined {
  for (const match of line.matchAll(BASE64_RUN)) {
    const run = match[0];
    if (run.length > MAX_RUN || run.length % 4 === 1) continue;
    const text = readable(Buffer.from(run, 'base64'));
    if (text) return text;
  }
  for (const match of line.matchAll(HEX_RUN)) {
    const hex = match[0].replace(/\\x|0x/g, '');
    const text = readable(Buffer.from(hex, 'hex'));
    if (text) return text;
  }
  return undefined;
}

/** The bytes as text when nearly all are printable ASCII and they read like words or a command. */
function readable(bytes: Buffer): string | undefined {
  if (bytes.length < 8) return undefined;
  let printable = 0;
  for (const byte of bytes) if ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x09) printable++;
  if (printable / bytes.length < 0.95) return undefined;
  const text = bytes.toString('latin1');
  return /[a-z]{2,}[\s|;&$`][^\s]/i.test(text) && INSTRUCTION.test(text) ? text.replace(/\s+/g, ' ') : undefined;
}
