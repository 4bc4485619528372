import { errorMessage } from '../util/errorMessage';
/**
 * Finds the JSON value in a model's answer: the whole text, a ```json fence, or the first balanced
 * object or array in prose. Returns a reason instead of throwing.
 */
export type ExtractResult = { ok: true; value: unknown } | { ok: false; reason: string };

const FENCE = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)```/g;

export function extractJson(text: string): ExtractResult {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'empty answer' };
  const direct = tryParse(trimmed);
  if (direct.ok) return direct;
  for (const match of trimmed.matchAll(FENCE)) {
    const fenced = tryParse((match[1] ?? '').trim());
    if (fenced.ok) return fenced;
  }
  const balanced = firstBalanced(trimmed);
  if (balanced !== undefined) {
    const parsed = tryParse(balanced);
    if (parsed.ok) return parsed;
  }
  return { ok: false, reason: `answer is not JSON (${direct.reason})` };
}

function tryParse(text: string): ExtractResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

/** The first `{…}` or `[…]` whose brackets balance, skipping brackets inside strings. */
function firstBalanced(text: string): string | undefined {
  const start = text.search(/[{[]/);
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}
