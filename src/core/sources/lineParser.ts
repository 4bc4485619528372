import type { ParseResult } from './types';

/**
 * A stateful reader of one JSONL transcript, fed one complete line at a time. `parseLine` returns
 * undefined when the line was used (or deliberately ignored) and a skip reason otherwise; the
 * driver counts the reasons. Parsers of folded formats (Gemini, Copilot's mutation log) only
 * accumulate in parseLine and emit everything in finish().
 */
export interface LineParser {
  parseLine(text: string, offset: number, out: ParseResult): string | undefined;
  finish(out: ParseResult): void;
  /** Small facts (session id, cwd, model) to persist so a resumed tail keeps its context. */
  saveState(): Record<string, string>;
}

/**
 * parseLine for a format of one JSON object a line: blank lines are passed over, unparsable ones
 * skipped with their reason, and each object handed to parseRecord. A record that makes the
 * parser fail (JSON nested so deep that walking it overflows the stack) is skipped with its reason,
 * and the events it had begun to emit are taken back, so one line cannot end the file's import.
 */
export function parsingJsonLines(
  parseRecord: (line: Record<string, unknown>, offset: number, out: ParseResult) => string | undefined,
): LineParser['parseLine'] {
  return (text, offset, out) => {
    const parsed = parseJsonLine(text);
    if ('blank' in parsed) return undefined;
    if ('skip' in parsed) return parsed.skip;
    const emitted = out.events.length;
    try {
      return parseRecord(parsed.value, offset, out);
    } catch (error) {
      out.events.length = emitted;
      return failureReason(error);
    }
  };
}

/** Why reading a record failed, as a skip reason. */
export function failureReason(error: unknown): string {
  return error instanceof RangeError ? 'too-deeply-nested' : 'parse-error';
}

/** Parses a line and classifies failures: an invalid line vs one that is a JSON non-object. */
export function parseJsonLine(text: string): { value: Record<string, unknown> } | { skip: string } | { blank: true } {
  const trimmed = text.trim();
  if (!trimmed) return { blank: true };
  let value: unknown;
  try {
    value = JSON.parse(trimmed) as unknown;
  } catch {
    return { skip: 'invalid-json' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { skip: 'not-an-object' };
  return { value: value as Record<string, unknown> };
}
