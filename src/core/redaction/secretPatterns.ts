import { anyOf, composePattern } from '../util/patterns';
import { COMMAND_LINE_PATTERNS } from './commandLinePatterns';

/**
 * The secret formats Skillwright redacts. The provider token shapes follow the rules of
 * @secretlint/secretlint-rule-preset-recommend (v12), widened where that preset is deliberately
 * strict for linting files (it skips known example keys and needs exact lengths, while a recorder
 * must also catch truncated or reformatted tokens in terminal output).
 *
 * Every quantifier is bounded and no quantified group contains another unbounded one, so the
 * combined expression cannot backtrack catastrophically (see test/unit/redaction/adversarial.test.ts).
 * Sources use only non-capturing groups: redactText combines them into one expression and tells
 * them apart by their outer capture group.
 */
export interface SecretPattern {
  kind: string;
  source: string;
  /**
   * Builds the replacement from the whole match, for patterns that keep a harmless prefix (a
   * variable name, a URL's user). Returning the match unchanged declines it (a placeholder value).
   */
  replace?: (match: string, marker: string) => string;
  /**
   * A literal every match contains, for patterns that cannot start with one: such a pattern is
   * scanned for only in text that holds the probe, so it does not slow down every other text.
   */
  probe?: string;
  /**
   * Scanned for before every other pattern (needs a probe). For secrets spanning lines that begin
   * with text another pattern also matches: `TOKEN=-----BEGIN … PRIVATE KEY-----` would otherwise
   * lose only its first line to env-secret and keep the key body.
   */
  first?: boolean;
}

/** `[Pp][Aa]...`: case-insensitive words inside an expression that is otherwise case-sensitive. */
function anyCase(word: string): string {
  return word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

const TOKEN_END = '(?![A-Za-z0-9_-])';
const ENV_SECRET_WORDS = [
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  '_PASS',
  '_PWD',
  '_PW',
  'SECRET',
  'TOKEN',
  'API_?KEY',
  'ACCESS_?KEY',
  'PRIVATE_?KEY',
  'AUTH_?KEY',
  'CREDENTIALS?',
  'SIGNING_?KEY',
  'ENCRYPTION_?KEY',
  'MASTER_?KEY',
  'ACCOUNT_?KEY',
  'SESSION_?KEY',
  'DSN',
  'CONNECTION_?STRING',
  'CONN_?STR',
].join('|');
/** An assigned value: quoted, or up to the next blank; never spans lines. */
const ENV_VALUE = anyOf([String.raw`"[^"\n]{1,500}"`, String.raw`'[^'\n]{1,500}'`, String.raw`[^\s'"]{1,500}`]);
const CODE_SECRET_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'access_key',
  'accesskey',
  'private_key',
  'privatekey',
  'credentials',
  'client_secret',
  'clientsecret',
]
  .map(anyCase)
  .join('|');

/**
 * A value in code worth replacing: quoted without blanks or backslashes (so not an escaped
 * string's fragment), or a long unquoted run that replaceCodeValue still has to find random.
 */
const CODE_VALUE = anyOf([
  String.raw`"[^"\s\\]{6,300}"`,
  String.raw`'[^'\s\\]{6,300}'`,
  String.raw`[A-Za-z0-9/+=_.~-]{16,300}`,
]);

/** Values that are references or placeholders rather than secrets. */
const PLACEHOLDER = composePattern([
  '^',
  anyOf([
    // Where the value comes from, or a value already redacted.
    String.raw`\$`,
    '<',
    '%',
    String.raw`\{\{`,
    String.raw`\[REDACTED`,
    String.raw`\*{3}`,
    // Masked or elided.
    'x{3,}$',
    'X{3,}$',
    String.raw`\.{3}`,
    // Whole values that are words, not secrets.
    'true$',
    'false$',
    'null$',
    'none$',
    'None$',
    'undefined$',
    'changeme$',
    'string;?$',
    'number;?$',
    // Reads from the environment.
    String.raw`process\.env`,
    String.raw`os\.environ`,
    String.raw`env\.`,
    'getenv',
  ]),
]);

