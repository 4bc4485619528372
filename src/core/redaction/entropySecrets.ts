import { anyOf, composePattern } from '../util/patterns';

/**
 * Secrets with no shape of their own: a 40-character AWS secret in a sentence, a 32-hex API key,
 * a key id, a PEM body line printed alone. The provider patterns cannot know them, and random-
 * looking strings are everywhere in a repository (commit hashes, UUIDs, lockfile integrity,
 * base64 fixtures), so a value is taken for a secret only when it both looks random and sits
 * next to a word that says what it is. The exceptions are DER and OpenSSH key bodies, which
 * announce themselves.
 *
 * The false-positive rate on real histories is measured by scripts/redaction-false-positives.ts.
 */

/** Runs of a token alphabet, long enough to be a key; the cap keeps the work per match bounded. */
/** Starts only where a run starts: inside a run the look-behind fails at once, keeping the scan linear and fast. */
const TOKEN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,512}={0,2}/g;
/** Words that make a random-looking neighbour a secret. */
const CONTEXT = composePattern(
  [
    anyOf([
      'secret',
      String.raw`passw(?:or)?d`,
      'passphrase',
      String.raw`\bpw\b`,
      'token',
      'api[ _-]?key',
      'apikey',
      String.raw`\bkeys?\b`,
      'key[ _-]?id',
      'access[ _-]?key',
      'private',
      'credentials?',
      String.raw`\bcreds?\b`,
      String.raw`\bauth\b`,
      'bearer',
      'hmac',
      'signature',
      String.raw`\baws\b`,
      String.raw`\bsalt\b`,
    ]),
  ],
  'i',
);
/** Words right before a value that make it an identifier, whatever else the sentence says. */
const IDENTIFIER_WORD = anyOf([
  'commit',
  'commits',
  'sha',
  'sha1',
  'sha256',
  'hash',
  'rev',
  'revision',
  'merge',
  'merged',
  'cherry-picked',
  'reverts?',
  'fixup!?',
  'squash!?',
  'tree',
  'parent',
  'blob',
  'object',
  'head',
  'ref',
  'tag',
  'version',
  'build',
  'uuid',
  'guid',
  'etag',
  'digest',
  'checksum',
  'integrity',
  'nonce',
  'request[ _-]?id',
  'trace[ _-]?id',
  'span[ _-]?id',
]);
/** A word, `@`, `#` or `sha256:`, then at most a separator or an opening quote before the value. */
const IDENTIFIER_BEFORE = composePattern(
  [
    anyOf([String.raw`\b${IDENTIFIER_WORD}\b`, '[@#]', String.raw`sha\d{1,3}[:=-]`]),
    String.raw`\s{0,3}`,
    '["\'`(:=]?',
    String.raw`\s{0,2}$`,
  ],
  'i',
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Integrity and digest prefixes glued to the value itself (`sha512-…`, `md5-…`). */
const DIGEST_PREFIX = /^(?:sha\d{1,3}|md5)[-_]/i;
/**
 * Private key bodies need no context: DER that opens with a SEQUENCE and then the version
 * INTEGER (`MII…IB`: PKCS#1 and PKCS#8; a certificate opens with a second SEQUENCE, `MII…CC`),
 * SEC1 EC keys, and OpenSSH's `openssh-key-v1`.
 */
const KEY_BODY = /^(?:MII[A-Za-z0-9+/]{3}IB[A-Za-z0-9+/]{30}|MHcCAQEE|MIGHAgEAMBMG|b3BlbnNzaC1rZXktdjE)/;
/** A PEM body line: exactly 64 base64 characters, printed alone (not one line of a block). */
const PEM_LINE_LENGTH = 64;
/** A neighbour that is a PEM body line too; a diff hunk header repeats the line before it after `@@`. */
const PEM_LINE = /(?:^|\s)[+-]?[A-Za-z0-9+/]{64}$/;
const CONTEXT_BEFORE = 48;
const ALPHABET = /[A-Za-z0-9+/_=-]/;
const NEIGHBOUR_TOKEN = /[A-Za-z0-9+/_-]{16,}/g;
const CONTEXT_AFTER = 24;

/** Bits per character; random base64 of 40 characters has about 5, English-ish identifiers under 4. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / text.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

/**
 * Quick filter before any per-token work: most texts hold no context word and no key body. A
 * PEM line with neither beside it is therefore not looked at: testing every text for a 64-long
 * run costs more than all the other rules together (bench/store.bench.ts).
 */
const MAY_HOLD =
  /secret|passw|passphrase|token|key|private|cred|auth|bearer|hmac|signature|aws|salt|pw\b|MII|b3BlbnNzaC1rZXktdjE/i;

/** Replaces each random-looking value that its context marks as a secret with `[REDACTED:high-entropy]`. */
export function redactHighEntropy(text: string): string {
  if (!MAY_HOLD.test(text)) return text;
  return text.replace(TOKEN, (token, offset: number) => {
    // A diff line's `+` or `-` is not part of the value it adds or removes.
    const marker =
      (token.startsWith('+') || token.startsWith('-')) && (offset === 0 || text.charAt(offset - 1) === '\n') ? 1 : 0;
    return isSecretToken(text, token.slice(marker), offset + marker, offset)
      ? `${token.slice(0, marker)}[REDACTED:high-entropy]`
      : token;
  });
}

function isSecretToken(text: string, token: string, offset: number, runStart: number): boolean {
  // A run longer than any key (a data: URI, an embedded image) is a blob, cut into pieces here.
  if (ALPHABET.test(text.charAt(runStart - 1)) || ALPHABET.test(text.charAt(offset + token.length))) return false;
  const keyBody = KEY_BODY.test(token);
  const shape = keyBody ? 'base64' : randomShape(token);
  if (shape === undefined) return false;
  if (keyBody || (shape === 'base64' && token.length === PEM_LINE_LENGTH && loneLine(text, offset, token.length)))
    return !inPublicBlock(text, offset);
  const before = text.slice(Math.max(0, offset - CONTEXT_BEFORE), offset);
  const lineStart = before.lastIndexOf('\n');
  const sameLineBefore = lineStart >= 0 ? before.slice(lineStart + 1) : before;
  if (IDENTIFIER_BEFORE.test(sameLineBefore)) return false;
  const after = text.slice(offset + token.length, offset + token.length + CONTEXT_AFTER);
  const sameLineAfter = after.split('\n', 1)[0] ?? '';
  return CONTEXT.test(words(sameLineBefore)) || CONTEXT.test(words(sameLineAfter));
}

/** The context without other tokens: a word that a neighbouring blob happens to spell says nothing. */
function words(context: string): string {
  return context.replace(NEIGHBOUR_TOKEN, ' ');
}

/**
 * `hex` or `base64` when the token looks like random key material, else undefined. Hex needs
 * letters and digits (a run of digits is a number); base64 needs upper and lower case and digits
 * (identifiers and paths rarely have all three) and a high entropy.
 */
function randomShape(token: string): 'hex' | 'base64' | undefined {
  if (UUID.test(token) || DIGEST_PREFIX.test(token)) return undefined;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let hex = 0;
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
    else if (code >= 65 && code <= 90) upper++;
    else if (code >= 97 && code <= 122) lower++;
    if ((code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70)) hex++;
  }
  if (hex === token.length) {
    if (digits === 0 || digits === token.length || (upper > 0 && lower > 0)) return undefined;
    return shannonEntropy(token) >= 3 ? 'hex' : undefined;
  }
  if (token.length < 20 || upper < 2 || lower < 2 || digits < 1) return undefined;
  return shannonEntropy(token) >= 4.2 ? 'base64' : undefined;
}

