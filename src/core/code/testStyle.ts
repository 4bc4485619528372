import { importsIn, type SourceLanguage } from './importStatements';
import type { SourceLine } from './sourceExcerpt';

/** How one test file is written: the framework that runs it and how it checks results. */
export interface TestStyle {
  /**
   * pytest, unittest, node:test, vitest, jest, mocha, ava, tap, testing, rust, junit4, junit5, junit3, testng; '' when
   * the file does not say.
   */
  framework: string;
  /**
   * assert, self.assert, expect, chai-expect, node:assert, chai-assert, t.assert, tap, testify-require, testify-assert,
   * t.Errorf, assert_eq!, hamcrest, assertj, junit-assert.
   */
  assertion: string;
  /** Indexes (in the lines given) where test cases start, for picking a short example. */
  tests: number[];
  /**
   * Features seen in the file: pytest.raises, parametrize, fixture, table-driven, t.Run, describe, pretty_assertions.
   */
  features: string[];
}

const JS_RUNNERS: ReadonlyArray<[RegExp, string]> = [
  [/^vitest$/, 'vitest'],
  [/^(node:)?test$/, 'node:test'],
  [/^@jest\/globals$/, 'jest'],
  [/^bun:test$/, 'bun:test'],
  [/^ava$/, 'ava'],
  [/^tap$/, 'tap'],
  [/^tape$/, 'tape'],
  [/^mocha$/, 'mocha'],
];

/** The file's test style, or undefined when it has no test case or no assertion the reader knows. */
export function testStyleOf(
  language: SourceLanguage,
  lines: readonly SourceLine[],
  text: string,
): TestStyle | undefined {
  switch (language) {
    case 'python':
      return pythonStyle(lines, text);
    case 'js':
      return jsStyle(lines, text);
    case 'go':
      return goStyle(lines, text);
    case 'rust':
      return rustStyle(lines, text);
    case 'java':
      return javaStyle(lines, text);
  }
}

