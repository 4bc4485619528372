/**
 * Import statements read from source text by tokenising lines, not parsing: enough to know which
 * modules a file (or a diff's added lines) uses and which names it takes from them, in
 * JavaScript/TypeScript, Python, Go, Rust and Java/Kotlin.
 */
export type SourceLanguage = 'js' | 'python' | 'go' | 'rust' | 'java';

export interface ImportStatement {
  /** The module as written: './util', 'pkg.mod', 'github.com/x/y', 'crate::a::b', 'com.x.Y'. */
  specifier: string;
  /** Names taken from it ({ a, b } in JS, `from m import a` in Python, `use m::{a, b}` in Rust). */
  names: string[];
  /** For Python's relative imports: how many leading dots. */
  level?: number;
  /**
   * The local name the whole module is bound to, when code reaches its members through it:
   * `import * as fs`, `const util = require('./util')`, `import a.b as c`, a Go package's name.
   */
  binding?: string;
  /** For JavaScript: an ES `import`/`export … from`, a CommonJS `require()`, or a dynamic `import()`. */
  form?: 'import' | 'require' | 'dynamic';
}

const EXTENSIONS: ReadonlyArray<[RegExp, SourceLanguage]> = [
  [/\.(m|c)?[jt]sx?$|\.(vue|svelte)$/, 'js'],
  [/\.pyi?$/, 'python'],
  [/\.go$/, 'go'],
  [/\.rs$/, 'rust'],
  [/\.(java|kt|kts|scala)$/, 'java'],
];

export function languageOf(path: string): SourceLanguage | undefined {
  for (const [pattern, language] of EXTENSIONS) if (pattern.test(path)) return language;
  return undefined;
}

const JS_FROM = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?([\w$*{}\s,]*?)\s*from\s*['"]([^'"\n]+)['"]/g;
const JS_BARE = /(?:^|[\s;])import\s*['"]([^'"\n]+)['"]/g;
const JS_CALL =
  /(?:\b(?:const|let|var)\s+([\w$]+|\{[^}]*\})\s*=\s*(?:await\s+)?)?\b(require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
const PY_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w \t,*]+))/gm;
const PY_IMPORT = /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)/gm;
const GO_SINGLE = /^\s*import\s+(?:[\w.]+\s+)?"([^"\n]+)"/gm;
const GO_BLOCK = /^\s*import\s*\(([^)]*)\)/gm;
const GO_LINE = /^\s*(?:[\w.]+\s+)?"([^"\n]+)"/gm;
const RUST_USE = /^[ \t]*(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]{1,2000});/gm;
const RUST_MOD = /^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;/gm;
const JAVA_IMPORT = /^\s*import\s+(?:static\s+)?([\w.]+)(?:\.\*)?\s*;?\s*$/gm;

/** Every import statement in the text, for the file's language. */
export function importsIn(text: string, language: SourceLanguage): ImportStatement[] {
  switch (language) {
    case 'js':
      return jsImports(text);
    case 'python':
      return pythonImports(text);
    case 'go':
      return goImports(text);
    case 'rust':
      return rustImports(text);
    case 'java':
      return [...text.matchAll(JAVA_IMPORT)].map((match) => {
        const specifier = match[1] ?? '';
        return { specifier, names: [specifier.slice(specifier.lastIndexOf('.') + 1)] };
      });
  }
}

function jsImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of text.matchAll(JS_FROM)) {
    const clause = match[1] ?? '';
    const namespace = /\*\s+as\s+([\w$]+)/.exec(clause)?.[1] ?? /^\s*([\w$]+)\s*(,|$)/.exec(clause)?.[1];
    found.push({
      specifier: match[2] ?? '',
      names: jsNames(clause.replace(/\*\s+as\s+[\w$]+/, '')),
      form: 'import',
      ...(namespace ? { binding: namespace } : {}),
    });
  }
  for (const match of text.matchAll(JS_BARE)) found.push({ specifier: match[1] ?? '', names: [], form: 'import' });
  for (const match of text.matchAll(JS_CALL)) {
    const target = match[1] ?? '';
    const form = match[2] === 'require' ? 'require' : 'dynamic';
    const specifier = match[3] ?? '';
    if (target.startsWith('{')) found.push({ specifier, names: jsNames(target.replace(/:\s*/g, ' as ')), form });
    else found.push({ specifier, names: [], form, ...(target ? { binding: target } : {}) });
  }
  return found;
}

