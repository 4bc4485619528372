/**
 * Defensive readers for parsed JSON. Transcript formats change between agent versions, so every
 * field is checked for its type where it is used instead of trusting a declared shape.
 */
export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Parses JSON without throwing; undefined on any syntax error. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Epoch ms from an ISO string or a number (seconds or milliseconds); undefined when unusable. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string' && value) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Joins the text of content that may be a string, an array of {text} parts, or {value}. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join('\n');
  const record = asRecord(value);
  if (!record) return '';
  if (typeof record.text === 'string') return record.text;
  if (typeof record.value === 'string') return record.value;
  if (record.content !== undefined) return textOf(record.content);
  return '';
}

/** Trims notes and outputs to a size worth storing; the store caps again, this avoids giant events. */
export function clip(text: string, max = 4000): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.6);
  const tail = text.slice(text.length - (max - head));
  return `${text.slice(0, head)}\n…[${text.length - max} chars omitted]…\n${tail}`;
}
