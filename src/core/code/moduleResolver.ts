import { dirOf } from '../util/paths';
import type { ImportStatement, SourceLanguage } from './importStatements';

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.vue', '.svelte'];
const JAVA_EXTENSIONS = ['.java', '.kt', '.scala'];

/**
 * Maps an import statement to the repository files it names, or to nothing for a third-party
 * module. Only what the tree shows is used: relative paths, Python packages, Go module paths from
 * go.mod, Rust crate and module files, Java packages by folder.
 */
export class ModuleResolver {
  private readonly files: ReadonlySet<string>;
  /** Path without extension, by every trailing run of its segments ("b/c" and "a/b/c" for a/b/c.py). */
  private readonly bySuffix = new Map<string, string[]>();
  private readonly byFolder = new Map<string, string[]>();
  /** Rust crate names (underscored) → the folder holding lib.rs. */
  private readonly crates = new Map<string, string>();

  constructor(
    tree: readonly string[],
    /** go.mod folders → their module path. */
    private readonly goModules: ReadonlyMap<string, string> = new Map(),
  ) {
    this.files = new Set(tree);
    for (const path of tree) {
      const folder = dirOf(path);
      const list = this.byFolder.get(folder);
      if (list) list.push(path);
      else this.byFolder.set(folder, [path]);
      const stem = path.replace(/\/__init__\.pyi?$/, '').replace(/\.[^./]+$/, '');
      const segments = stem.split('/');
      for (let start = 0; start < segments.length; start++) {
        const key = segments.slice(start).join('/');
        const entries = this.bySuffix.get(key);
        if (entries) entries.push(path);
        else this.bySuffix.set(key, [path]);
      }
      if (/(^|\/)src\/lib\.rs$/.test(path)) {
        const crateDir = path.slice(0, -'/src/lib.rs'.length);
        this.crates.set(
          (crateDir.slice(crateDir.lastIndexOf('/') + 1) || 'crate').replace(/-/g, '_'),
          `${crateDir ? `${crateDir}/` : ''}src`,
        );
      }
    }
  }

  resolve(from: string, statement: ImportStatement, language: SourceLanguage): string[] {
    switch (language) {
      case 'js':
        return statement.specifier.startsWith('.')
          ? this.first(jsCandidates(join(dirOf(from), statement.specifier)))
          : [];
      case 'python':
        return this.python(from, statement);
      case 'go':
        return this.go(statement.specifier);
      case 'rust':
        return this.rust(from, statement.specifier);
      case 'java':
        return this.java(statement.specifier);
    }
  }

  private python(from: string, statement: ImportStatement): string[] {
    const module = statement.specifier.replace(/\./g, '/');
    if (statement.level) {
      let base = dirOf(from);
      for (let up = 1; up < statement.level; up++) base = dirOf(base);
      const root = base === '.' ? '' : `${base}/`;
      const targets = module ? [`${root}${module}`] : statement.names.map((name) => `${root}${name}`);
      return targets.flatMap((target) => this.first([`${target}.py`, `${target}/__init__.py`]));
    }
    // `from a.b import c` may import module a/b/c or name c of a/b.
    const python = (path: string): boolean => /\.pyi?$/.test(path);
    const asModules = statement.names.flatMap((name) => this.uniqueSuffix(`${module}/${name}`, python));
    return asModules.length > 0 ? asModules : this.uniqueSuffix(module, python);
  }

  private go(specifier: string): string[] {
    for (const [folder, modulePath] of this.goModules) {
      if (specifier !== modulePath && !specifier.startsWith(`${modulePath}/`)) continue;
      const rest = specifier.slice(modulePath.length).replace(/^\//, '');
      const target = [folder === '.' ? '' : folder, rest].filter(Boolean).join('/') || '.';
      return (this.byFolder.get(target) ?? [])
        .filter((path) => path.endsWith('.go') && !path.endsWith('_test.go'))
        .slice(0, 8);
    }
    return [];
  }

  private rust(from: string, specifier: string): string[] {
    const folder = dirOf(from);
    const base = from.replace(/\.rs$/, '');
    const ownDir = /\/(mod|lib|main)\.rs$|^(mod|lib|main)\.rs$/.test(from) ? folder : base;
    if (specifier.startsWith('mod::'))
      return this.first(rustCandidates(`${ownDir === '.' ? '' : `${ownDir}/`}${specifier.slice(5)}`));
    const parts = specifier.split('::');
    const head = parts[0] ?? '';
    let root: string | undefined;
    if (head === 'crate') root = this.crateRootOf(from);
    else if (head === 'self') root = ownDir;
    else if (head === 'super') root = dirOf(ownDir);
    else root = this.crates.get(head);
    if (root === undefined) return [];
    // Try the longest module path first: `crate::a::b::Name` is a/b.rs when Name is an item.
    for (let length = parts.length - 1; length >= 1; length--) {
      const found = this.first(
        rustCandidates([root === '.' ? '' : root, ...parts.slice(1, length + 1)].filter(Boolean).join('/')),
      );
      if (found.length > 0) return found;
    }
    return [];
  }

  private crateRootOf(from: string): string | undefined {
    for (let folder = dirOf(from); ; folder = dirOf(folder)) {
      const prefix = folder === '.' ? '' : `${folder}/`;
      if (this.files.has(`${prefix}lib.rs`) || this.files.has(`${prefix}main.rs`)) return folder;
      if (folder === '.') return undefined;
    }
  }

  private java(specifier: string): string[] {
    const path = specifier.replace(/\./g, '/');
    const java = (file: string): boolean => JAVA_EXTENSIONS.some((ext) => file.endsWith(ext));
    const direct = this.uniqueSuffix(path, java);
    // A static import names a member: drop it and look for the class.
    return direct.length > 0 ? direct : this.uniqueSuffix(path.slice(0, path.lastIndexOf('/')), java);
  }

  /** Files whose path ends with the module path; nothing when it is ambiguous across folders. */
  private uniqueSuffix(module: string, accept: (path: string) => boolean): string[] {
    if (!module) return [];
    const matches = (this.bySuffix.get(module) ?? []).filter(accept);
    if (matches.length === 0) return [];
    const shortest = Math.min(...matches.map((match) => match.length));
    const best = matches.filter((match) => match.length === shortest);
    return best.length <= 2 ? best : [];
  }

  private first(candidates: readonly string[]): string[] {
    for (const candidate of candidates) if (this.files.has(candidate)) return [candidate];
    return [];
  }
}

function jsCandidates(base: string): string[] {
  const withoutJs = base.replace(/\.(m|c)?js$/, '');
  return [
    base,
    ...JS_EXTENSIONS.map((ext) => `${withoutJs}${ext}`),
    ...JS_EXTENSIONS.map((ext) => `${base}/index${ext}`),
  ];
}

function rustCandidates(base: string): string[] {
  return [`${base}.rs`, `${base}/mod.rs`];
}

/** Joins a folder and a relative specifier, resolving `.` and `..`; never leaves the repository. */
function join(folder: string, relative: string): string {
  const out = folder === '.' ? [] : folder.split('/');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
