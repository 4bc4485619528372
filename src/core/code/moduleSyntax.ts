import { composePattern } from '../util/patterns';
import { importsIn } from './importStatements';

/** Which module system a JavaScript or TypeScript file is written in, from its statements. */
export interface ModuleSyntax {
  format: 'esm' | 'commonjs' | 'mixed' | 'none';
  /** Starts with the `'use strict'` directive (after comments). */
  useStrict: boolean;
  /** How its relative imports end: '.js', '.ts', '.mjs', … or '' for none. */
  relativeExtensions: string[];
}

const EXPORT_KEYWORDS = [
  ...['default', 'const', 'let', 'var', 'function', 'async', 'class'],
  ...['abstract', 'type', 'interface', 'enum', 'declare', 'namespace'],
];
/** What may follow `export`: a declaration keyword, `{ names }` or `* from`. */
const EXPORT_FOLLOWERS = [
  ...EXPORT_KEYWORDS.map((keyword) => String.raw`${keyword}\b`),
  String.raw`\{`,
  String.raw`\*`,
];
const ESM_EXPORT = composePattern([String.raw`^\s*export\s+`, `(${EXPORT_FOLLOWERS.join('|')})`], 'm');
const CJS_EXPORT = /\bmodule\.exports\b|^\s*exports\.[\w$]+\s*=/m;
const CODE_EXTENSION = /\.(m|c)?[jt]sx?$/;

export function moduleSyntaxOf(text: string): ModuleSyntax {
  const statements = importsIn(text, 'js');
  const esm = statements.some((statement) => statement.form === 'import') || ESM_EXPORT.test(text);
  const cjs = statements.some((statement) => statement.form === 'require') || CJS_EXPORT.test(text);
  const format = esm && cjs ? 'mixed' : esm ? 'esm' : cjs ? 'commonjs' : 'none';
  const relativeExtensions: string[] = [];
  for (const statement of statements) {
    if (!statement.specifier.startsWith('.') || statement.form === 'dynamic' || statement.form !== formOf(format))
      continue;
    const base = statement.specifier.slice(statement.specifier.lastIndexOf('/') + 1);
    // `require('..')`, JSON and styles say nothing about how code files are named.
    if (base === '' || base === '.' || base === '..' || (/\.\w+$/.test(base) && !CODE_EXTENSION.test(base))) continue;
    relativeExtensions.push(CODE_EXTENSION.exec(base)?.[0] ?? '');
  }
  return { format, useStrict: startsWithUseStrict(text), relativeExtensions };
}

/** Skips a shebang and leading comments by hand: a regular expression for this backtracks badly. */
function startsWithUseStrict(text: string): boolean {
  let rest = text.replace(/^#![^\n]*\n/, '');
  for (;;) {
    rest = rest.trimStart();
    const end = rest.startsWith('//') ? rest.indexOf('\n') : rest.startsWith('/*') ? rest.indexOf('*/') + 1 : -2;
    if (end === -2) return /^['"]use strict['"]/.test(rest);
    if (end <= 0) return false;
    rest = rest.slice(end + 1);
  }
}

function formOf(format: ModuleSyntax['format']): 'import' | 'require' | undefined {
  return format === 'esm' ? 'import' : format === 'commonjs' ? 'require' : undefined;
}
