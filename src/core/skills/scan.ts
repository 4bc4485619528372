import { anyOf, composePattern } from '../util/patterns';
import {
  BENIGN_PATH_ARGUMENTS,
  ENV_DUMP,
  INVISIBLE,
  LINE_RULES,
  LINE_TRIGGER,
  NETWORK_SEND,
  type FindingSeverity,
  type LineRule,
  type ScanRuleId,
} from './scanRules';
import { scanEncodedHints } from './scanEncoded';
import { badExampleFollows, isCommentedOut, isDefensiveMention, isListedMention } from './scanMentions';
import { scanLinks } from './scanLinks';
import { scanSplitInjection } from './scanSplit';

const PROMPT_INJECTION = LINE_RULES.find((rule) => rule.id === 'prompt-injection') as LineRule;

export interface ScanFile {
  /** Relative to the skill folder, e.g. `SKILL.md` or `scripts/deploy.sh`. */
  path: string;
  text: string;
}

export interface ScanFinding {
  rule: ScanRuleId;
  severity: FindingSeverity;
  file: string;
  line: number;
  /** The offending text, shortened, with invisible characters spelled out as \u{…}. */
  excerpt: string;
}

/** Files past this size are scanned only up to it; a skill that large is suspicious anyway. */
const MAX_SCAN_CHARS = 2 * 1024 * 1024;
/** Regex windows: every rule is bounded, so scanning windows keeps total time linear. */
const WINDOW = 4000;
const WINDOW_STEP = 3000;
const MAX_CONTINUATION_LINES = 30;

/**
 * Blob thresholds. In prose, a run of base64 this long has no business in instructions; in code
 * blocks and scripts, fixtures and test vectors are normal, so only a run long enough to hide a
 * real program counts. Decoding a blob into a shell is caught by `decode-execute` at any length.
 */
const BASE64_PROSE = 120;
const BASE64_CODE = 600;
const HEX_PROSE = 200;
const HEX_CODE = 400;
const ESCAPED_BYTES = 32;
/** No blob fits in a shorter line. */
const MIN_BLOB_LINE = Math.min(BASE64_PROSE, HEX_PROSE, ESCAPED_BYTES * 4);
const FENCE = /^\s{0,3}(?:```|~~~)/;

/** Scans a skill's files for hostile content. Pure, never throws, linear in the input size. */
export function scanSkill(files: readonly ScanFile[]): ScanFinding[] {
  const findings: ScanFinding[] = [];
  const seen = new Set<string>();
  const add = (finding: ScanFinding): void => {
    const key = `${finding.rule}\u0000${finding.file}\u0000${finding.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(finding);
  };
  for (const file of files) {
    try {
      scanFile(file, add);
    } catch {
      add({
        rule: 'encoded-payload',
        severity: 'medium',
        file: file.path,
        line: 1,
        excerpt: 'file could not be scanned',
      });
    }
  }
  return findings;
}

/**
 * Per-line work is kept to a few comparisons: the rules run only on lines holding a trigger
 * word (found in one pass over the file), invisible characters are looked for line by line only
 * when the file holds one, and blobs only in lines long enough to hold one.
 */
