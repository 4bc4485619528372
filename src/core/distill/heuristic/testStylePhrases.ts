import { code } from './candidateFactory';

/**
 * What to tell an agent about a test framework or assertion style. `sample` finds a real line
 * that shows it (an import, an assertion) in the repository's own tests; the step quotes it.
 */
export interface StylePhrase {
  /** Human name, for the title and description. */
  label: string;
  step(sample?: string): string;
  pitfall?: string;
  sample?: RegExp;
}

const quoted = (line: string | undefined, fallback: string): string => code(line ?? fallback);

/** Mocha and Jasmine suites, written with `function` so `this` is the test context. */
const DESCRIBE_FUNCTION_BLOCK = code("describe('…', function () { it('…', …) })");

const FRAMEWORKS: Record<string, StylePhrase> = {
  pytest: {
    label: 'pytest',
    step: () =>
      `Write tests as plain pytest functions (${code('def test_<behaviour>():')}), not ` +
      `as ${code('unittest.TestCase')} classes.`,
    pitfall:
      `Do not subclass ${code('unittest.TestCase')}: fixtures and ${code('@pytest.mark.parametrize')} do ` +
      `not work in its methods.`,
  },
  unittest: {
    label: 'unittest',
    step: () =>
      `Write tests as ${code('def test_<behaviour>(self):')} methods of a ${code('unittest.TestCase')} subclass.`,
    pitfall:
      `A bare ${code('def test_…()')} function outside a ${code('TestCase')} is not collected ` +
      `by ${code('python -m unittest')}.`,
  },
  'node:test': {
    label: "Node's test runner",
    step: (line) =>
      `Write tests with Node's built-in runner, imported the way the other tests ` +
      `do: ${quoted(line, "const { test } = require('node:test')")}.`,
    sample: /^\s*(const|import)\b.*['"](node:)?test['"]/,
  },
  vitest: {
    label: 'Vitest',
    step: (line) =>
      `Write tests with Vitest, importing what you use from ` +
      `it: ${quoted(line, 'import { describe, expect, it } from "vitest";')}.`,
    sample: /^\s*import\b.*['"]vitest['"]/,
  },
  jest: {
    label: 'Jest',
    step: () =>
      `Write tests with Jest (${code('describe')}, ${code('it')}, ${code('expect')} from ${code('@jest/globals')}).`,
    sample: /['"]@jest\/globals['"]/,
  },
  mocha: {
    label: 'Mocha',
    step: () =>
      `Write tests as Mocha ${DESCRIBE_FUNCTION_BLOCK} blocks; Mocha ` +
      `provides ${code('describe')} and ${code('it')} as globals, so do not import them.`,
  },
  jasmine: {
    label: 'Jasmine',
    step: () =>
      `Write tests as ` +
      `Jasmine ${DESCRIBE_FUNCTION_BLOCK} specs; ${code('describe')}, ${code('it')} and ${code('expect')} are ` +
      `globals.`,
  },
  ava: {
    label: 'AVA',
    step: (line) =>
      `Write tests with AVA: ${quoted(line, "import test from 'ava'")}, one ${code("test('…', t => …)")} per case.`,
    sample: /['"]ava['"]/,
  },
  tap: {
    label: 'node-tap',
    step: (line) => `Write tests with node-tap: ${quoted(line, "const t = require('tap')")}.`,
    sample: /['"]tap['"]/,
  },
  testing: {
    label: 'Go testing',
    step: () =>
      `Write tests as ${code('func TestXxx(t *testing.T)')} functions in a ${code('_test.go')} file beside the code.`,
  },
  'rust-inline': {
    label: 'Rust unit tests',
    step: () =>
      `Put unit tests in a ${code('#[cfg(test)] mod tests')} module at the bottom of the file they test, ` +
      `as ${code('#[test] fn …()')} functions.`,
    pitfall:
      `A test in ${code('tests/')} only sees the crate's public API; unit tests belong in the file's ` +
      `own ${code('mod tests')} so they can reach private items.`,
  },
  rust: {
    label: 'Rust integration tests',
    step: () =>
      `Write ${code('#[test] fn …()')} functions in the ${code('tests/')} folder; they use the crate through its ` +
      `public API.`,
  },
  junit4: {
    label: 'JUnit 4',
    step: () => `Write JUnit 4 tests: annotate each test method with ${code('@Test')} from ${code('org.junit.Test')}.`,
    pitfall: `Do not use JUnit 5's ${code('org.junit.jupiter.api')} annotations; these tests run on JUnit 4.`,
  },
  junit5: {
    label: 'JUnit 5',
    step: () => `Write JUnit 5 tests: ${code('@Test')} from ${code('org.junit.jupiter.api.Test')}.`,
    pitfall: `Do not import ${code('org.junit.Test')} (JUnit 4); it is not run by the JUnit 5 engine.`,
  },
  junit3: {
    label: 'JUnit 3',
    step: () => `Write tests as JUnit 3 ${code('TestCase')} subclasses with ${code('public void testXxx()')} methods.`,
  },
  testng: {
    label: 'TestNG',
    step: () => `Write TestNG tests: ${code('@Test')} from ${code('org.testng.annotations.Test')}.`,
  },
};

const ASSERTIONS: Record<string, StylePhrase> = {
  assert: {
    label: 'plain assert',
    step: (line) =>
      `Check results with plain ${code('assert')} statements, such ` +
      `as ${quoted(line, 'assert result == expected')}; pytest shows both sides when one fails.`,
    sample: /^\s*assert [^#]{4,70}$/,
  },
  'self.assert': {
    label: 'self.assert*',
    step: (line) =>
      `Check results with the ${code('self.assert*')} methods, such ` +
      `as ${quoted(line, 'self.assertEqual(result, expected)')}.`,
    sample: /^\s*self\.assert\w+\(.{2,70}\)$/,
  },
  expect: {
    label: 'expect',
    step: (line) =>
      `Check results with ${code('expect(…)')} matchers, ` +
      `such as ${quoted(line, 'expect(result).toEqual(expected);')}.`,
    sample: /^\s*expect\(.{1,80}\)\.(not\.)?to[A-Z]\w*\(.{0,40}\);?$/,
  },
  'chai-expect': {
    label: 'Chai expect',
    step: (line) =>
      `Check results with Chai's ${code('expect')}, such as ${quoted(line, 'expect(result).to.equal(expected)')}.`,
    sample: /^\s*expect\(.{1,60}\)\.to\..{1,50};?$/,
  },
  'node:assert': {
    label: 'node:assert',
    step: (line) =>
      `Check results with Node's ${code('assert')} module, such ` +
      `as ${quoted(line, 'assert.strictEqual(actual, expected)')}.`,
    sample: /^\s*assert(\.\w+)?\(.{2,80}\);?$/,
  },
  'chai-assert': {
    label: 'Chai assert',
    step: (line) =>
      `Check results with Chai's ${code('assert')}, such as ${quoted(line, 'assert.equal(actual, expected)')}.`,
    sample: /^\s*assert\.\w+\(.{2,80}\);?$/,
  },
  't.assert': {
    label: 't.assert',
    step: (line) =>
      `Check results through the test context, such as ${quoted(line, 't.assert.strictEqual(actual, expected)')}, ` +
      `not a separately imported ${code('assert')}.`,
    pitfall:
      `${code('t.plan(n)')} counts only assertions made through ${code('t.assert')}; a ` +
      `plain ${code('assert')} call does not count toward the plan.`,
    sample: /^\s*t\.assert\.\w+\(.{2,80}\);?$/,
  },
  tap: {
    label: 'tap assertions',
    step: (line) =>
      `Check results with the assertions on ${code('t')}, such as ${quoted(line, 't.equal(actual, expected)')}.`,
    sample: /^\s*t\.(equal|same|ok|strictSame|match|is|deepEqual)\(.{2,80}\);?$/,
  },
  'testify-require': {
    label: 'testify require',
    step: (line) =>
      `Check results with testify's ${code('require')}, such as ${quoted(line, 'require.NoError(t, err)')}; it ` +
      `stops the test at the first failure.`,
    sample: /^\s*require\.\w+\(t, .{1,70}\)$/,
  },
  'testify-assert': {
    label: 'testify assert',
    step: (line) =>
      `Check results with testify's ${code('assert')}, such as ${quoted(line, 'assert.Equal(t, want, got)')}.`,
    sample: /^\s*assert\.\w+\(t, .{1,70}\)$/,
  },
  't.Errorf': {
    label: 't.Errorf',
    step: (line) =>
      `Report a failure with ${code('t.Errorf')} (or ${code('t.Fatalf')} when the test cannot go on), such ` +
      `as ${quoted(line, 't.Errorf("got %v, want %v", got, want)')}.`,
    pitfall:
      `Do not add an assertion library such as testify; these tests use the ` +
      `standard ${code('testing')} package only.`,
    sample: /^\s*t\.(Errorf|Fatalf)\(.{4,80}\)$/,
  },
  'assert_eq!': {
    label: 'assert_eq!',
    step: (line) =>
      `Check results with ${code('assert_eq!')} and ${code('assert!')}, such ` +
      `as ${quoted(line, 'assert_eq!(got, expected);')}.`,
    sample: /^\s*assert(_eq)?!\(.{2,80}\);$/,
  },
  hamcrest: {
    label: 'Hamcrest',
    step: (line) =>
      `Check results with Hamcrest's ${code('assertThat')}, such ` +
      `as ${quoted(line, 'assertThat(result, is(expected));')}.`,
    sample: /^\s*assertThat\(.{2,80}\);$/,
  },
  assertj: {
    label: 'AssertJ',
    step: (line) => `Check results with AssertJ, such as ${quoted(line, 'assertThat(result).isEqualTo(expected);')}.`,
    sample: /^\s*assertThat\(.{1,50}\)\.\w+\(.{0,40}\);$/,
  },
  'junit-assert': {
    label: 'JUnit Assert',
    step: (line) =>
      `Check results with JUnit's ${code('Assert')} methods, such ` +
      `as ${quoted(line, 'assertEquals(expected, actual);')}.`,
    sample: /^\s*(Assert\.)?assert(Equals|True|False|Null|NotNull|Same)\(.{2,80}\);$/,
  },
};

const FEATURES: Record<string, string> = {
  'pytest.raises': `When a test expects an exception, use ${code('with pytest.raises(…):')}.`,
  parametrize:
    `For several inputs to the same check, use ${code('@pytest.mark.parametrize')} ` + 'rather than copying the test.',
  'table-driven':
    `For several cases, write a table-driven test: a slice of case structs and ` +
    `a ${code('for _, tt := range tests')} loop, with ${code('t.Run')} for each case.`,
  pretty_assertions: `Use ${code('pretty_assertions::assert_eq')} where the tests here do, for readable diffs.`,
};

export function frameworkPhrase(framework: string): StylePhrase | undefined {
  return FRAMEWORKS[framework];
}

export function assertionPhrase(assertion: string): StylePhrase | undefined {
  return ASSERTIONS[assertion];
}

export function featurePhrase(feature: string): string | undefined {
  return FEATURES[feature];
}
