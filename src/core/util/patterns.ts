/**
 * Long regular expressions written in pieces. A pattern of a few hundred characters is unreadable
 * on one line and cannot be wrapped by the formatter; written as named parts and lists of
 * alternatives it reads, diffs and wraps like any other code. Every piece is regex source, used as
 * written (nothing is escaped), so `String.raw` keeps backslashes as they would be in a literal.
 */

/** `(?:a|b|c)`: a non-capturing group of the alternatives, in the order given. */
export function anyOf(alternatives: readonly string[]): string {
  if (alternatives.length === 0) throw new Error('anyOf needs at least one alternative');
  return `(?:${alternatives.join('|')})`;
}

/** One RegExp from pieces of source joined end to end; throws at load time if the whole is invalid. */
export function composePattern(pieces: readonly string[], flags = ''): RegExp {
  return new RegExp(pieces.join(''), flags);
}
