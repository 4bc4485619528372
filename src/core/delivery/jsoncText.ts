/**
 * Just enough JSON-with-comments handling to edit VS Code's mcp.json in place: comments are
 * blanked to spaces (so offsets still match the original text) and object members are located
 * by offset, so an edit replaces one value and leaves every comment and format choice alone.
 */
import { errorMessage } from '../util/errorMessage';

export class JsoncError extends Error {
  override readonly name = 'JsoncError';
}

/** The text with every // and /* comment replaced by spaces (newlines kept); throws on an unclosed comment. */
export function blankComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new JsoncError('unclosed /* comment');
      out += text.slice(i, end + 2).replace(/[^\n]/g, ' ');
      i = end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Parses JSON with comments and trailing commas; throws JsoncError when it is not that. */
export function parseJsonc(text: string): unknown {
  const blanked = blankComments(text);
  try {
    return JSON.parse(withoutTrailingCommas(blanked));
  } catch (error) {
    throw new JsoncError(errorMessage(error));
  }
}

export interface MemberRange {
  /** Offset of the key's opening quote. */
  keyStart: number;
  valueStart: number;
  /** Offset just past the value. */
  valueEnd: number;
}

export interface ObjectRange {
  /** Offset of `{`. */
  open: number;
  /** Offset of `}`. */
  close: number;
  members: Map<string, MemberRange>;
}

/** Members of the object whose `{` is at `open`, in blanked (comment-free) text. */
export function objectAt(blanked: string, open: number): ObjectRange {
  if (blanked[open] !== '{') throw new JsoncError(`expected an object at offset ${open}`);
  const members = new Map<string, MemberRange>();
  let i = skipSpace(blanked, open + 1);
  while (blanked[i] !== '}') {
    if (blanked[i] !== '"') throw new JsoncError(`expected a key at offset ${i}`);
    const keyEnd = stringEnd(blanked, i);
    const key = JSON.parse(blanked.slice(i, keyEnd)) as string;
    let j = skipSpace(blanked, keyEnd);
    if (blanked[j] !== ':') throw new JsoncError(`expected ':' at offset ${j}`);
    const valueStart = skipSpace(blanked, j + 1);
    const valueEnd = valueEndAt(blanked, valueStart);
    members.set(key, { keyStart: i, valueStart, valueEnd });
    j = skipSpace(blanked, valueEnd);
    if (blanked[j] === ',') j = skipSpace(blanked, j + 1);
    else if (blanked[j] !== '}') throw new JsoncError(`expected ',' or '}' at offset ${j}`);
    i = j;
  }
  return { open, close: i, members };
}

export function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

function valueEndAt(text: string, start: number): number {
  const ch = text[start];
  if (ch === '"') return stringEnd(text, start);
  if (ch === '{' || ch === '[') {
    let depth = 0;
    let i = start;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i = stringEnd(text, i);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new JsoncError('unbalanced brackets');
  }
  const match = /^[^,}\]\s]+/.exec(text.slice(start));
  if (!match) throw new JsoncError(`expected a value at offset ${start}`);
  return start + match[0].length;
}

function stringEnd(text: string, quote: number): number {
  let i = quote + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  throw new JsoncError('unterminated string');
}

function withoutTrailingCommas(blanked: string): string {
  let out = '';
  let i = 0;
  while (i < blanked.length) {
    const ch = blanked[i] as string;
    if (ch === '"') {
      const end = stringEnd(blanked, i);
      out += blanked.slice(i, end);
      i = end;
      continue;
    }
    if (ch === ',') {
      const next = blanked[skipSpace(blanked, i + 1)];
      if (next === '}' || next === ']') {
        i++;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}
