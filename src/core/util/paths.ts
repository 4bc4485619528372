import { escapeRegExp } from './regex';

/** The folder of a repository-relative path, '.' for the root. */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

/** Every mention of a renamed path, as a whole path (not part of a longer one), becomes its new name. */
export function renamePathsIn(text: string, renames: Iterable<readonly [from: string, to: string]>): string {
  let out = text;
  for (const [from, to] of renames)
    out = out.replace(new RegExp(`(?<![\\w./-])${escapeRegExp(from)}(?![\\w/-])`, 'g'), to);
  return out;
}
