/**
 * Identifier-aware tokeniser shared by the index and the queries, so `parseConfigFile`,
 * `parse_config_file`, `parse-config-file` and "parsing the config files" all meet on
 * the same terms: `pars`, `config`, `fil`.
 */

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could do does doing done for from had has have how i if in into is it its ' +
    'me my no not of on or our ours please should so some than that the their them then there these they this those ' +
    'to too us was we were what when where which while who why will with would you your yours want need needs let ' +
    'also just like get got make sure any all via etc e g ie eg one thing things way about here now up using'
  ).split(' '),
);

/** Splits text into lowercase, stemmed, stop-word-free terms. Pure and allocation-light. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const word of splitWords(text)) {
    if (STOP_WORDS.has(word)) continue;
    let term = stemCache.get(word);
    if (term === undefined) {
      term = stem(word);
      if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
      stemCache.set(word, term);
    }
    if (term.length > 0) terms.push(term);
  }
  return terms;
}

/** A repository's vocabulary is small next to its text, so stemming each distinct word once pays. */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 100_000;

/** The unstemmed lowercase words of identifiers and prose, without stop-word filtering. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  // Runs of letters and digits; every other character (/, ., _, -, spaces, quotes) separates.
  for (const [chunk] of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (!HAS_UPPER.test(chunk)) {
      if (chunk.length > 1 && chunk.length <= 40) words.push(chunk);
      continue;
    }
    for (const part of splitIdentifier(chunk)) {
      if (part.length > 1 && part.length <= 40) words.push(part.toLowerCase());
    }
  }
  return words;
}

/**
 * camelCase, PascalCase and ACRONYMWords: `HTTPServerConfig` → HTTP Server Config. Letters and digits stay
 * together (`s3`, `e2e`, `ts2307`, `utf8`) because splitting them yields meaningless one-letter terms.
 */
function splitIdentifier(chunk: string): string[] {
  return chunk
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(' ');
}

const HAS_UPPER = /\p{Lu}/u;
const DOUBLE_CONSONANT = /([b-df-hj-km-np-rtv-z])\1$/;

/**
 * A light English stemmer: plurals, -ing, -ed, -ation and a final -e, so that
 * migrate/migrates/migrating/migration all become `migrat`. Deliberately conservative: a
 * wrong conflation costs precision in every query, a missed one costs a little recall.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  const before = w;
  if (w.endsWith('ations') || w.endsWith('ation')) w = w.replace(/ations?$/, 'ate');
  else if (w.endsWith('ing') && w.length - 3 >= 3) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length - 2 >= 3) w = w.slice(0, -2);
  if (w !== before && w.length > 3 && DOUBLE_CONSONANT.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);

  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}
