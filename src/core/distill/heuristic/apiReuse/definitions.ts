import { escapeRegExp } from '../../../util/regex';

/** Where a name is defined, and the first sentence of what its comment says it does. */
export interface Definition {
  path: string;
  /** 1-based. */
  line: number;
  summary?: string;
  /** Marked deprecated where it is defined (`@Deprecated`, `@deprecated`, `#[deprecated]`): no advice points at it. */
  deprecated: boolean;
}

/** Definition shapes across JS/TS, Python, Go, Rust and Java, with the name in the middle. */
function definitionPattern(name: string): RegExp {
  const n = escapeRegExp(name);
  return new RegExp(
    [
      `^\\s*(export\\s+)?(default\\s+)?(async\\s+)?function\\s*\\*?\\s*${n}\\b`,
      `^\\s*(export\\s+)?(const|let|var|class|interface|type|enum)\\s+${n}\\b`,
      `^\\s*(exports|module\\.exports)\\.${n}\\s*=`,
      `^\\s*${n}\\s*[:=]\\s*(async\\s+)?(function|\\(|[\\w$]+\\s*=>)`,
      // An entry of an exported table: `FST_ERR_X: createError(...)`, `NAME: defineCode(...)`.
      `^\\s*${n}\\s*:\\s*[\\w$.]+\\(`,
      `^\\s*(async\\s+)?def\\s+${n}\\s*\\(`,
      `^class\\s+${n}\\b`,
      `^${n}\\s*=`,
      `^func\\s+(\\([^)]*\\)\\s*)?${n}\\s*[([]`,
      `^(type|var|const)\\s+${n}\\b`,
      `^\\s*(pub(\\([^)]*\\))?\\s+)?(async\\s+)?(fn|struct|enum|trait|type|const|static|mod)\\s+${n}\\b`,
      `^\\s*(public|protected|private|static|final|abstract|\\s)*(class|interface|enum|record)\\s+${n}\\b`,
      `^\\s*(public|protected|private)\\s+(static\\s+)?[\\w<>[\\], ]+\\s+${n}\\s*\\(`,
    ].join('|'),
  );
}

/** The first definition of `name` among the texts, in the order given. */
export function findDefinition(
  name: string,
  texts: ReadonlyMap<string, string>,
  paths: readonly string[],
): Definition | undefined {
  const pattern = definitionPattern(name);
  for (const path of paths) {
    const lines = texts.get(path)?.split('\n');
    if (!lines) continue;
    const at = lines.findIndex((line) => pattern.test(line));
    if (at >= 0)
      return {
        path,
        line: at + 1,
        summary: commentAbove(lines, at) ?? docstringBelow(lines, at),
        deprecated: deprecatedAt(lines, at),
      };
  }
  return undefined;
}

function deprecatedAt(lines: readonly string[], at: number): boolean {
  for (let index = at - 1; index >= 0 && index >= at - 20; index--) {
    const line = (lines[index] ?? '').trim();
    if (/@deprecated\b|^@Deprecated\b|^#\[deprecated/i.test(line)) return true;
    if (!/^(\/\/|#|\*|\/\*|@)/.test(line)) break;
  }
  return false;
}

/** The comment block right above a definition (`/** … *\/`, `//`, `#`, `///`), as one sentence. */
function commentAbove(lines: readonly string[], at: number): string | undefined {
  const block: string[] = [];
  for (let index = at - 1; index >= 0 && index >= at - 12; index--) {
    const line = (lines[index] ?? '').trim();
    if (/^(\/\/\/?|#(?!\[)|\*|\/\*\*?|\*\/)/.test(line))
      block.unshift(
        line
          .replace(/^(\/\*\*?|\*\/|\/\/\/?|\*|#)\s?/, '')
          .replace(/\*\/$/, '')
          .trim(),
      );
    else if (/^(@|#\[)/.test(line)) continue;
    else break;
  }
  return sentence(block.filter((line) => line && !line.startsWith('@')).join(' '));
}

/** A Python docstring: the string literal on the lines after `def …:`. */
function docstringBelow(lines: readonly string[], at: number): string | undefined {
  const next = (lines[at + 1] ?? '').trim();
  const match = /^[rbu]?("""|''')(.*)/.exec(next);
  if (!match) return undefined;
  const text = [match[2] ?? ''];
  for (let index = at + 2; index < at + 8 && !text.join(' ').includes(match[1] as string); index++)
    text.push((lines[index] ?? '').trim());
  return sentence(text.join(' ').split(match[1] as string)[0] ?? '');
}

function sentence(text: string): string | undefined {
  // Javadoc and JSDoc markup (<i>, {@link X}) is for renderers, not for a sentence in a skill.
  const flat = text
    .replace(/<[^>]+>/g, '')
    .replace(/\{@\w+\s+([^}]*)\}/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length < 8) return undefined;
  const end = flat.search(/[.!?](\s|$)/);
  const first = end > 0 ? flat.slice(0, end + 1) : flat;
  return first.length > 160 ? `${first.slice(0, 157)}…` : first;
}
