import type { SourceLanguage } from './importStatements';
import type { SourceLine } from './sourceExcerpt';

/** A place where code raises, throws or returns an error, by line index in the lines given. */
export interface ErrorSite {
  /**
   * raise/throw: a named error class is constructed and thrown. Go: wrap (fmt.Errorf with %w),
   * pkg-wrap (errors.Wrap), errorf (fmt.Errorf without %w), new (errors.New), bare (`return err`).
   */
  kind: 'throw' | 'wrap' | 'pkg-wrap' | 'errorf' | 'new' | 'bare';
  /** The class thrown, without its qualifier (`InvalidURL` for `exceptions.InvalidURL`). */
  name?: string;
  /** For Go: the message's first letter, to see whether messages start lowercase. */
  message?: string;
  index: number;
}

/** An error class the file defines: `class InvalidURL(RequestException)`, `class AxiosError extends Error`. */
export interface ErrorClass {
  name: string;
  base: string;
  index: number;
}

const THROWS: Partial<Record<SourceLanguage, RegExp[]>> = {
  python: [/^\s*raise\s+(?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*)\s*(?:\(|$|\s+from\b)/],
  js: [/\bthrow\s+new\s+(?:[A-Za-z_$][\w$]*\.)*([A-Za-z_$][\w$]*)\s*\(/, /\bthrow\s+([A-Z][\w$]*)\.\w+\(/],
  java: [/\bthrow\s+new\s+(?:\w+\.)*(\w+)\s*\(/],
};

const CLASSES: Partial<Record<SourceLanguage, RegExp>> = {
  python: /^class\s+(\w+)\s*\(\s*([\w.]+)/,
  js: /\bclass\s+([A-Za-z_$][\w$]*)\s+extends\s+(?:[\w$]+\.)*([A-Za-z_$][\w$]*)/,
  java: /\bclass\s+(\w+)\s+extends\s+(?:\w+\.)*(\w+)/,
};

/** `FST_ERR_X: createError(…)` or `const X = createError(…)`: errors defined by a factory. */
const JS_FACTORY = /^\s*(?:(?:export\s+)?(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*[:=]\s*createError\(/;

export function errorSitesOf(language: SourceLanguage, lines: readonly SourceLine[]): ErrorSite[] {
  const sites: ErrorSite[] = [];
  lines.forEach(({ text }, index) => {
    if (/^\s*(#|\/\/|\*)/.test(text)) return;
    if (language === 'go') {
      const site = goSite(text);
      if (site) sites.push({ ...site, index });
      return;
    }
    for (const pattern of THROWS[language] ?? []) {
      const name = pattern.exec(text)?.[1];
      // `raise err` re-raises a variable; only a class (capitalised) says which errors the code uses.
      if (name && /^[A-Z]/.test(name)) {
        sites.push({ kind: 'throw', name, index });
        break;
      }
    }
  });
  return sites;
}

export function errorClassesOf(language: SourceLanguage, lines: readonly SourceLine[]): ErrorClass[] {
  const pattern = CLASSES[language];
  const classes: ErrorClass[] = [];
  lines.forEach(({ text }, index) => {
    const match = pattern?.exec(text);
    if (match) classes.push({ name: match[1] ?? '', base: (match[2] ?? '').replace(/^.*\./, ''), index });
    const factory = language === 'js' ? JS_FACTORY.exec(text)?.[1] : undefined;
    if (factory) classes.push({ name: factory, base: 'createError', index });
  });
  return classes;
}

function goSite(text: string): Omit<ErrorSite, 'index'> | undefined {
  const errorf = /\bfmt\.Errorf\(\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  if (errorf) return { kind: /%w/.test(errorf[1] ?? '') ? 'wrap' : 'errorf', message: errorf[1] };
  const created = /\berrors\.New\(\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  if (created) return { kind: 'new', message: created[1] };
  if (/\berrors\.Wrapf?\(/.test(text)) return { kind: 'pkg-wrap' };
  if (/^\s*return\s+(?:(?:nil|""|0|false|-1|\w+\{\}),\s*)*err\s*$/.test(text)) return { kind: 'bare' };
  return undefined;
}