function scanFile(file: ScanFile, add: (finding: ScanFinding) => void): void {
  const text = file.text.length > MAX_SCAN_CHARS ? file.text.slice(0, MAX_SCAN_CHARS) : file.text;
  const normalised = text.replace(/\r\n?/g, '\n');
  const lines = normalised.split('\n');
  const triggered = linesWithTrigger(normalised, lines);
  const mayHideCharacters = INVISIBLE.test(normalised.replace(/^\uFEFF/, ''));
  const markdown = /\.(?:md|markdown|mdx|txt)$/i.test(file.path);
  let inFence = false;
  let hasEnvDump = -1;
  let sendsToNetwork = false;
  let continuedUntil = -1;
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index] ?? '';
    const lineNo = index + 1;
    const invisible = mayHideCharacters ? INVISIBLE.exec(index === 0 ? raw.replace(/^\uFEFF/, '') : raw) : null;
    if (invisible)
      add({
        rule: 'invisible-characters',
        severity: 'high',
        file: file.path,
        line: lineNo,
        excerpt: excerptAround(raw, invisible.index),
      });
    if (markdown && (raw.includes('```') || raw.includes('~~~')) && FENCE.test(raw)) inFence = !inFence;

    // Lines already folded into an earlier continued command were matched as part of it.
    const continuation = index <= continuedUntil;
    let logical = raw;
    let joined = 0;
    while (
      !continuation &&
      logical.endsWith('\\') &&
      joined < MAX_CONTINUATION_LINES &&
      index + joined + 1 < lines.length
    ) {
      joined += 1;
      logical = `${logical.slice(0, -1)} ${lines[index + joined] ?? ''}`;
    }
    continuedUntil = Math.max(continuedUntil, index + joined);
    let mayMatch = false;
    for (let folded = index; !continuation && !mayMatch && folded <= index + joined; folded += 1)
      mayMatch = triggered[folded] === 1;
    for (
      let start = 0;
      mayMatch && (start === 0 || start < logical.length - (WINDOW - WINDOW_STEP));
      start += WINDOW_STEP
    ) {
      const window = logical.slice(start, start + WINDOW);
      for (const rule of LINE_RULES) {
        const hit = matchRule(rule, window);
        if (hit === undefined || (rule.allowDefensiveMention && badExampleFollows(lines, index))) continue;
        add({
          rule: rule.id,
          severity: rule.severity,
          file: file.path,
          line: lineNo,
          excerpt: excerptAround(window, hit),
        });
      }
      if (hasEnvDump < 0 && ENV_DUMP.test(window)) hasEnvDump = lineNo;
      if (!sendsToNetwork && NETWORK_SEND.test(window)) sendsToNetwork = true;
    }
    const blob =
      raw.length >= MIN_BLOB_LINE ? findBlob(raw, !markdown || inFence || /^(?: {4}|\t)/.test(raw)) : undefined;
    if (blob)
      add({
        rule: 'encoded-payload',
        severity: 'medium',
        file: file.path,
        line: lineNo,
        excerpt: `${blob.kind} run of ${blob.length} characters: ${raw.slice(blob.at, blob.at + 40)}…`,
      });
  }
  if (hasEnvDump > 0 && sendsToNetwork) {
    add({
      rule: 'exfiltration',
      severity: 'high',
      file: file.path,
      line: hasEnvDump,
      excerpt: shorten(lines[hasEnvDump - 1] ?? ''),
    });
  }
  if (markdown) scanHiddenMarkup(file.path, text, add);
  scanLinks(file.path, lines, markdown, add);
  scanEncodedHints(file.path, lines, add);
  if (markdown)
    scanSplitInjection(file.path, lines, triggered, (joined) => matchRule(PROMPT_INJECTION, joined) !== undefined, add);
}

/** 1 for each line holding a trigger word: one pass, at most one match per line. */
function linesWithTrigger(text: string, lines: readonly string[]): Uint8Array {
  const triggered = new Uint8Array(lines.length);
  LINE_TRIGGER.lastIndex = 0;
  let line = 0;
  /** Offset of the newline ending `line` (or of the text's end). */
  let lineEnd = (lines[0] ?? '').length;
  for (let match = LINE_TRIGGER.exec(text); match; match = LINE_TRIGGER.exec(text)) {
    while (match.index > lineEnd) {
      line += 1;
      lineEnd += 1 + (lines[line] ?? '').length;
    }
    triggered[line] = 1;
    // The rest of this line cannot add anything: go on from the next one.
    LINE_TRIGGER.lastIndex = lineEnd + 1;
  }
  return triggered;
}

function matchRule(rule: LineRule, window: string): number | undefined {
  const subject =
    rule.id === 'exfiltration' || rule.id === 'credential-access' ? window.replace(BENIGN_PATH_ARGUMENTS, ' ') : window;
  for (const pattern of rule.patterns) {
    const match = pattern.exec(subject);
    if (!match) continue;
    if (rule.allowDefensiveMention && isDefensiveMention(subject, match.index, match.index + match[0].length)) continue;
    if (
      rule.id === 'destructive-command' &&
      (isListedMention(subject, match.index, match.index + match[0].length) || isCommentedOut(subject, match.index))
    )
      continue;
    // A fetch-and-execute that names no host cannot run anything: it is a pattern being discussed.
    if (
      rule.id === 'fetch-execute' &&
      !CONCRETE_HOST.test(match[0]) &&
      isDefensiveMention(subject, match.index, match.index + match[0].length, true)
    )
      continue;
    return Math.min(match.index, window.length - 1);
  }
  return undefined;
}

