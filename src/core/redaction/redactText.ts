import { SECRET_PATTERNS, type SecretPattern } from './secretPatterns';

const ALWAYS = SECRET_PATTERNS.filter((pattern) => pattern.probe === undefined);
interface GatedPattern {
  pattern: SecretPattern;
  probe: string;
  expression: RegExp;
}
const gate = (pattern: SecretPattern): GatedPattern => ({
  pattern,
  probe: pattern.probe as string,
  expression: new RegExp(pattern.source, 'g'),
});
/** Patterns that must see the text before any other pattern has replaced part of it. */
const FIRST = SECRET_PATTERNS.filter((pattern) => pattern.probe !== undefined && pattern.first === true).map(gate);
const GATED = SECRET_PATTERNS.filter((pattern) => pattern.probe !== undefined && pattern.first !== true).map(gate);

/**
 * One expression made of every ungated pattern, each as an outer capture group, so a text is
 * scanned once instead of once per pattern (redaction runs on every string the store keeps).
 */
const COMBINED = new RegExp(ALWAYS.map((pattern) => `(${pattern.source})`).join('|'), 'g');

/** Text too short or too plain to hold any of the secrets (every pattern needs one of these). */
const MAY_HOLD_SECRET = /[A-Za-z0-9_+/=-]{12}|[:=@]/;

/** Replaces every secret found in text with `[REDACTED:<kind>]`. Synchronous and idempotent. */
export function redactText(text: string): string {
  if (text.length < 8 || !MAY_HOLD_SECRET.test(text)) return text;
  return applyGated(applyGated(text, FIRST).replace(COMBINED, replaceMatch), GATED);
}

function applyGated(text: string, patterns: readonly GatedPattern[]): string {
  let result = text;
  for (const gated of patterns) {
    if (result.includes(gated.probe)) result = result.replace(gated.expression, (match) => replacementFor(gated.pattern, match));
  }
  return result;
}

function replaceMatch(match: string, ...groups: unknown[]): string {
  for (let index = 0; index < ALWAYS.length; index++) {
    if (groups[index] !== undefined) return replacementFor(ALWAYS[index] as SecretPattern, match);
  }
  return match;
}

function replacementFor(pattern: SecretPattern, match: string): string {
  const marker = `[REDACTED:${pattern.kind}]`;
  if (!pattern.replace) return marker;
  const replaced = pattern.replace(match, marker);
  // A declined match (a placeholder value) may still contain another secret further in.
  return replaced === match ? match.slice(0, 1) + redactText(match.slice(1)) : replaced;
}

/** The kinds of secret redactText knows, for documentation and tests. */
export function secretKinds(): string[] {
  return [...new Set(SECRET_PATTERNS.map((pattern) => pattern.kind))];
}
