import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/**
 * The words a parser looks for (property names, quoted literals), read from its own source so
 * generated inputs reach deep branches (a `type: "tool_use"` block with odd fields) instead of
 * bouncing off the first check, and stay in step when the parser changes.
 */
export function vocabularyOf(...sourceFiles: string[]): string[] {
  const words = new Set<string>();
  for (const file of sourceFiles) {
    const text = readFileSync(join(__dirname, '../../../src/core', file), 'utf8');
    for (const match of text.matchAll(/\.([A-Za-z_][A-Za-z0-9_]{1,40})\b/g)) words.add(match[1] as string);
    for (const match of text.matchAll(/'([^'\\\n]{1,40})'/g)) words.add(match[1] as string);
  }
  return [...words].sort();
}

/** Strings biased toward the vocabulary, with hostile extras (huge, control, surrogates). */
export function shapedString(words: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...words) },
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '\u0000',
        '\ud800',
        '../../etc/passwd',
        'C:\\x\\y',
        'file:///tmp/x',
        '*** Begin Patch',
        '\x1b[31mred\x1b[0m',
        '{"',
        'NaN',
        '1e309',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((size) => 'x'.repeat(size)) },
  );
}

/** JSON values shaped like the parser's input: objects keyed by its vocabulary, nested a few deep. */
export function shapedJson(words: readonly string[]): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...words) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  const leaf = fc.oneof(
    shapedString(words),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  );
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 6 }),
      fc.dictionary(key, tie('value'), { maxKeys: 8 }),
    ),
  }));
  return value;
}

/** One JSONL line: mostly a shaped object, sometimes garbage or a valid-but-wrong JSON value. */
export function shapedLine(words: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .dictionary(fc.constantFrom(...words), shapedJson(words), { maxKeys: 10 })
        .map((value) => JSON.stringify(value)),
    },
    { weight: 1, arbitrary: shapedJson(words).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '[]',
        'null',
        '{"type":',
        '\u0000\u0000',
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"x":1}}}',
      ),
    },
  );
}
