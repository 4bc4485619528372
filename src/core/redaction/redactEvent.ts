import type { RecordedEvent } from '../model/events';
import { anyOf, composePattern } from '../util/patterns';
import { markRedacted, type Redacted } from './gate';
import { redactText } from './redactText';

/** Object keys whose string value is a secret whatever it looks like (tool inputs, env maps). */
const SECRET_KEY = composePattern(
  [
    anyOf([
      'password',
      'passwd',
      'passphrase',
      'secret',
      'token',
      'api[_-]?key',
      'access[_-]?key',
      'private[_-]?key',
      'credentials?',
      'authorization',
      'cookie',
    ]),
    '$',
  ],
  'i',
);
const KEY_PLACEHOLDER = /^(?:\$|<|\{\{|\[REDACTED|\*{3})/;
/** Tool inputs are arbitrary JSON; deeper nesting than this is cut rather than walked. */
const MAX_DEPTH = 24;
const IDENTITY_KEYS = new Set(['id', 'type', 'ts']);

/**
 * The event with every string in it redacted, including strings nested in a tool call's
 * `input`. Identity fields (id, type, ts) are left alone so de-duplication still works. The
 * input is never mutated; objects holding no secret are returned as they are (copy on write),
 * because this runs on every recorded event and most hold none.
 */
export function redactEvent<T extends RecordedEvent>(event: T): Redacted<T> {
  return markRedacted(redactObject(event as unknown as Record<string, unknown>, 0, IDENTITY_KEYS) as unknown as T);
}

/** Field names repeat on every event, so whether a name marks a secret is worked out once per name. */
const KEY_VERDICTS_MAX = 1024;
const keyVerdicts = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = SECRET_KEY.test(key);
    if (keyVerdicts.size >= KEY_VERDICTS_MAX) keyVerdicts.clear();
    keyVerdicts.set(key, verdict);
  }
  return verdict;
}

/** Redacts every string inside an arbitrary JSON-like value. */
export function redactValue(key: string, value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    if (value.length >= 6 && isSecretKey(key) && !KEY_PLACEHOLDER.test(value)) return '[REDACTED:secret-field]';
    return redactText(value);
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[TRUNCATED:depth]';
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const redacted = redactValue(key, item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[index] = redacted;
    }
    return copy ?? value;
  }
  return redactObject(value as Record<string, unknown>, depth, undefined);
}

function redactObject(
  value: Record<string, unknown>,
  depth: number,
  skipKeys: ReadonlySet<string> | undefined,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key) || skipKeys?.has(key)) continue;
    const child = value[key];
    const redacted = redactValue(key, child, depth + 1);
    if (redacted !== child) (copy ??= { ...value })[key] = redacted;
  }
  return copy ?? value;
}
