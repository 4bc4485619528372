import type { Evidence } from '../../model/candidate';
import { languageOf } from '../../code/importStatements';
import { type ModuleSyntax, moduleSyntaxOf } from '../../code/moduleSyntax';
import { excerptLines, type SourceLine } from '../../code/sourceExcerpt';
import { redactText } from '../../redaction/redactText';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody } from './candidateFactory';
import {
  type CodeConventionInput,
  type CodeConventionOptions,
  DEFAULT_CODE_CONVENTION_OPTIONS,
  dominant,
  fenceOf,
  languageLabel,
  placeRank,
} from './codeConventions';

interface ModuleFile {
  path: string;
  syntax: ModuleSyntax;
  lines: SourceLine[];
}

/** `.mjs`, `.cjs` and declaration files state their format by name; they do not vote. */
const DECLARED_BY_NAME = /\.(mjs|cjs|mts|cts)$|\.d\.[cm]?ts$/;
const STATEMENT = /^\s*(import\b|export\b|(const|let|var)\s.*\brequire\(|module\.exports|exports\.)/;

/**
 * ES modules or CommonJS for the JavaScript/TypeScript code, how relative imports end, and the
 * `'use strict'` directive, from the statements of the sampled files and package.json's `type`.
 */
export function distillModuleFormat(
  input: CodeConventionInput,
  partial: Partial<CodeConventionOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_CODE_CONVENTION_OPTIONS, ...partial };
  const files: ModuleFile[] = [];
  for (const [path, excerpt] of input.excerpts) {
    if (languageOf(path) !== 'js' || DECLARED_BY_NAME.test(path) || /\.(vue|svelte)$/.test(path)) continue;
    const syntax = moduleSyntaxOf(excerpt.head);
    if (syntax.format !== 'none') files.push({ path, syntax, lines: excerptLines(excerpt) });
  }
  const format = dominant(files, (file) => file.syntax.format);
  if (
    !format ||
    format.key === 'mixed' ||
    format.count < options.minFiles ||
    format.count / files.length < options.minShare
  )
    return [];
  const esm = format.key === 'esm';
  const following = [...format.items].sort(
    (a, b) => placeRank(a.path) - placeRank(b.path) || a.path.localeCompare(b.path),
  );
  const label = languageLabel(
    'js',
    following.map((file) => file.path),
  );
  const packageType = declaredType(input.contents.get('package.json'));
  const extensions = following.flatMap((file) => file.syntax.relativeExtensions);
  const extension = dominant(extensions, (ext) => ext);
  const extensionRule =
    extension && extension.count >= options.minFiles && extension.count / extensions.length >= options.minShare
      ? extension.key
      : undefined;
  const strict =
    !esm && following.filter((file) => file.syntax.useStrict).length / following.length >= options.minShare;
  const example = exampleFile(following, extensionRule);
  const typeModule = code('"type": "module"');
  const loadsAsEsm = `${code('package.json')} sets ${typeModule}, so Node loads ${code('.js')} files as ES modules.`;
  const moduleType = packageType === 'module' ? ` ${loadsAsEsm}` : '';
  const steps = [
    esm
      ? `Write ES modules: ${code("import { name } from '…'")} and ${code('export')}, ` +
        `never ${code('require()')} or ${code('module.exports')}.${moduleType}`
      : `Write CommonJS modules: load dependencies with ${code("const name = require('…')")} and export ` +
        `with ${code('module.exports')}; do not use ${code('import')}/${code('export')} syntax.`,
  ];
  if (strict)
    steps.push(`Start each file with the ${code("'use strict'")} directive, before the first ${code('require')}.`);
  if (extensionRule !== undefined) {
    const sample = sampleSpecifier(following, extensionRule);
    const asInSample = sample ? `, as in ${code(sample)}` : '';
    const evenInTs = label === 'TypeScript' && extensionRule === '.js' ? `, even in ${code('.ts')} files` : '';
    steps.push(
      extensionRule === ''
        ? `Leave the extension off relative imports${asInSample}.`
        : `End relative imports with ${code(extensionRule)}${evenInTs}${asInSample}.`,
    );
  }
  const pitfalls: string[] = [];
  if (esm && packageType === 'module')
    pitfalls.push(
      `${code('require')}, ${code('module.exports')} and ${code('__dirname')} do not exist in ES modules; ` +
        `use ${code('import')} and ${code('import.meta.url')}.`,
    );
  if (esm && extensionRule === '.js')
    pitfalls.push(
      `Node's ES module loader does not add extensions: a relative import without ${code('.js')} fails to resolve.`,
    );
  if (!esm && label === 'JavaScript')
    pitfalls.push(
      `An ${code('import')} statement in a CommonJS ${code('.js')} file fails when Node loads it ("Cannot use ` +
        `import statement outside a module").`,
    );
  if (pitfalls.length === 0) pitfalls.push(`Do not mix ${code('import')} and ${code('require()')} in one file.`);
  const evidence: Evidence[] = following.slice(0, 4).map((file) => ({
    kind: 'file',
    ref: file.path,
    line: firstStatementLine(file),
    detail: esm ? 'written as an ES module' : 'written as a CommonJS module',
  }));
  const typeLine = packageTypeLine(input.contents.get('package.json'));
  if (typeLine)
    evidence.push({
      kind: 'file',
      ref: 'package.json',
      line: typeLine,
      detail: `declares "type": "${packageType ?? ''}"`,
    });
  const name = esm ? 'ES modules' : 'CommonJS';
  const body = renderBody(`${label} modules: ${name}`, [
    ['When to use', [`When you create a ${label} file or add an import or export to one.`]],
    ['Steps', steps.map((step, index) => `${index + 1}. ${step}`)],
    [
      'Example',
      example
        ? [`The top of ${code(example.path)}:`, '', `\`\`\`${fenceOf(example.path)}`, ...example.lines, '```']
        : [],
    ],
    ['Pitfalls', pitfalls.map((line) => `- ${line}`)],
    [
      'Evidence',
      [
        `- ${humanList(following.slice(0, 4).map((file) => code(file.path)))} are written this ` +
          `way${typeLine ? `, and ${code('package.json')} declares ${code(`"type": "${packageType ?? ''}"`)}` : ''}.`,
      ],
    ],
  ]);
  const share = format.count / files.length;
  const importEnding =
    extensionRule === undefined
      ? ''
      : extensionRule
        ? `, with relative imports ending in "${extensionRule}"`
        : ', with relative imports written without an extension';
  return [
    makeCandidate(
      {
        name: `${label}-module-format`,
        description:
          `This repository's ${label} is written as ${name}${importEnding}. Use when creating ` +
          `a ${label} file or changing its imports or exports.`,
        body,
        scope: [...new Set(following.map((file) => `**/*${file.path.slice(file.path.lastIndexOf('.'))}`))].slice(0, 4),
        confidence: Math.min(0.9, share * (1 - 1 / (files.length + 2))),
        evidence,
        source: 'code-conventions',
        support: format.count,
        statistics: {
          convention: 'module-format',
          format: format.key,
          'sampled-files': String(files.length),
          'following-files': String(format.count),
          share: share.toFixed(2),
          ...(extensionRule !== undefined ? { 'relative-import-extension': extensionRule || 'none' } : {}),
          ...(packageType ? { 'package-type': packageType } : {}),
        },
      },
      now,
    ),
  ];
}