/** Keeps everything up to the value (key, separator, opening quote) and replaces the value. */
function replaceAssignedValue(match: string, marker: string): string {
  const separator = /\s{0,3}(?:=>|:=|=|:)\s{0,3}["']?/.exec(match);
  if (!separator) return marker;
  const valueStart = separator.index + separator[0].length;
  let value = match.slice(valueStart);
  const closingQuote = /["']$/.test(value) && /["']$/.test(separator[0]) ? value.slice(-1) : '';
  if (closingQuote) value = value.slice(0, -1);
  if (value.length === 0 || PLACEHOLDER.test(value) || /^https?:\/\/[^@\s]*$/.test(value)) return match;
  return `${match.slice(0, valueStart)}${marker}${closingQuote}`;
}

/** An unquoted value in code is only a secret when it looks random: letters and digits mixed. */
function replaceCodeValue(match: string, marker: string): string {
  const quoted = /["']$/.test(match);
  if (!quoted) {
    const value = /[A-Za-z0-9/+=_.~-]+$/.exec(match)?.[0] ?? '';
    if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return match;
  }
  return replaceAssignedValue(match, marker);
}

function keepPrefix(prefix: RegExp): (match: string, marker: string) => string {
  return (match, marker) => {
    const kept = prefix.exec(match)?.[0] ?? '';
    return `${kept}${marker}`;
  };
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'private-key',
    // The END line may be missing when output was truncated; then the base64 body goes too.
    source:
      '-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[\\s\\S]{0,16000}?-----END[ A-Z0-9]{0,40}PRIVATE ' +
      'KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\\s\\\\:,.-]{0,16000})',
    probe: 'PRIVATE KEY',
    first: true,
  },
  { kind: 'jwt', source: '\\beyJ[A-Za-z0-9_-]{5,2000}\\.eyJ[A-Za-z0-9_-]{5,4000}\\.[A-Za-z0-9_-]{0,1000}' },
  { kind: 'anthropic', source: `\\bsk-ant-[a-z]{2,10}\\d{2}-[A-Za-z0-9_-]{32,200}${TOKEN_END}` },
  { kind: 'openai', source: `\\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,300}${TOKEN_END}` },
  { kind: 'openai', source: '\\bsk-[A-Za-z0-9]{32,200}\\b' },
  { kind: 'openai', source: '\\bsk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}\\b' },
  { kind: 'xai', source: '\\bxai-[A-Za-z0-9]{60,120}\\b' },
  { kind: 'perplexity', source: '\\bpplx-[A-Za-z0-9]{40,60}\\b' },
  { kind: 'groq', source: '\\bgsk_[A-Za-z0-9]{40,60}\\b' },
  { kind: 'replicate', source: '\\br8_[A-Za-z0-9]{30,45}\\b' },
  { kind: 'github', source: '\\bgh[pousr]_[A-Za-z0-9]{30,255}\\b' },
  { kind: 'github', source: '\\bgithub_pat_[A-Za-z0-9_]{22,255}\\b' },
  { kind: 'gitlab', source: `\\bgl(?:pat|dt|ptt|rt|ft|soat|cbt|imt|oas|agent)-[A-Za-z0-9_-]{20,128}${TOKEN_END}` },
  { kind: 'gitlab', source: `\\bGR1348941[A-Za-z0-9_-]{20,64}${TOKEN_END}` },
  { kind: 'slack', source: '\\bx(?:ox[abposre]|app)-(?:[A-Za-z0-9]{1,60}-){1,6}[A-Za-z0-9]{1,60}\\b' },
  {
    kind: 'slack-webhook',
    source: '\\bhttps://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,200}',
  },
  {
    kind: 'discord-webhook',
    source: '\\bhttps://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{5,30}/[A-Za-z0-9_-]{20,100}',
  },
  { kind: 'stripe', source: '\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,247}\\b' },
  { kind: 'stripe', source: '\\bwhsec_[A-Za-z0-9+/=]{24,80}' },
  {
    kind: 'aws-access-key',
    source: '\\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\\b',
  },
  { kind: 'google-api-key', source: `\\bAIza[0-9A-Za-z_-]{35}${TOKEN_END}` },
  { kind: 'google-oauth', source: `\\b(?:GOCSPX-[A-Za-z0-9_-]{28}|ya29\\.[0-9A-Za-z_-]{20,2000})${TOKEN_END}` },
  { kind: 'azure-client-secret', source: `\\b[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}${TOKEN_END}`, probe: 'Q~' },
  {
    kind: 'azure',
    source: '\\b(?:AccountKey|SharedAccessKey|SharedSecret|SharedAccessSignature)=[A-Za-z0-9+/=%&:._-]{20,400}',
    replace: keepPrefix(/^[A-Za-z]+=/),
  },
  { kind: 'npm', source: '\\bnpm_[A-Za-z0-9]{36}\\b' },
  { kind: 'npm', source: '_authToken\\s{0,3}=\\s{0,3}[^\\s\'"$]{8,300}', replace: keepPrefix(/^_authToken\s*=\s*/) },
  { kind: 'pypi', source: `\\bpypi-AgE[A-Za-z0-9_-]{50,400}${TOKEN_END}` },
  { kind: 'twilio', source: '\\bSK[0-9a-fA-F]{32}\\b' },
  { kind: 'sendgrid', source: `\\bSG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,64}${TOKEN_END}` },
  { kind: 'huggingface', source: '\\b(?:hf_|api_org_)[A-Za-z0-9]{30,40}\\b' },
  { kind: 'discord', source: `\\b[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}${TOKEN_END}` },
  { kind: 'telegram', source: `\\b\\d{8,10}:AA[A-Za-z0-9_-]{33}${TOKEN_END}`, probe: ':AA' },
  { kind: 'shopify', source: '\\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\\b' },
  { kind: 'mailgun', source: '\\bkey-[0-9a-z]{32}\\b' },
  { kind: 'mailchimp', source: '\\b[0-9a-f]{32}-us\\d{1,2}\\b', probe: '-us' },
  { kind: 'digitalocean', source: '\\bdo[opr]_v1_[a-f0-9]{64}\\b' },
  { kind: 'heroku', source: `\\bHRKU-[A-Za-z0-9_-]{50,70}${TOKEN_END}` },
  { kind: 'databricks', source: '\\bdapi[a-f0-9]{32}(?:-\\d)?\\b' },
  { kind: 'square', source: `\\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}${TOKEN_END}` },
  { kind: 'atlassian', source: `\\bATATT3[A-Za-z0-9_=-]{150,300}${TOKEN_END}` },
  { kind: 'linear', source: '\\blin_(?:api|oauth)_[A-Za-z0-9]{32,128}\\b' },
  { kind: 'notion', source: '\\b(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})\\b' },
  { kind: 'grafana', source: '\\b(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})' },
  { kind: 'vault', source: `\\bhv[sbr]\\.[A-Za-z0-9_-]{90,300}${TOKEN_END}` },
  { kind: 'docker', source: `\\bdckr_pat_[A-Za-z0-9_-]{27,40}${TOKEN_END}` },
  { kind: 'figma', source: `\\bfigd_[A-Za-z0-9_-]{40,200}${TOKEN_END}` },
  { kind: 'vercel', source: '\\bvc[pikar]_[A-Za-z0-9]{20,60}\\b' },
  { kind: 'onepassword', source: '\\bops_eyJ[A-Za-z0-9+/=]{100,1280}' },
  { kind: 'postman', source: '\\bPMAK-[0-9a-f]{24}-[0-9a-f]{34}\\b' },
  { kind: 'newrelic', source: '\\bNR(?:AK|II|JS)-[A-Za-z0-9]{19,32}\\b' },
  { kind: 'supabase', source: '\\bsbp_[a-f0-9]{40}\\b' },
  { kind: 'pulumi', source: '\\bpul-[a-f0-9]{40}\\b' },
  { kind: 'doppler', source: '\\bdp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}\\b' },
  { kind: 'age', source: '\\bAGE-SECRET-KEY-1[0-9A-Z]{58}\\b' },
  { kind: 'sentry-dsn', source: '://[0-9a-f]{32}@', replace: (_match, marker) => `://${marker}@` },
  {
    kind: 'url-password',
    // scheme://user:password@host — the user stays, since it helps reading a remote URL.
    source: '://[^\\s:@/?#\'"]{0,100}:[^\\s@/\'"]{1,200}@',
    replace: (match, marker) => `${match.slice(0, match.indexOf(':', 3) + 1)}${marker}@`,
  },
  {
    kind: 'authorization',
    source: '\\b(?:Bearer|bearer|BEARER)\\s{1,3}(?=[A-Za-z._~+/-]{0,2000}[0-9])[A-Za-z0-9._~+/-]{12,4000}=*',
    replace: keepPrefix(/^\w+\s+/),
  },
  {
    kind: 'authorization',
    source: [
      '\\b(?:Authorization|authorization|AUTHORIZATION)["\']?\\s{0,3}[:=]\\s{0,3}["\']?',
      '(?:Basic|Token|token|Digest)\\s{1,3}[A-Za-z0-9._~+/-]{8,4000}=*',
    ].join(''),
    replace: keepPrefix(/^\S+\s{0,3}[:=]\s{0,3}["']?\w+\s+/),
  },
  {
    kind: 'env-secret',
    // KEY=value in .env files, shells and CI logs: an upper-case name that says it holds a secret.
    // The match starts at the telling word, not at the name's start: the name is kept anyway, and
    // a literal start lets the scan skip ahead instead of trying every word boundary.
    source: `(?:${ENV_SECRET_WORDS})(?:_[A-Z0-9]{1,12}){0,2}["']?\\s{0,3}[=:]\\s{0,3}${ENV_VALUE}`,
    replace: replaceAssignedValue,
  },
  {
    kind: 'secret-assignment',
    // password = "…", "apiKey": "…", token: abc123… in code, JSON and YAML.
    source: `(?:${CODE_SECRET_WORDS})[A-Za-z0-9_]{0,20}["']?\\s{0,3}(?:=>|:=|=|:)\\s{0,3}${CODE_VALUE}`,
    replace: replaceCodeValue,
  },
  ...COMMAND_LINE_PATTERNS,
];
