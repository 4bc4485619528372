/**
 * The project's only import of @modelcontextprotocol/sdk. It uses the SDK's low-level Server
 * with JSON Schema tool definitions rather than McpServer, whose registerTool needs zod schemas
 * (zod is confined to src/core/llm/); the protocol handling, framing and stdio transport are the SDK's.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../ports';
import type { DeliveryLibrary } from './deliveryLibrary';
import { formatSearchResult, readSkill, searchSkills, type SearchSkillsResult } from './searchSkills';

export interface SkillwrightMcpOptions {
  /** Called per request so a changed skills folder is picked up; cache inside if it is costly. */
  loadLibrary(): Promise<DeliveryLibrary>;
  /** Records a gap an agent reported; returns a line to show the agent. */
  reportGap?(report: { task: string; details?: string }): Promise<string>;
  /** The files that usually change with the given ones, as text for the agent; absent: the tool says so. */
  relatedFiles?(files: string[], k: number): Promise<string>;
  /** Told about every skill served, so governance can count usage. */
  onDelivered?(skills: string[], tool: 'search_skills' | 'read_skill'): void;
  version?: string;
  /** @default 3 */
  resultCount?: number;
  /** @default 0.3 */
  gapThreshold?: number;
  logger?: Logger;
}

export const MCP_TOOLS: Tool[] = [
  {
    name: 'search_skills',
    description:
      "Find this repository's skills (team-approved instructions learned from its history) relevant to a task. Call it before starting work on a task. Returns the matching skills' full instructions.",
    inputSchema: {
      type: 'object',
      properties: {
        task: { type: 'string', description: 'What you are about to do, in a sentence.' },
        files: { type: 'array', items: { type: 'string' }, description: 'Workspace-relative paths you are editing, if known.' },
      },
      required: ['task'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'read_skill',
    description: 'Read one skill of this repository by its exact name.',
    inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'related_files',
    description:
      "List the files that usually change together with the files you are editing, from this repository's history (renames followed, recent commits weighing more): each with how likely it is to change in the same commit and the commits that show it. Call it before you commit, to check what else belongs in the change.",
    inputSchema: {
      type: 'object',
      properties: {
        files: { type: 'array', items: { type: 'string' }, description: 'Workspace-relative paths you changed or are about to change.' },
        k: { type: 'integer', minimum: 1, maximum: 50, description: 'How many files to return (default 10).' },
      },
      required: ['files'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: 'report_gap',
    description:
      'Report a task for which no skill helped, so the team can write one. Describe the task and what you had to figure out yourself.',
    inputSchema: {
      type: 'object',
      properties: { task: { type: 'string' }, details: { type: 'string', description: 'What was missing or had to be discovered.' } },
      required: ['task'],
    },
    annotations: { readOnlyHint: false, openWorldHint: false },
  },
];

export function createSkillwrightMcpServer(options: SkillwrightMcpOptions): Server {
  const server = new Server({ name: 'skillwright', version: options.version ?? '0.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: MCP_TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    try {
      return await callTool(options, request.params.name, args);
    } catch (error) {
      options.logger?.error(error instanceof Error ? error : String(error));
      return errorResult(`skillwright failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return server;
}

/** Serves over this process's stdin/stdout until the client disconnects. */
export async function runSkillwrightMcpOverStdio(options: SkillwrightMcpOptions): Promise<void> {
  const server = createSkillwrightMcpServer(options);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(new StdioServerTransport());
  await closed;
}

async function callTool(options: SkillwrightMcpOptions, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  switch (name) {
    case 'search_skills': {
      const task = stringArg(args.task);
      if (!task) return errorResult('search_skills needs a non-empty "task" string.');
      const files = Array.isArray(args.files) ? args.files.filter((file): file is string => typeof file === 'string') : [];
      const result: SearchSkillsResult = searchSkills(await options.loadLibrary(), task, files, options.resultCount ?? 3, { threshold: options.gapThreshold });
      options.onDelivered?.(result.results.map((skill) => skill.name), 'search_skills');
      return { content: [{ type: 'text', text: formatSearchResult(result) }], structuredContent: { gap: result.gap, skills: result.results.map((skill) => ({ name: skill.name, score: skill.score })) } };
    }
    case 'read_skill': {
      const skillName = stringArg(args.name);
      if (!skillName) return errorResult('read_skill needs a "name" string.');
      const library = await options.loadLibrary();
      const skill = readSkill(library, skillName);
      if (!skill) {
        const known = library.skills.filter((entry) => entry.tier !== 'quarantined').map((entry) => entry.name);
        return errorResult(`No skill named "${skillName}". Available: ${known.join(', ') || 'none'}.`);
      }
      options.onDelivered?.([skill.name], 'read_skill');
      return { content: [{ type: 'text', text: `# ${skill.name}\n${skill.description}\n\n${skill.body.trim()}` }] };
    }
    case 'related_files': {
      const files = Array.isArray(args.files) ? args.files.filter((file): file is string => typeof file === 'string' && file.trim().length > 0).slice(0, 200) : [];
      if (files.length === 0) return errorResult('related_files needs "files": a non-empty array of workspace-relative paths.');
      const k = typeof args.k === 'number' && Number.isInteger(args.k) ? Math.min(50, Math.max(1, args.k)) : 10;
      if (!options.relatedFiles) return errorResult('This server has no repository history to read related files from.');
      return { content: [{ type: 'text', text: await options.relatedFiles(files, k) }] };
    }
    case 'report_gap': {
      const task = stringArg(args.task);
      if (!task) return errorResult('report_gap needs a non-empty "task" string.');
      const details = stringArg(args.details);
      const message = options.reportGap ? await options.reportGap({ task, details }) : 'Noted (this server does not store gaps).';
      return { content: [{ type: 'text', text: message }] };
    }
    default:
      return errorResult(`Unknown tool "${name}".`);
  }
}

function stringArg(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, 4000) : undefined;
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
