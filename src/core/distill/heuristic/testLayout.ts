/** Recognises test files and pairs them with the source file they test, by name alone. */

export type TestLocation = 'colocated' | '__tests__' | 'test-dir';

export interface TestFileInfo {
  path: string;
  /** The tested module's base name without extension ("lexer" for lexer.test.ts). */
  stem: string;
  ext: string;
  location: TestLocation;
  /** How the name marks a test: ".test", ".spec", "test_", "_test" or "" (only its folder). */
  marker: string;
}

const CODE_EXT =
  /\.(ts|tsx|js|jsx|mjs|cjs|py|go|rs|rb|java|kt|cs|php|swift|c|cc|cpp|h|hpp|scala|ex|exs|dart|vue|svelte)$/;
const TEST_DIRS = new Set(['test', 'tests', 'spec', 'specs', '__tests__', 'testing']);

export function isCodeFile(path: string): boolean {
  return CODE_EXT.test(path);
}

export function testInfo(path: string): TestFileInfo | undefined {
  if (!isCodeFile(path)) return undefined;
  const segments = path.split('/');
  const base = segments[segments.length - 1] ?? '';
  const dirs = segments.slice(0, -1);
  const location: TestLocation = dirs.includes('__tests__')
    ? '__tests__'
    : dirs.some((dir) => TEST_DIRS.has(dir))
      ? 'test-dir'
      : 'colocated';
  const dot = base.lastIndexOf('.');
  const ext = base.slice(dot);
  const name = base.slice(0, dot);
  let match = /^(.+)\.(test|spec)$/.exec(name);
  if (match) return { path, stem: match[1] ?? '', ext, location, marker: `.${match[2]}` };
  match = /^test_(.+)$/.exec(name);
  if (match) return { path, stem: match[1] ?? '', ext, location, marker: 'test_' };
  match = /^(.+)_test$/.exec(name);
  if (match) return { path, stem: match[1] ?? '', ext, location, marker: '_test' };
  if (
    location !== 'colocated' &&
    !/^(index|setup|helpers?|utils?|fixtures?|conftest|__init__|main|mocks?)$/.test(name)
  ) {
    return { path, stem: name, ext, location, marker: '' };
  }
  return undefined;
}

/** The test file name a source stem gets under a marker ("lexer", ".ts", ".test" → "lexer.test.ts"). */
export function testFileName(stem: string, ext: string, marker: string): string {
  if (marker === 'test_') return `test_${stem}${ext}`;
  if (marker === '_test') return `${stem}_test${ext}`;
  return `${stem}${marker}${ext}`;
}

/**
 * For a test under a test folder and its source, the two roots that mirror each other:
 * test/unit/parser/lexer.test.ts + src/parser/lexer.ts → ["test/unit", "src"].
 */
export function mirrorRoots(testPath: string, sourcePath: string): [string, string] {
  const testDirs = testPath.split('/').slice(0, -1);
  const sourceDirs = sourcePath.split('/').slice(0, -1);
  while (
    testDirs.length > 0 &&
    sourceDirs.length > 0 &&
    testDirs[testDirs.length - 1] === sourceDirs[sourceDirs.length - 1]
  ) {
    testDirs.pop();
    sourceDirs.pop();
  }
  return [testDirs.join('/'), sourceDirs.join('/')];
}
