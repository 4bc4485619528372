import { isCodeFile, testInfo } from './testLayout';
import { languageOf } from '../../code/importStatements';

/** How much of the tree the code conventions read: enough to see a habit, little enough to stay fast. */
export const CODE_SAMPLE = {
  /** Test files read at most. */
  maxTests: 120,
  /** Source files read at most. */
  maxSources: 180,
  /** Bytes read from the top of each file (imports, the first tests). */
  headBytes: 6144,
  /** Bytes read from the bottom (Rust keeps its unit tests there). */
  tailBytes: 2048,
} as const;

/** Modules that define a project's own errors, and pytest's shared fixtures: read whatever the sample picks. */
const ALWAYS_READ = /(^|\/)([\w-]*(errors?|exceptions?)|error_?types?|conftest)\.(py|[cm]?[jt]s|go|rs)$/i;

/**
 * Which files the code conventions and the header rule read: the error and fixture modules, then
 * test and source files spread evenly over the sorted tree, so every folder has its say.
 */
export function sampleForConventions(
  files: readonly string[],
  limits: { maxTests: number; maxSources: number } = CODE_SAMPLE,
): string[] {
  const code = files.filter((file) => isCodeFile(file) && !file.includes('node_modules/'));
  const always = code.filter((file) => ALWAYS_READ.test(file) && !isTestFile(file)).slice(0, 30);
  const tests = code.filter((file) => isTestFile(file) && !always.includes(file));
  const sources = code.filter((file) => !isTestFile(file) && !always.includes(file));
  return [...always, ...spread(tests, limits.maxTests), ...spread(sources, limits.maxSources)];
}

/** A test by its name or folder; Rust's integration tests are any file under a `tests/` folder. */
export function isTestFile(path: string): boolean {
  return testInfo(path) !== undefined || (languageOf(path) === 'rust' && /(^|\/)tests\//.test(path));
}

function spread(items: readonly string[], max: number): string[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, index) => items[Math.floor(index * step)] as string);
}
