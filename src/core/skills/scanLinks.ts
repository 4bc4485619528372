import { domainToUnicode } from 'node:url';
import { anyOf, composePattern } from '../util/patterns';
import type { ScanFinding } from './scan';

/**
 * Links that are not what they look like: a host spelled with letters of another script that
 * look Latin (`gіthub.com` with a Cyrillic і), a punycode host hiding such a spelling, and a
 * markdown link whose text names one place while its target is another.
 */
type Add = (finding: ScanFinding) => void;

/** URLs and bare domains; hosts may hold any letters, so look-alikes are found at all. */
const URL = /\bhttps?:\/\/([^\s/?#<>()"'`\]\\]{1,253})/giu;
const BARE_DOMAIN = /(?<![\p{L}\p{N}.@/-])((?:[\p{L}\p{N}-]{1,63}\.){1,4}[a-z]{2,24})(?![\p{L}\p{N}-])/gu;
const LINK = /\[([^\]\n]{1,300})\]\(\s{0,3}<?([^)\s>]{1,2000})>?(?:\s{1,3}["'][^"'\n]{0,200}["'])?\s{0,3}\)/g;
/** Link text that is one URL or host, perhaps in `<…>`: the host is captured. */
const TEXT_HOST = composePattern(
  [
    String.raw`^\s{0,3}(?:<)?(?:https?:\/\/)?`,
    String.raw`((?:[a-z0-9-]{1,63}\.){1,5}[a-z]{2,24})`,
    String.raw`(?::\d{1,5})?(?:[/?#][^\s]{0,500})?(?:>)?\s{0,3}$`,
  ],
  'i',
);
/** A path (`scripts/setup.sh`) or a file a link would fetch; `Coverage.py` and `Node.js` are names of projects. */
const TEXT_FILE = composePattern(
  [
    String.raw`^\s{0,3}`,
    '`?',
    String.raw`((?:[\w.-]{1,60}\/){1,6}[\w.-]{1,60}\.[a-z0-9]{1,6}`,
    String.raw`|[\w.-]{1,60}\.(?:md|sh|ps1|bat|cmd|exe|msi|zip|tar\.gz|tgz))`,
    '`?',
    String.raw`\s{0,3}$`,
  ],
  'i',
);
/** Cyrillic, Greek and other letters that are drawn like Latin ones. */
const LATIN_LOOKALIKE = composePattern(
  [
    '[',
    // Cyrillic small letters: а е о р с у х і ј ѕ ԁ ӏ ԛ ԝ һ, then в к м н т (small capitals).
    String.raw`\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04CF\u051B\u051D\u04BB`,
    String.raw`\u0432\u043A\u043C\u043D\u0442`,
    // Greek small letters: ο α ε ι κ ν ρ τ υ χ.
    String.raw`\u03BF\u03B1\u03B5\u03B9\u03BA\u03BD\u03C1\u03C4\u03C5\u03C7`,
    // Greek capitals: Α Β Ε Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ.
    String.raw`\u0391\u0392\u0395\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7`,
    // Cyrillic capitals: А В Е К М Н О Р С Т Х Ѕ І Ј.
    String.raw`\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425\u0405\u0406\u0408`,
    // Armenian ա օ ո ս, and the Cherokee letters.
    String.raw`\u0561\u0585\u0578\u057D\u13A0-\u13F4`,
    ']',
  ],
  'u',
);
const NON_ASCII = /[^\x00-\x7F]/;
/** Scripts with letters drawn like Latin ones; Latin mixed with CJK or Arabic fools no reader. */
const CONFUSABLE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;
/** Second-level labels under which a country code is the registrable part (example.co.uk). */
const SHARED_SECOND_LEVEL = /^(?:co|com|org|net|ac|gov|edu|ne|or)$/;
/** Without a scheme or www., a name is taken for a host only with one of these endings. */
const COMMON_TLD = composePattern(
  [
    String.raw`\.`,
    anyOf([
      'com|org|net|io|dev|ai|app|co|gov|edu|info|me|us|uk|de|fr|jp|cn|ru',
      'xyz|site|cloud|tech|page|so|gg|tv|cc|to|ly|run|link|sh',
    ]),
    '$',
  ],
  'i',
);

export function scanLinks(path: string, lines: readonly string[], markdown: boolean, add: Add): void {
  for (const [index, line] of lines.entries()) {
    const mayHaveHost = NON_ASCII.test(line) || line.includes('xn--');
    if (mayHaveHost) scanHosts(path, index + 1, line, add);
    if (markdown && line.includes('](')) scanMarkdownLinks(path, index + 1, line, add);
  }
}