/** `a, { b, c as d }` and `* as ns` → the local names a file uses. */
function jsNames(clause: string): string[] {
  const names: string[] = [];
  for (const part of clause.replace(/[{}]/g, ',').split(',')) {
    const name = localName(part.replace(/^\s*type\s+/, ''));
    if (name && name !== '*') names.push(name);
  }
  return names;
}

/** `a`, `a as b` → the name the code then uses: `a`, `b`. */
function localName(part: string): string {
  const words = part.trim().split(/\s+/).filter(Boolean);
  return (words.length >= 3 && words[words.length - 2] === 'as' ? words[words.length - 1] : words[0]) ?? '';
}

function pythonImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of text.matchAll(PY_FROM)) {
    const names = (match[3] ?? match[4] ?? '')
      .replace(/#[^\n]*/g, '')
      .split(',')
      .map((name) => localName(name))
      .filter((name) => /^[A-Za-z_]\w*$/.test(name));
    found.push({ specifier: match[2] ?? '', names, level: (match[1] ?? '').length });
  }
  for (const match of text.matchAll(PY_IMPORT)) {
    for (const part of (match[1] ?? '').split(',')) {
      const [specifier = '', as, alias] = part.trim().split(/\s+/);
      if (specifier) found.push({ specifier, names: [], binding: as === 'as' && alias ? alias : specifier });
    }
  }
  return found;
}

function goImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of text.matchAll(GO_SINGLE)) found.push(goImport(match[0], match[1] ?? ''));
  for (const block of text.matchAll(GO_BLOCK))
    for (const line of (block[1] ?? '').matchAll(GO_LINE)) found.push(goImport(line[0], line[1] ?? ''));
  return found;
}

/** A Go import is used through its package name: the alias when one is given, else the last path segment. */
function goImport(statement: string, specifier: string): ImportStatement {
  const alias = /^\s*([\w.]+)\s+"/.exec(statement.replace(/^\s*import\s+/, ''))?.[1];
  const binding =
    alias && alias !== '_' && alias !== '.'
      ? alias
      : specifier.slice(specifier.lastIndexOf('/') + 1).replace(/^go-|[.-]go$/g, '');
  return { specifier, names: [], binding };
}

function rustImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of text.matchAll(RUST_USE)) {
    // Each leaf of the use tree is one import: `crate::{a::{B, C}, d}` is crate::a::B, crate::a::C, crate::d.
    // `X as Y` imports X: the alias only renames it locally.
    for (const leaf of expandUseTree((match[1] ?? '').replace(/\s+as\s+\w+/g, '').replace(/\s+/g, ''))) {
      const cut = leaf.lastIndexOf('::');
      if (cut < 0) continue;
      const last = leaf.slice(cut + 2);
      if (last === 'self')
        found.push({ specifier: leaf.slice(0, cut), names: [leaf.slice(0, cut).split('::').pop() ?? ''] });
      else if (/^\w+$/.test(last) && last !== '*') found.push({ specifier: leaf.slice(0, cut), names: [last] });
    }
  }
  for (const match of text.matchAll(RUST_MOD)) found.push({ specifier: `mod::${match[1] ?? ''}`, names: [] });
  return found;
}

/** Expands `a::{b::{c, d}, e}` into its leaf paths. Depth is bounded: no real code nests deeper. */
function expandUseTree(tree: string, depth = 0): string[] {
  const open = tree.indexOf('{');
  if (open < 0 || depth > 6) return tree ? [tree] : [];
  const prefix = tree.slice(0, open);
  const inner = tree.slice(open + 1, tree.lastIndexOf('}'));
  const parts: string[] = [];
  let level = 0;
  let start = 0;
  for (let at = 0; at < inner.length; at++) {
    const char = inner[at];
    if (char === '{') level++;
    else if (char === '}') level--;
    else if (char === ',' && level === 0) {
      parts.push(inner.slice(start, at));
      start = at + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts.filter(Boolean).flatMap((part) => expandUseTree(`${prefix}${part}`, depth + 1));
}
