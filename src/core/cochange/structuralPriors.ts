import { isCodeFile, testInfo } from '../distill/heuristic/testLayout';
import { dirOf } from '../util/paths';

/**
 * What the tree alone says about which files change together, for files with little or no
 * history: a file and its test, the files of the same folder, and files that import each other.
 */
export class StructuralPriors {
  private readonly byDirectory = new Map<string, string[]>();
  private readonly testsOfStem = new Map<string, string[]>();
  private readonly sourcesOfStem = new Map<string, string[]>();
  private readonly links = new Map<string, Set<string>>();

  private readonly present = new Set<string>();
  private readonly partners = new Map<string, string[]>();
  private partnersAt = -1;
  /** Bumped by every change to the tree, so callers can cache what they derive from it. */
  version = 0;

  constructor(
    tree: readonly string[],
    /** Pairs (importer, imported) of today's paths. */
    imports: Iterable<readonly [string, string]> = [],
  ) {
    for (const path of tree) this.add(path);
    for (const [from, to] of imports) {
      if (from === to) continue;
      link(this.links, from, to);
      link(this.links, to, from);
    }
  }

  has(path: string): boolean {
    return this.present.has(path);
  }

  /** A file that appeared in the tree. */
  add(path: string): void {
    if (this.present.has(path)) return;
    this.present.add(path);
    this.version++;
    push(this.byDirectory, dirOf(path), path);
    if (!isCodeFile(path)) return;
    const test = testInfo(path);
    if (test) push(this.testsOfStem, test.stem.toLowerCase(), path);
    else push(this.sourcesOfStem, stemOf(path).toLowerCase(), path);
  }

  /** A file that left the tree; a rename is a remove and an add, and its import links follow it. */
  remove(path: string, renamedTo?: string): void {
    if (!this.present.delete(path)) return;
    this.version++;
    pull(this.byDirectory, dirOf(path), path);
    pull(this.testsOfStem, (testInfo(path)?.stem ?? '').toLowerCase(), path);
    pull(this.sourcesOfStem, stemOf(path).toLowerCase(), path);
    const linked = this.links.get(path);
    this.links.delete(path);
    for (const other of linked ?? []) {
      this.links.get(other)?.delete(path);
      if (renamedTo && renamedTo !== other) {
        link(this.links, renamedTo, other);
        link(this.links, other, renamedTo);
      }
    }
  }

  /** The files of the path's folder (the path included). */
  siblings(path: string): readonly string[] {
    return this.filesIn(dirOf(path));
  }

  filesIn(folder: string): readonly string[] {
    return this.byDirectory.get(folder) ?? [];
  }

  /** A source file's tests, or a test's source files, matched by name (lexer.ts ↔ lexer.test.ts). */
  testPartners(path: string): string[] {
    if (this.partnersAt !== this.version) {
      this.partners.clear();
      this.partnersAt = this.version;
    }
    let partners = this.partners.get(path);
    if (!partners) this.partners.set(path, (partners = this.findPartners(path)));
    return partners;
  }

  private findPartners(path: string): string[] {
    if (!isCodeFile(path)) return [];
    const test = testInfo(path);
    const partners = test
      ? this.sourcesOfStem.get(test.stem.toLowerCase())
      : this.testsOfStem.get(stemOf(path).toLowerCase());
    if (!partners) return [];
    // Many same-named files (index.ts): keep the few that share the most of the path.
    return [...partners].sort((a, b) => sharedSegments(b, path) - sharedSegments(a, path)).slice(0, 3);
  }

  isTestPartner(a: string, b: string): boolean {
    return this.testPartners(a).includes(b);
  }

  /** Files that import the path or that it imports. */
  linked(path: string): ReadonlySet<string> {
    return this.links.get(path) ?? EMPTY;
  }

  get linkCount(): number {
    let count = 0;
    for (const set of this.links.values()) count += set.size;
    return count / 2;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function stemOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? base : base.slice(0, dot);
}

/** Leading folders two paths share, as a share of the longer one's folders (1 = same folder). */
export function pathCloseness(a: string, b: string): number {
  const left = a.split('/').slice(0, -1);
  const right = b.split('/').slice(0, -1);
  const longest = Math.max(left.length, right.length);
  if (longest === 0) return 1;
  return sharedPrefix(left, right) / longest;
}

function sharedSegments(a: string, b: string): number {
  return sharedPrefix(a.split('/'), b.split('/'));
}

function sharedPrefix(a: readonly string[], b: readonly string[]): number {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  return shared;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pull(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  const at = list ? list.indexOf(value) : -1;
  if (list && at >= 0) list.splice(at, 1);
}

function link(map: Map<string, Set<string>>, from: string, to: string): void {
  const set = map.get(from);
  if (set) set.add(to);
  else map.set(from, new Set([to]));
}