function scanHosts(path: string, lineNo: number, line: string, add: Add): void {
  const hosts = new Set<string>();
  for (const match of line.slice(0, 4000).matchAll(URL))
    hosts.add((match[1] ?? '').replace(/^[^@]{0,200}@/, '').replace(/:\d{1,5}$/, ''));
  // Without a scheme only a name spelled with look-alike letters counts: CJK text glued to a
  // file name (`说明.md`) is no domain.
  for (const match of line.slice(0, 4000).matchAll(BARE_DOMAIN))
    if (LATIN_LOOKALIKE.test(match[1] ?? '') || (match[1] ?? '').startsWith('xn--')) hosts.add(match[1] ?? '');
  for (const host of hosts) {
    const verdict = lookalike(host);
    if (verdict)
      add({
        rule: 'lookalike-domain',
        severity: verdict.severity,
        file: path,
        line: lineNo,
        excerpt: `${verdict.reason}: ${host.slice(0, 120)}`,
      });
  }
}

/** Why a host is suspicious, or undefined for a plain ASCII one. */
export function lookalike(rawHost: string): { severity: 'high' | 'medium'; reason: string } | undefined {
  const host = rawHost.toLowerCase();
  const shown = host.includes('xn--') ? domainToUnicode(host) || host : host;
  if (!NON_ASCII.test(shown))
    return host.includes('xn--') ? { severity: 'medium', reason: 'undecodable punycode host' } : undefined;
  for (const label of shown.split('.')) {
    if (!NON_ASCII.test(label)) continue;
    const latin = /[a-z]/.test(label);
    if (
      LATIN_LOOKALIKE.test(label) &&
      (latin || [...label].every((char) => !NON_ASCII.test(char) || LATIN_LOOKALIKE.test(char)))
    ) {
      return {
        severity: 'high',
        reason:
          `host spelled with look-alike letters ` +
          `(${describeScripts(label)})${shown !== host ? ` behind punycode ${host}` : ''}`,
      };
    }
    if (latin && CONFUSABLE_SCRIPT.test(label))
      return { severity: 'high', reason: `host mixes Latin with another script (${describeScripts(label)})` };
  }
  return {
    severity: 'medium',
    reason: `internationalised host ${shown}${shown !== host ? ` (${host})` : ''}; check it is the one meant`,
  };
}

function describeScripts(label: string): string {
  const scripts = new Set<string>();
  for (const char of label) {
    if (/\p{Script=Latin}/u.test(char)) scripts.add('Latin');
    else if (/\p{Script=Cyrillic}/u.test(char)) scripts.add('Cyrillic');
    else if (/\p{Script=Greek}/u.test(char)) scripts.add('Greek');
    else if (/\p{L}/u.test(char)) scripts.add('other');
  }
  return [...scripts].join(' + ');
}

function scanMarkdownLinks(path: string, lineNo: number, line: string, add: Add): void {
  for (const match of line.slice(0, 4000).matchAll(LINK)) {
    const text = match[1] ?? '';
    const target = match[2] ?? '';
    const problem = linkProblem(text, target);
    if (problem)
      add({
        rule: 'deceptive-link',
        severity: problem.severity,
        file: path,
        line: lineNo,
        excerpt: `${problem.reason}: [${text.slice(0, 60)}](${target.slice(0, 80)})`,
      });
  }
}

/** The link text names a host or a file, and the target is somewhere else. */
export function linkProblem(text: string, target: string): { severity: 'high' | 'medium'; reason: string } | undefined {
  if (/^\s{0,3}(?:javascript|vbscript|data):/i.test(target)) return { severity: 'high', reason: 'link runs script' };
  const targetHost = /^https?:\/\/(?:[^@/\s]{0,200}@)?([^/:?#\s]{1,253})/i.exec(target)?.[1]?.toLowerCase();
  if (!targetHost) return undefined;
  // `SKILL.md` and `setup.sh` read as hosts too (.md and .sh are countries): a name without a
  // scheme or www. that ends like a file is taken for a file.
  const explicitHost = /^\s{0,3}<?(?:https?:\/\/|www\.)/i.test(text);
  const hostLike = TEXT_HOST.exec(text)?.[1]?.toLowerCase();
  if (hostLike && registrable(hostLike) === registrable(targetHost)) return undefined;
  const file = explicitHost ? undefined : TEXT_FILE.exec(text)?.[1];
  const named = file || !hostLike || (!explicitHost && !COMMON_TLD.test(hostLike)) ? undefined : hostLike;
  if (named) return { severity: 'high', reason: `link text names ${named} but the link goes to ${targetHost}` };
  if (file) {
    const name = file.split('/').pop() ?? file;
    const targetPath = safeDecode(target.replace(/[?#].*$/, '').replace(/^[^:]+:\/\/[^/]+/, '')).toLowerCase();
    if (!targetPath.endsWith(name.toLowerCase()))
      return { severity: 'medium', reason: `link text names the file ${file} but the link goes to ${targetHost}` };
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The part of a host its owner registered: `docs.example.com` → `example.com`,
 * `a.example.co.uk` → `example.co.uk`.
 */
function registrable(host: string): string {
  const labels = host.replace(/^www\./, '').split('.');
  const keep =
    labels.length >= 3 &&
    SHARED_SECOND_LEVEL.test(labels[labels.length - 2] ?? '') &&
    (labels[labels.length - 1] ?? '').length === 2
      ? 3
      : 2;
  return labels.slice(-keep).join('.');
}