function pythonStyle(lines: readonly SourceLine[], text: string): TestStyle | undefined {
  const tests = linesMatching(lines, /^\s*(async\s+)?def test_?\w*\(/).map((index) => withDecorators(lines, index));
  if (tests.length === 0) return undefined;
  const unittest = /^\s*class \w+\((unittest\.)?\w*TestCase\)/m.test(text);
  const plain = count(text, /^\s*assert\b/gm);
  const methods = count(text, /\bself\.assert\w+\(/g);
  if (plain + methods === 0) return undefined;
  const features = [
    ...(/\bpytest\.raises\(/.test(text) ? ['pytest.raises'] : []),
    ...(/@pytest\.mark\.parametrize\(/.test(text) ? ['parametrize'] : []),
    ...(/@pytest\.fixture\b/.test(text) ? ['fixture'] : []),
  ];
  return {
    framework: unittest ? 'unittest' : 'pytest',
    assertion: methods > plain ? 'self.assert' : 'assert',
    tests,
    features,
  };
}

function jsStyle(lines: readonly SourceLine[], text: string): TestStyle | undefined {
  const tests = linesMatching(lines, /^\s*(it|test)(\.only|\.skip)?\s*\(\s*['"`]/);
  if (tests.length === 0) return undefined;
  const specifiers = importsIn(text, 'js').map((statement) => statement.specifier);
  const framework = JS_RUNNERS.find(([pattern]) => specifiers.some((specifier) => pattern.test(specifier)))?.[1] ?? '';
  const chai = specifiers.includes('chai');
  const nodeAssert = specifiers.some((specifier) => /^(node:)?assert(\/strict)?$/.test(specifier));
  const tallies: Array<[string, number]> = [
    ['expect', count(text, /\bexpect\([^\n]*?\)\s*\.(not\.)?(resolves\.|rejects\.)?to[A-Z]\w*\(/g)],
    ['chai-expect', count(text, /\bexpect\([^\n]*?\)\s*\.to\./g)],
    ['t.assert', count(text, /\bt\.assert\.\w+\(/g)],
    [
      'tap',
      framework === 'tap' || framework === 'ava' || framework === 'tape'
        ? count(text, /\bt\.(equal|same|ok|notOk|match|is|deepEqual|strictSame|throws|truthy|falsy)\(/g)
        : 0,
    ],
    [
      chai && !nodeAssert ? 'chai-assert' : 'node:assert',
      chai || nodeAssert ? count(text, /(?<![.\w$])assert(\.\w+)?\(/g) : 0,
    ],
  ];
  const [assertion, calls] = tallies.reduce((best, tally) => (tally[1] > best[1] ? tally : best));
  if (calls === 0) return undefined;
  return { framework, assertion, tests, features: /^\s*describe\s*\(/m.test(text) ? ['describe'] : [] };
}

function goStyle(lines: readonly SourceLine[], text: string): TestStyle | undefined {
  const tests = linesMatching(lines, /^func Test\w*\(t \*testing\.T\)/);
  if (tests.length === 0) return undefined;
  const specifiers = importsIn(text, 'go').map((statement) => statement.specifier);
  const require = specifiers.includes('github.com/stretchr/testify/require') ? count(text, /\brequire\.\w+\(/g) : 0;
  const assert = specifiers.includes('github.com/stretchr/testify/assert') ? count(text, /\bassert\.\w+\(/g) : 0;
  const plain = count(text, /\bt\.(Errorf|Fatalf|Error|Fatal)\(/g);
  const [assertion, calls] = (
    [
      ['testify-require', require],
      ['testify-assert', assert],
      ['t.Errorf', plain],
    ] as Array<[string, number]>
  ).reduce((best, tally) => (tally[1] > best[1] ? tally : best));
  if (calls === 0) return undefined;
  const features = [
    ...(/\[\]struct\s*\{/.test(text) && /\bfor _, \w+ := range\b/.test(text) ? ['table-driven'] : []),
    ...(/\bt\.Run\(/.test(text) ? ['t.Run'] : []),
  ];
  return { framework: 'testing', assertion, tests, features };
}

function rustStyle(lines: readonly SourceLine[], text: string): TestStyle | undefined {
  const tests = linesMatching(lines, /^\s*#\[test\]/);
  if (tests.length === 0) return undefined;
  const macros = count(text, /\bassert(_eq|_ne)?!\(/g);
  if (macros === 0) return undefined;
  const features = /\bpretty_assertions\b/.test(text) ? ['pretty_assertions'] : [];
  return { framework: 'rust', assertion: 'assert_eq!', tests, features };
}

function javaStyle(lines: readonly SourceLine[], text: string): TestStyle | undefined {
  const specifiers = importsIn(text, 'java').map((statement) => statement.specifier);
  const has = (prefix: string): boolean => specifiers.some((specifier) => specifier.startsWith(prefix));
  const framework = has('org.junit.jupiter')
    ? 'junit5'
    : has('org.testng')
      ? 'testng'
      : has('org.junit.')
        ? 'junit4'
        : /\bextends TestCase\b/.test(text)
          ? 'junit3'
          : '';
  const tests = linesMatching(lines, framework === 'junit3' ? /^\s*public void test\w*\(/ : /^\s*@Test\b/);
  if (!framework || tests.length === 0) return undefined;
  const hamcrest = has('org.hamcrest') ? count(text, /\bassertThat\(/g) : 0;
  const assertj = has('org.assertj') ? count(text, /\bassertThat\(/g) : 0;
  const plain = count(text, /\bassert(Equals|True|False|Null|NotNull|Same|NotSame|ArrayEquals|Throws)\(|\bfail\(/g);
  const [assertion, calls] = (
    [
      ['hamcrest', hamcrest],
      ['assertj', assertj],
      ['junit-assert', plain],
    ] as Array<[string, number]>
  ).reduce((best, tally) => (tally[1] > best[1] ? tally : best));
  if (calls === 0) return undefined;
  return { framework, assertion, tests, features: [] };
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** A pytest test starts at its decorators (`@pytest.mark.parametrize`), which belong in an example. */
function withDecorators(lines: readonly SourceLine[], index: number): number {
  let start = index;
  while (start > 0 && /^\s*@/.test(lines[start - 1]?.text ?? '')) start--;
  return start;
}

function linesMatching(lines: readonly SourceLine[], pattern: RegExp, max = 40): number[] {
  const found: number[] = [];
  for (let index = 0; index < lines.length && found.length < max; index++)
    if (pattern.test(lines[index]?.text ?? '')) found.push(index);
  return found;
}
