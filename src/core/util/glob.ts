/** The project's only import of picomatch. Globs use forward slashes and match relative paths. */
import picomatch from 'picomatch';

export type PathMatcher = (relativePath: string) => boolean;

const cache = new Map<string, PathMatcher>();
const CACHE_LIMIT = 512;

/** A matcher for any of the globs; an empty list matches nothing. */
export function globMatcher(globs: readonly string[]): PathMatcher {
  if (globs.length === 0) return () => false;
  const key = globs.join('\u0000');
  const cached = cache.get(key);
  if (cached) return cached;
  const isMatch = picomatch([...globs], { dot: true });
  const matcher: PathMatcher = (relativePath) => isMatch(toPosix(relativePath));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, matcher);
  return matcher;
}

export function matchesAnyGlob(relativePath: string, globs: readonly string[]): boolean {
  return globMatcher(globs)(relativePath);
}

export function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}
