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
const JS_CALL = /\b(require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
/** `const { a, b: c } = require('x')` or `const x = require('x')`: the names a CommonJS file binds. */
const JS_REQUIRE_BINDING = /(?:const|let|var|,)\s*(\{[^}]*\}|[\w$]+)\s*=\s*require\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
const PY_FROM = /^\s*from\s+(\.*)([\w.]*)\s+import\s+\(?([\w\s,*]+)\)?/gm;
const PY_IMPORT = /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)/gm;
const GO_SINGLE = /^\s*import\s+(?:[\w.]+\s+)?"([^"\n]+)"/gm;
const GO_BLOCK = /^\s*import\s*\(([^)]*)\)/gm;
const GO_LINE = /^\s*(?:[\w.]+\s+)?"([^"\n]+)"/gm;
const RUST_USE = /^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+([\w:]+)(?:::\{([^}]*)\})?/gm;
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
  for (const match of text.matchAll(JS_FROM)) found.push({ specifier: match[2] ?? '', names: jsNames(match[1] ?? ''), form: 'import' });
  for (const match of text.matchAll(JS_BARE)) found.push({ specifier: match[1] ?? '', names: [], form: 'import' });
  const bound = new Map<number, string[]>();
  for (const match of text.matchAll(JS_REQUIRE_BINDING)) bound.set(match.index + match[0].lastIndexOf('require'), jsNames((match[1] ?? '').replace(/:\s*/g, ' as ')));
  for (const match of text.matchAll(JS_CALL)) {
    const form = match[1] === 'require' ? 'require' : 'dynamic';
    found.push({ specifier: match[2] ?? '', names: bound.get(match.index) ?? [], form });
  }
  return found;
}

/** `a, { b, c as d }` and `* as ns` → the local names a file uses. */
function jsNames(clause: string): string[] {
  const names: string[] = [];
  for (const part of clause.replace(/[{}]/g, ',').split(',')) {
    const words = part.trim().split(/\s+/).filter((word) => word && word !== 'type');
    if (words.length === 0) continue;
    const name = words.length >= 3 && words[words.length - 2] === 'as' ? (words[0] === '*' ? words[2] : words[0]) : words[0];
    if (name && name !== '*') names.push(name);
  }
  return names;
}

function pythonImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of text.matchAll(PY_FROM)) {
    const names = (match[3] ?? '').split(',').map((name) => name.trim().split(/\s+/)[0] ?? '').filter((name) => name && name !== '*');
    found.push({ specifier: match[2] ?? '', names, level: (match[1] ?? '').length });
  }
  for (const match of text.matchAll(PY_IMPORT)) {
    for (const part of (match[1] ?? '').split(',')) {
      const specifier = part.trim().split(/\s+/)[0] ?? '';
      if (specifier) found.push({ specifier, names: [] });
    }
  }
  return found;
}

function goImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of text.matchAll(GO_SINGLE)) found.push({ specifier: match[1] ?? '', names: [] });
  for (const block of text.matchAll(GO_BLOCK)) for (const line of (block[1] ?? '').matchAll(GO_LINE)) found.push({ specifier: line[1] ?? '', names: [] });
  return found;
}

function rustImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of text.matchAll(RUST_USE)) {
    const path = (match[1] ?? '').replace(/::$/, '');
    const names = match[2] ? match[2].split(',').map((name) => name.trim().split(/\s+/)[0] ?? '').filter((name) => /^\w+$/.test(name) && name !== 'self') : [path.slice(path.lastIndexOf(':') + 1)];
    found.push({ specifier: path, names });
  }
  for (const match of text.matchAll(RUST_MOD)) found.push({ specifier: `mod::${match[1] ?? ''}`, names: [] });
  return found;
}
