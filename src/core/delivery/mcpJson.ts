import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UnsafeWriteTargetError, vetWriteTarget } from '../util/writeTarget';
import { blankComments, JsoncError, objectAt, parseJsonc, skipSpace } from './jsoncText';

export interface McpServerEntry {
  command: string;
  args: string[];
  /** Server name in mcp.json. @default 'skillwright' */
  name?: string;
}

export interface WriteMcpJsonResult {
  path: string;
  action: 'created' | 'added' | 'updated' | 'unchanged';
}

/** mcp.json exists but is not JSON (with comments); we never overwrite what we cannot read. */
export class McpJsonError extends Error {
  override readonly name = 'McpJsonError';
}

/**
 * Creates or updates this server's entry in `<workspace>/.vscode/mcp.json`, keeping every other
 * server, the `inputs`, comments and formatting. The file is replaced atomically.
 */
export async function writeMcpJson(workspaceFolder: string, entry: McpServerEntry): Promise<WriteMcpJsonResult> {
  const path = await vetWriteTarget(join(workspaceFolder, '.vscode', 'mcp.json'), {
    role: 'MCP configuration',
    inside: { root: workspaceFolder },
  }).catch((error: unknown) => {
    throw error instanceof UnsafeWriteTargetError ? new McpJsonError(error.message) : error;
  });
  const dir = dirname(path);
  let original: string | undefined;
  try {
    original = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new McpJsonError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const name = entry.name ?? 'skillwright';
  const value = { type: 'stdio', command: entry.command, args: entry.args };
  let next: string;
  let action: WriteMcpJsonResult['action'];
  if (original === undefined || original.trim() === '') {
    next = `${JSON.stringify({ servers: { [name]: value } }, null, 2)}\n`;
    action = 'created';
  } else {
    ({ text: next, action } = upsertServer(original, path, name, value));
  }
  if (action !== 'unchanged') {
    await mkdir(dir, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, next, 'utf8');
    await rename(temp, path);
  }
  return { path, action };
}

/** The text edit itself, exported for tests: returns the new text and what happened. */
export function upsertServer(
  original: string,
  path: string,
  name: string,
  value: Record<string, unknown>,
): { text: string; action: 'added' | 'updated' | 'unchanged' } {
  let parsed: unknown;
  let blanked: string;
  try {
    parsed = parseJsonc(original);
    blanked = blankComments(original);
  } catch (error) {
    throw new McpJsonError(
      `${path} is not valid JSON (${error instanceof JsoncError ? error.message : String(error)}); fix or remove ` +
        `it, then try again`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new McpJsonError(`${path} does not hold a JSON object; not touching it`);
  const servers = (parsed as Record<string, unknown>).servers;
  if (servers !== undefined && (typeof servers !== 'object' || servers === null || Array.isArray(servers))) {
    throw new McpJsonError(`"servers" in ${path} is not an object; not touching it`);
  }
  const existing = (servers as Record<string, unknown> | undefined)?.[name];
  if (existing !== undefined && JSON.stringify(existing) === JSON.stringify(value))
    return { text: original, action: 'unchanged' };

  const indent = /\n([ \t]+)"/.exec(original)?.[1] ?? '  ';
  const root = objectAt(blanked, skipSpace(blanked, 0));
  const serversRange = root.members.get('servers');
  if (!serversRange) {
    const body = `"servers": ${indentJson({ [name]: value }, indent, 1)}`;
    return {
      text: insertMember(original, blanked, root.open, root.members.size > 0, body, indent, 1),
      action: 'added',
    };
  }
  const serversObject = objectAt(blanked, serversRange.valueStart);
  const member = serversObject.members.get(name);
  if (member) {
    const text = original.slice(0, member.valueStart) + indentJson(value, indent, 2) + original.slice(member.valueEnd);
    return { text, action: 'updated' };
  }
  const body = `${JSON.stringify(name)}: ${indentJson(value, indent, 2)}`;
  return {
    text: insertMember(original, blanked, serversObject.open, serversObject.members.size > 0, body, indent, 2),
    action: 'added',
  };
}

function insertMember(
  original: string,
  blanked: string,
  open: number,
  hasMembers: boolean,
  body: string,
  indent: string,
  depth: number,
): string {
  const at = open + 1;
  if (hasMembers) return `${original.slice(0, at)}\n${indent.repeat(depth)}${body},${original.slice(at)}`;
  const close = skipSpace(blanked, at);
  const closingIndent = indent.repeat(depth - 1);
  return `${original.slice(0, at)}\n${indent.repeat(depth)}${body}\n${closingIndent}${original.slice(close)}`;
}

function indentJson(value: unknown, indent: string, depth: number): string {
  return JSON.stringify(value, null, indent).replace(/\n/g, `\n${indent.repeat(depth)}`);
}
