/**
 * The project's only import of `yaml`. A SKILL.md is split into its YAML frontmatter and Markdown
 * body; the frontmatter stays a yaml Document so unknown keys, key order and comments survive a
 * read-modify-write round trip untouched.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

/** A position-bearing problem found while splitting or parsing. Lines and columns are 1-based. */
export interface FrontmatterProblem {
  line: number;
  column?: number;
  message: string;
  /** A lint rule more precise than a YAML syntax error, e.g. `yaml-alias-bomb`. */
  rule?: string;
}

/**
 * Alias expansions a frontmatter may need. Real skills use none; a few anchors are harmless. A
 * document that needs more is a "billion laughs" bomb: a few lines that expand to millions of nodes.
 */
const MAX_ALIAS_COUNT = 100;

export type FrontmatterValue =
  string | number | boolean | null | FrontmatterValue[] | { [key: string]: FrontmatterValue };

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSE = /^---[ \t]*\r?$/m;

export class Frontmatter {
  private constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    /** The file line of the first YAML line (the one after the opening `---`). */
    private readonly firstLine: number,
  ) {}

  static parse(yamlText: string, firstLine: number): { frontmatter: Frontmatter; problems: FrontmatterProblem[] } {
    const lineCounter = new LineCounter();
    const doc = parseDocument(yamlText, { lineCounter, prettyErrors: true, uniqueKeys: true });
    const problems: FrontmatterProblem[] = [...doc.errors, ...doc.warnings].map((error) => {
      const pos = error.linePos?.[0];
      return {
        line: (pos?.line ?? 1) + firstLine - 1,
        column: pos?.col,
        message: (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ''),
      };
    });
    if (problems.length === 0 && expandsTooFar(doc, yamlText)) {
      const aliasAt = yamlText.search(/\*[^\s,\]}]/);
      problems.push({
        line: (aliasAt < 0 ? 1 : lineCounter.linePos(aliasAt).line) + firstLine - 1,
        message:
          `YAML aliases expand to more than ${MAX_ALIAS_COUNT} copies (an alias bomb); write the values ` +
          `out instead`,
        rule: 'yaml-alias-bomb',
      });
    }
    return { frontmatter: new Frontmatter(doc, lineCounter, firstLine), problems };
  }

  static empty(): Frontmatter {
    return Frontmatter.parse('', 2).frontmatter;
  }

  /** True when the frontmatter is a mapping (or empty), which the spec requires. */
  isMapping(): boolean {
    return this.doc.contents === null || isMap(this.doc.contents);
  }

  keys(): string[] {
    const contents = this.doc.contents;
    if (!isMap(contents)) return [];
    return contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)));
  }

  has(key: string): boolean {
    return this.keys().includes(key);
  }

  /** The plain JS value at a key path, or undefined when absent. */
  get(path: readonly string[]): FrontmatterValue | undefined {
    try {
      const node = this.doc.getIn(path, true);
      if (node === undefined) return undefined;
      return toPlain(node, this.doc);
    } catch {
      return undefined;
    }
  }

  /** Sets a value, creating maps along the path; comments elsewhere stay where they are. */
  set(path: readonly string[], value: FrontmatterValue): void {
    if (!isMap(this.doc.contents)) this.doc.contents = this.doc.createNode({}) as Document['contents'];
    this.doc.setIn(path, value);
  }

  delete(path: readonly string[]): void {
    if (this.doc.hasIn(path)) this.doc.deleteIn(path);
  }

  /** The 1-based file line where the key (or its nearest existing ancestor) sits. */
  lineOf(path: readonly string[]): number {
    for (let depth = path.length; depth > 0; depth -= 1) {
      const parent = depth === 1 ? this.doc.contents : this.doc.getIn(path.slice(0, depth - 1), true);
      if (!isMap(parent)) continue;
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === path[depth - 1]);
      const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (offset !== undefined) return this.lineCounter.linePos(offset).line + this.firstLine - 1;
    }
    return this.firstLine - 1;
  }

  toString(): string {
    if (this.doc.contents === null) return '';
    return this.doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  }

  clone(): Frontmatter {
    return Frontmatter.parse(this.toString(), this.firstLine).frontmatter;
  }
}

/** The yaml library counts expansions as it builds the plain value and stops at the limit. */
function expandsTooFar(doc: Document, yamlText: string): boolean {
  if (!yamlText.includes('*')) return false;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return false;
  } catch (error) {
    return error instanceof ReferenceError;
  }
}

/**
 * An alias reads as its target when that is a scalar. An alias of a list or map reads as null:
 * never a string, so a field that must be one is reported, and an alias bomb is never expanded here.
 */
function toPlain(node: unknown, doc: Document): FrontmatterValue {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return isScalar(target) ? toPlain(target, doc) : null;
  }
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return value;
    return String(value);
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(item, doc));
  if (isMap(node)) {
    const out: Record<string, FrontmatterValue> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = pair.value === null ? null : toPlain(pair.value, doc);
    }
    return out;
  }
  return node === undefined || node === null ? null : String(node);
}

export interface SplitSkillMarkdown {
  /** Undefined when the file has no frontmatter block at all. */
  frontmatter: Frontmatter | undefined;
  body: string;
  /** 1-based line of the body's first line. */
  bodyLine: number;
  problems: FrontmatterProblem[];
}

/** Splits SKILL.md text. Never throws: a missing or broken block becomes a problem. */
export function parseSkillMarkdown(text: string): SplitSkillMarkdown {
  const open = OPEN.exec(text);
  if (!open) {
    return {
      frontmatter: undefined,
      body: text.replace(/^\uFEFF/, ''),
      bodyLine: 1,
      problems: [{ line: 1, column: 1, message: 'missing YAML frontmatter (the file must start with ---)' }],
    };
  }
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) {
    return {
      frontmatter: undefined,
      body: rest,
      bodyLine: 2,
      problems: [{ line: 1, column: 1, message: 'frontmatter is not closed by a --- line' }],
    };
  }
  const yamlText = rest.slice(0, close.index);
  const yamlLines = countLines(yamlText);
  let body = rest.slice(close.index + close[0].length);
  body = body.replace(/^\r?\n/, '');
  const { frontmatter, problems } = Frontmatter.parse(yamlText, 2);
  if (!frontmatter.isMapping()) problems.push({ line: 2, column: 1, message: 'frontmatter must be a YAML mapping' });
  return { frontmatter, body, bodyLine: 2 + yamlLines + 1, problems };
}

/** Joins frontmatter and body back into SKILL.md text with LF line endings. */
export function serializeSkillMarkdown(frontmatter: Frontmatter, body: string): string {
  const yamlText = frontmatter.toString();
  const head = yamlText.endsWith('\n') || yamlText === '' ? yamlText : `${yamlText}\n`;
  const normalisedBody = body.replace(/\r\n/g, '\n');
  const endsLine = normalisedBody.length === 0 || normalisedBody.endsWith('\n');
  return `---\n${head}---\n${endsLine ? normalisedBody : `${normalisedBody}\n`}`;
}

function countLines(text: string): number {
  if (text === '') return 0;
  let lines = 0;
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) === 10) lines += 1;
  return text.endsWith('\n') ? lines : lines + 1;
}