function declaredType(packageJson: string | undefined): string | undefined {
  try {
    const type = packageJson ? (JSON.parse(packageJson) as { type?: unknown }).type : undefined;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}

function packageTypeLine(packageJson: string | undefined): number | undefined {
  const index = packageJson?.split('\n').findIndex((line) => /^\s*"type"\s*:\s*"(module|commonjs)"/.test(line)) ?? -1;
  return index >= 0 ? index + 1 : undefined;
}

function firstStatementLine(file: ModuleFile): number {
  return file.lines.find((line) => STATEMENT.test(line.text))?.line ?? 1;
}

/** A source file's opening statements (directive and imports, at most eight lines), redacted; longer ones first. */
function exampleFile(
  files: readonly ModuleFile[],
  extension: string | undefined,
): { path: string; lines: string[] } | undefined {
  let best: { path: string; lines: string[] } | undefined;
  for (const file of files) {
    const start = file.lines.findIndex((line) => STATEMENT.test(line.text) || /^['"]use strict/.test(line.text));
    if (start < 0) continue;
    const block: string[] = [];
    for (const line of file.lines.slice(start, start + 12)) {
      if (
        !(STATEMENT.test(line.text) || /^['"]use strict/.test(line.text) || line.text.trim() === '') ||
        /[{(,]\s*$/.test(line.text)
      )
        break;
      block.push(line.text.replace(/\s+$/, ''));
    }
    while (block.length > 0 && block[block.length - 1] === '') block.pop();
    const relative = block.some((line) => /['"]\.\.?\//.test(line));
    if (block.length === 0 || block.length > 8 || (extension !== undefined && !relative)) continue;
    if (!best || block.length > best.lines.length)
      best = { path: file.path, lines: redactText(block.join('\n')).split('\n') };
    if (best.lines.length >= 3) break;
  }
  return best;
}

function sampleSpecifier(files: readonly ModuleFile[], extension: string): string | undefined {
  for (const file of files) {
    for (const line of file.lines) {
      const match = /\bfrom\s+(['"])(\.\.?\/[^'"]+)\1|require\((['"])(\.\.?\/[^'"]+)\3\)/.exec(line.text);
      const specifier = match?.[2] ?? match?.[4];
      if (
        specifier &&
        (extension === ''
          ? !/\.\w+$/.test(specifier.slice(specifier.lastIndexOf('/') + 1))
          : specifier.endsWith(extension))
      )
        return redactText(line.text.trim().slice(0, 100));
    }
  }
  return undefined;
}
