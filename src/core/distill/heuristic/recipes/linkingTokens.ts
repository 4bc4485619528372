import { isCodeFile } from '../testLayout';

/**
 * The tokens that tie one change together across files: a new error code defined in one file,
 * documented in a second and tested in a third is the same name added to all three. A token links
 * a commit when its added lines name it in two or more files, and it is rare: few commits of the
 * history add it, so it is this change's own name rather than a word every change uses.
 */

/** A token as written, and the key its spellings share (FOO_BAR, fooBar, foo-bar → "foobar"). */
export interface TokenUse {
  text: string;
  key: string;
  /** Written as code, not inside a string literal. */
  identifier: boolean;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*(?:-[A-Za-z0-9]+)*/g;
const STRING = /(["'`])((?:(?!\1)[^\\\n]|\\.){2,80})\1/g;
const MIN_KEY_LENGTH = 4;
const COMMENT = /^\s*(\/\/|#|\*|\/\*|--|;|<!--)/;

/** Words every codebase adds all the time: never the name of a particular change. */
const COMMON = new Set(
  (
    'this that with from import export default return const function class interface type string number boolean ' +
    ('true false null undefined void async await new public private protected static final override extends ' +
      'implements ') +
    'self none def elif else then when where while for each case break continue switch package func struct impl enum ' +
    ('test tests expect assert describe should value error errors name data options option config result results ' +
      'item items ') +
    'list array object map set get add remove update create delete index path file files line lines text message ' +
    'the and not but all any use used using only also more some into over have has had was were been will would'
  ).split(' '),
);

export function keyOf(token: string): string {
  return token.toLowerCase().replace(/[-_$]/g, '');
}

/** Identifiers, kebab-case names (--max-height) and short string literals in a line. */
export function tokensOf(line: string): TokenUse[] {
  // Man pages and markdown escape what they quote (\-\-max\-height, `max_height`); read through it.
  const text = line.replace(/\\(?=[-_.`*])/g, '');
  const found: TokenUse[] = [];
  for (const match of text.matchAll(STRING)) {
    const inner = (match[2] ?? '').trim();
    if (/^[\w$-]+$/.test(inner)) push(found, inner, false);
  }
  for (const match of text.replace(STRING, ' ').matchAll(IDENTIFIER)) push(found, match[0], true);
  return found;
}

function push(found: TokenUse[], text: string, identifier: boolean): void {
  const key = keyOf(text);
  if (key.length < MIN_KEY_LENGTH || /^\d/.test(key) || COMMON.has(key)) return;
  found.push({ text, key, identifier });
}

export interface LinkedCommit {
  hash: string;
  /** The linking token's key and every spelling of it the commit used. */
  key: string;
  spellings: string[];
  /** Per file (as the commit named it): the added lines that name the token. */
  files: Map<string, string[]>;
}

/**
 * For each commit, its strongest linking token (named in the most files; ties: the longest key),
 * given how many commits of the whole sample add each token.
 */
export function linkCommit(
  commit: { hash: string; files: ReadonlyArray<{ path: string; lines: readonly string[] }> },
  commitsAdding: ReadonlyMap<string, number>,
  maxCommitsAdding: number,
): LinkedCommit | undefined {
  const filesByKey = new Map<string, Set<string>>();
  // A name the code itself uses, not a word of prose: it must appear in a line of code somewhere;
  // one written as an identifier there (not only inside a string) is the change's own name.
  const inCode = new Set<string>();
  const asIdentifier = new Set<string>();
  for (const file of commit.files) {
    const code = isCodeFile(file.path);
    for (const line of file.lines) {
      const codeLine = code && !COMMENT.test(line);
      for (const token of tokensOf(line)) {
        if ((commitsAdding.get(token.key) ?? 0) > maxCommitsAdding) continue;
        let set = filesByKey.get(token.key);
        if (!set) filesByKey.set(token.key, (set = new Set()));
        set.add(file.path);
        if (codeLine) inCode.add(token.key);
        if (codeLine && token.identifier) asIdentifier.add(token.key);
      }
    }
  }
  const rank = (key: string): [number, number, number] => [
    asIdentifier.has(key) ? 1 : 0,
    filesByKey.get(key)?.size ?? 0,
    key.length,
  ];
  let best: string | undefined;
  for (const [key, files] of filesByKey) {
    if (files.size < 2 || !inCode.has(key)) continue;
    if (!best || isBetter(rank(key), rank(best))) best = key;
  }
  if (!best) return undefined;
  const spellings = new Set<string>();
  const files = new Map<string, string[]>();
  for (const file of commit.files) {
    const lines = file.lines.filter((line) => {
      const named = tokensOf(line).filter((token) => token.key === best);
      for (const token of named) spellings.add(token.text);
      return named.length > 0;
    });
    if (lines.length > 0) files.set(file.path, lines);
  }
  return { hash: commit.hash, key: best, spellings: [...spellings], files };
}

function isBetter(a: readonly number[], b: readonly number[]): boolean {
  for (let index = 0; index < a.length; index++)
    if ((a[index] as number) !== (b[index] as number)) return (a[index] as number) > (b[index] as number);
  return false;
}

/** How many commits add each token (counted once per commit), for the rarity test. */
export function countCommitsAdding(
  commits: Iterable<{ files: ReadonlyArray<{ lines: readonly string[] }> }>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const commit of commits) {
    const keys = new Set<string>();
    for (const file of commit.files)
      for (const line of file.lines) for (const token of tokensOf(line)) keys.add(token.key);
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