const CONCRETE_HOST =
  /https?:\/\/|\b[a-z0-9-]{1,63}\.[a-z]{2,24}\b|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|\$\{?[A-Za-z_]/i;

interface Blob {
  kind: 'base64' | 'hex' | 'escaped-bytes';
  at: number;
  length: number;
}

/** One linear pass over the line, tracking the current base64-alphabet run. */
function findBlob(line: string, isCode: boolean): Blob | undefined {
  const base64Limit = isCode ? BASE64_CODE : BASE64_PROSE;
  const hexLimit = isCode ? HEX_CODE : HEX_PROSE;
  let runStart = 0;
  let allHex = true;
  let upper = false;
  let lower = false;
  let digit = false;
  const close = (end: number): Blob | undefined => {
    const length = end - runStart;
    if (allHex && length >= hexLimit) return { kind: 'hex', at: runStart, length };
    // A URL's path after its host (`owasp.org/www-project-…`) is words and slashes, not base64.
    const urlPath =
      (line.charAt(runStart - 1) === '.' || line.charAt(runStart - 1) === ':') &&
      line.slice(runStart, end).includes('/');
    if (!allHex && !urlPath && length >= base64Limit && upper && lower && digit)
      return { kind: 'base64', at: runStart, length };
    return undefined;
  };
  for (let index = 0; index <= line.length; index += 1) {
    const code = index < line.length ? line.charCodeAt(index) : -1;
    const isUpper = code >= 65 && code <= 90;
    const isLower = code >= 97 && code <= 122;
    const isDigit = code >= 48 && code <= 57;
    const inAlphabet =
      isUpper || isLower || isDigit || code === 43 || code === 47 || code === 61 || code === 95 || code === 45;
    if (inAlphabet) {
      if (index === runStart) {
        allHex = true;
        upper = lower = digit = false;
      }
      upper ||= isUpper;
      lower ||= isLower;
      digit ||= isDigit;
      if (!(isDigit || (code >= 97 && code <= 102) || (code >= 65 && code <= 70))) allHex = false;
      continue;
    }
    const blob = close(index);
    if (blob) return blob;
    runStart = index + 1;
  }
  const escaped = /(?:\\x[0-9a-fA-F]{2}){32}/.exec(line);
  if (escaped) return { kind: 'escaped-bytes', at: escaped.index, length: ESCAPED_BYTES * 4 };
  return undefined;
}

const AGENT_DIRECTIVE = composePattern(
  [
    String.raw`\b`,
    anyOf(['agents?|assistants?|ai|llms?|models?', 'claude|copilot|codex|gemini|cursor|you']),
    String.raw`\b[^\n]{0,80}\b`,
    anyOf(['must|should|always|never', 'run|execute|send|upload|include|append|read|fetch|ignore|download|install']),
    String.raw`\b`,
  ],
  'i',
);
const HIDDEN_ELEMENT = composePattern(
  [
    String.raw`<[a-z]{1,10}\b[^>\n]{0,200}`,
    anyOf([
      String.raw`display\s{0,3}:\s{0,3}none`,
      String.raw`visibility\s{0,3}:\s{0,3}hidden`,
      String.raw`font-size\s{0,3}:\s{0,3}0`,
      String.raw`\shidden(?:[\s>=])`,
    ]),
  ],
  'i',
);

/** Instructions addressed to the agent inside HTML comments or hidden elements, invisible in a preview. */
function scanHiddenMarkup(path: string, text: string, add: (finding: ScanFinding) => void): void {
  if (!text.includes('<')) return;
  let from = 0;
  // Line numbers are counted forward from the previous comment, not from the start each time.
  let counted = 0;
  let line = 1;
  while (from < text.length) {
    const open = text.indexOf('<!--', from);
    if (open === -1) break;
    const closeAt = text.indexOf('-->', open + 4);
    const end = closeAt === -1 ? Math.min(text.length, open + 5000) : closeAt;
    const body = text.slice(open + 4, Math.min(end, open + 5004));
    if (AGENT_DIRECTIVE.test(body)) {
      line += countNewlines(text, counted, open);
      counted = open;
      add({ rule: 'hidden-instructions', severity: 'high', file: path, line, excerpt: shorten(body) });
    }
    from = end + 3;
  }
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.includes('<') && HIDDEN_ELEMENT.test(line.slice(0, WINDOW)))
      add({ rule: 'hidden-instructions', severity: 'medium', file: path, line: index + 1, excerpt: shorten(line) });
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

function excerptAround(text: string, at: number): string {
  const start = Math.max(0, at - 40);
  return shorten(text.slice(start, start + 160));
}

function shorten(text: string): string {
  const visible = text
    .trim()
    .replace(
      /[\u200B-\u200F\u2060-\u206F\u202A-\u202E\u061C\u180E\uFEFF]|\uDB40[\uDC00-\uDDEF]/g,
      (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`,
    );
  return visible.length > 160 ? `${visible.slice(0, 159)}…` : visible;
}
