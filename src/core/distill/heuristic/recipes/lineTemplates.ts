import { escapeRegExp } from '../../../util/regex';
import { keyOf } from './linkingTokens';

/**
 * A changed line or path with the change's own name taken out, so the same kind of change in
 * another commit reads the same: `export const E_TIMEOUT = code('E_TIMEOUT', 'timed out')` becomes
 * `export const <NAME> = code('<NAME>', '…')`. The placeholder keeps the spelling's case, which is
 * itself the convention to follow (<NAME>, <name>, <Name>).
 */
/** What a placeholder looks like, whatever its case. */
export const PLACEHOLDER = /<(NAME|Name|name)>/;

export function placeholderFor(spelling: string): string {
  if (/^[A-Z0-9_]+$/.test(spelling) && /[A-Z]/.test(spelling)) return '<NAME>';
  if (/^[A-Z]/.test(spelling)) return '<Name>';
  return '<name>';
}

/** The line with every spelling of the token replaced, other literals as slots, spacing evened. */
export function lineTemplate(line: string, spellings: readonly string[]): string {
  let text = line.replace(/\\(?=[-_.`*])/g, '');
  for (const spelling of [...spellings].sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(`(?<![\\w$-])${escapeRegExp(spelling)}(?![\\w$])`, 'g'), placeholderFor(spelling));
  }
  return text
    .replace(/(["'`])(?:(?!\1)[^\\\n]|\\.)*\1/g, (literal, quote: string) =>
      PLACEHOLDER.test(literal) ? literal : `${quote}…${quote}`,
    )
    .replace(/\b\d+(\.\d+)?\b/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The path with the token replaced when the path itself is named after it (test/res.<name>.js). */
export function pathTemplate(path: string, spellings: readonly string[]): string {
  const key = keyOf(spellings[0] ?? '');
  return path
    .split('/')
    .map((segment) => {
      const dot = segment.indexOf('.');
      const stem = dot < 0 ? segment : segment.slice(0, dot);
      if (keyOf(stem) === key) return `${placeholderFor(stem)}${dot < 0 ? '' : segment.slice(dot)}`;
      const spelling = spellings.find((candidate) => segment.includes(candidate));
      return spelling ? segment.replace(spelling, placeholderFor(spelling)) : segment;
    })
    .join('/');
}
