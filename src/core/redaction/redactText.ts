import { redactHighEntropy } from './entropySecrets';
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
 * Ungated patterns are combined into two expressions, each pattern an outer capture group, so a
 * text is scanned twice instead of once per pattern (redaction runs on every string the store
 * keeps). Patterns anchored on a word boundary scan much faster without the others mixed in.
 * The unanchored ones (assignments, URL credentials) run first: they start at the key, left of
 * any token in the value, as the leftmost match of a single expression would.
 */
const isAnchored = (pattern: SecretPattern): boolean => pattern.source.startsWith('\\b');
const UNANCHORED = ALWAYS.filter((pattern) => !isAnchored(pattern));
const ANCHORED = ALWAYS.filter(isAnchored);
const combine = (patterns: readonly SecretPattern[]): RegExp =>
  new RegExp(patterns.map((pattern) => `(${pattern.source})`).join('|'), 'g');
const UNANCHORED_EXPRESSION = combine(UNANCHORED);
// `\b(?:(a)|(b))` matches exactly what `(\ba)|(\bb)` does, with the same groups, but V8 tests the
// boundary once per position instead of once per pattern: the scan runs about 2.5 times faster.
const ANCHORED_EXPRESSION = new RegExp(
  `\\b(?:${ANCHORED.map((pattern) => `(${pattern.source.slice(2)})`).join('|')})`,
  'g',
);

/** Text too short or too plain to hold any of the secrets (every pattern needs one of these; ` -` starts a flag). */
const MAY_HOLD_SECRET = /[A-Za-z0-9_+/=-]{12}|[:=@]|[ \t]-/;

/**
 * Short strings recur on almost every event (working folders, terminal names, attribution
 * evidence, repeated commands), so those found clean are remembered. Only clean ones: a secret
 * must not outlive the event that carried it. Bounded, and cleared when full.
 */
const KNOWN_CLEAN_MAX_LENGTH = 256;
const KNOWN_CLEAN_MAX_ENTRIES = 4096;
const knownClean = new Set<string>();

/** Replaces every secret found in text with `[REDACTED:<kind>]`. Synchronous and idempotent. */
export function redactText(text: string): string {
  if (text.length < 8) return text;
  if (text.length > KNOWN_CLEAN_MAX_LENGTH) return scan(text);
  if (knownClean.has(text)) return text;
  const redacted = MAY_HOLD_SECRET.test(text) ? scan(text) : text;
  if (redacted === text) {
    if (knownClean.size >= KNOWN_CLEAN_MAX_ENTRIES) knownClean.clear();
    knownClean.add(text);
  }
  return redacted;
}

function scan(text: string): string {
  const first = applyGated(text, FIRST);
  // Every match of an unanchored pattern (assignments, URL credentials) holds a '=' or ':'
  // (test/unit/redaction/redactText.test.ts pins which patterns these are).
  const unanchored =
    first.includes('=') || first.includes(':') ? first.replace(UNANCHORED_EXPRESSION, REPLACE_UNANCHORED) : first;
  // Last: shaped secrets are named by their kind first, and what is left is judged by entropy.
  return redactHighEntropy(applyGated(unanchored.replace(ANCHORED_EXPRESSION, REPLACE_ANCHORED), GATED));
}

function applyGated(text: string, patterns: readonly GatedPattern[]): string {
  let result = text;
  for (const gated of patterns) {
    if (result.includes(gated.probe))
      result = result.replace(gated.expression, (match) => replacementFor(gated.pattern, match));
  }
  return result;
}

/** Replaces a match of one of the combined expressions, knowing its pattern by its capture group. */
function replacerFor(patterns: readonly SecretPattern[]): (match: string, ...groups: unknown[]) => string {
  return (match, ...groups) => {
    for (let index = 0; index < patterns.length; index++) {
      if (groups[index] !== undefined) return replacementFor(patterns[index] as SecretPattern, match);
    }
    return match;
  };
}

const REPLACE_UNANCHORED = replacerFor(UNANCHORED);
const REPLACE_ANCHORED = replacerFor(ANCHORED);

function replacementFor(pattern: SecretPattern, match: string): string {
  const marker = `[REDACTED:${pattern.kind}]`;
  if (!pattern.replace) return marker;
  const replaced = pattern.replace(match, marker);
  // A declined match (a placeholder value) may still contain another secret further in.
  return replaced === match ? match.slice(0, 1) + redactText(match.slice(1)) : replaced;
}

/** The kinds whose patterns do not start at a word boundary (scanned only in text with '=' or ':'). */
export function unanchoredKinds(): string[] {
  return UNANCHORED.map((pattern) => pattern.kind);
}

/** The kinds of secret redactText knows, for documentation and tests. */
export function secretKinds(): string[] {
  return [...new Set(SECRET_PATTERNS.map((pattern) => pattern.kind))];
}