/** Certificates and public keys are printed in the same PEM lines as private keys, and are not secret. */
function inPublicBlock(text: string, offset: number): boolean {
  // Context lines of a diff show a certificate's body without its header: the file name tells.
  const diffFile = text.lastIndexOf('\n+++ ', offset);
  if (
    diffFile >= 0 &&
    /^\n\+\+\+ [^\n]{0,300}\.(?:crt|cer|csr|pub)\n/.test(text.slice(diffFile, text.indexOf('\n', diffFile + 1) + 1))
  )
    return true;
  const begin = text.lastIndexOf('-----BEGIN ', offset);
  if (begin < 0) return false;
  const header = text.slice(begin + 11, begin + 60);
  return (
    /^(?:[A-Z0-9 ]{0,20}CERTIFICATE|PUBLIC KEY|[A-Z0-9 ]{0,20} PUBLIC KEY|PGP PUBLIC)/.test(header) &&
    text.lastIndexOf('-----END ', offset) < begin
  );
}

/** The token is the whole of its line, and neither neighbouring line is another PEM body line. */
function loneLine(text: string, offset: number, length: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const after = text.indexOf('\n', offset + length);
  const lineEnd = after === -1 ? text.length : after;
  if (text.slice(lineStart, offset).trim() !== '' || text.slice(offset + length, lineEnd).trim() !== '') return false;
  const previousStart = lineStart >= 2 ? text.lastIndexOf('\n', lineStart - 2) + 1 : -1;
  const previous = previousStart >= 0 ? text.slice(previousStart, lineStart - 1) : '';
  const nextEnd = after === -1 ? -1 : text.indexOf('\n', after + 1);
  const next = after === -1 ? '' : text.slice(after + 1, nextEnd === -1 ? text.length : nextEnd);
  return !PEM_LINE.test(previous.trimEnd()) && !PEM_LINE.test(next.trimEnd());
}

/** How many tokens of text look random (the denominator of the false-positive measurement). */
export function randomLookingTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(TOKEN)) if (randomShape(match[0]) !== undefined) count++;
  return count;
}
