/**
 * The case a file name is written in. One lowercase word (`utils`) fits kebab-case, snake_case
 * and camelCase alike, so it is `word` and says nothing about which one a folder uses.
 */
export type NameCase = 'kebab-case' | 'snake_case' | 'camelCase' | 'PascalCase' | 'word' | 'other';

/** Names every convention allows: entry points and package markers keep their fixed names. */
const FIXED_NAMES =
  /^(index|main|mod|lib|__init__|__main__|setup|conftest|doc|types|globals|README|LICENSE|Makefile|Dockerfile)$/;

/**
 * The part of a file name its case is judged on: the base name up to its first dot, with test
 * markers, build-constraint suffixes and leading underscores dropped (`_internal_utils.py` →
 * `internal_utils`, `test_sessions.py` → `sessions`, `use-query.test.ts` → `use-query`,
 * `term_windows.go` → `term`). Undefined for fixed names.
 */
export function fileStem(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  // Go's build-constraint suffixes (`_windows`, `_amd64`) are not part of the name's case.
  const stem =
    base
      .split('.')[0]
      ?.replace(/^_+/, '')
      .replace(/^test_|_test$/, '')
      .replace(/(_(windows|unix|linux|darwin|freebsd|openbsd|netbsd|plan9|wasm|amd64|arm64|386|arm))+$/, '') ?? '';
  if (!stem || FIXED_NAMES.test(stem)) return undefined;
  return stem;
}

export function nameCaseOf(stem: string): NameCase {
  if (/^[a-z][a-z0-9]*$/.test(stem)) return 'word';
  if (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(stem)) return 'kebab-case';
  if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(stem)) return 'snake_case';
  if (/^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/.test(stem)) return 'camelCase';
  if (/^[A-Z][A-Za-z0-9]*$/.test(stem) && /[a-z]/.test(stem)) return 'PascalCase';
  return 'other';
}
