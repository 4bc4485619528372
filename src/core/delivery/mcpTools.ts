import type { Logger } from '../ports';
import type { DeliveryLibrary } from './deliveryLibrary';
import { formatSearchResult, readSkill, searchSkills } from './searchSkills';

/**
 * The MCP tools, one entry each: its definition (what tools/list shows) and its handler. A new
 * tool is one more entry in MCP_TOOLS; the server, argument checks and error handling are shared.
 */
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

/** The JSON Schema subset the tools use: string, string-list and bounded integer properties. */
export interface ToolInputSchema {
  type: 'object';
  properties: Record<
    string,
    {
      type: 'string' | 'array' | 'integer';
      items?: { type: 'string' };
      minimum?: number;
      maximum?: number;
      description?: string;
    }
  >;
  required: string[];
}

/** A type, not an interface, so that it fits the SDK's open result type. */
export type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

export interface McpTool {
  name: string;
  description: string;
  inputSchema: ToolInputSchema;
  annotations: { readOnlyHint: boolean; openWorldHint: boolean };
  /** Arguments are checked against inputSchema first: required strings are non-empty, lists hold strings. */
  call(args: Record<string, unknown>, options: SkillwrightMcpOptions): Promise<ToolResult>;
}

export const textResult = (text: string, isError = false): ToolResult => ({
  content: [{ type: 'text', text }],
  ...(isError ? { isError } : {}),
});

const text = (args: Record<string, unknown>, key: string): string | undefined =>
  typeof args[key] === 'string' ? (args[key] as string).trim().slice(0, 4000) : undefined;
const list = (args: Record<string, unknown>, key: string): string[] =>
  Array.isArray(args[key]) ? (args[key] as string[]) : [];

export const MCP_TOOLS: readonly McpTool[] = [
  {
    name: 'search_skills',
    description:
      "Find this repository's skills (team-approved instructions learned from its history) relevant to a task. " +
      "Call it before starting work on a task. Returns the matching skills' full instructions.",
    inputSchema: {
      type: 'object',
      properties: {
        task: { type: 'string', description: 'What you are about to do, in a sentence.' },
        files: {
          type: 'array',
          items: { type: 'string' },
          description: 'Workspace-relative paths you are editing, if known.',
        },
      },
      required: ['task'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
    async call(args, options) {
      const result = searchSkills(
        await options.loadLibrary(),
        text(args, 'task') ?? '',
        list(args, 'files'),
        options.resultCount ?? 3,
        { threshold: options.gapThreshold },
      );
      options.onDelivered?.(
        result.results.map((skill) => skill.name),
        'search_skills',
      );
      return {
        ...textResult(formatSearchResult(result)),
        structuredContent: {
          gap: result.gap,
          skills: result.results.map((skill) => ({ name: skill.name, score: skill.score })),
        },
      };
    },
  },
  {
    name: 'read_skill',
    description: 'Read one skill of this repository by its exact name.',
    inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    annotations: { readOnlyHint: true, openWorldHint: false },
    async call(args, options) {
      const name = text(args, 'name') ?? '';
      const library = await options.loadLibrary();
      const skill = readSkill(library, name);
      if (!skill) {
        const known = library.skills.filter((entry) => entry.tier !== 'quarantined').map((entry) => entry.name);
        return textResult(`No skill named "${name.slice(0, 80)}". Available: ${known.join(', ') || 'none'}.`, true);
      }
      options.onDelivered?.([skill.name], 'read_skill');
      return textResult(`# ${skill.name}\n${skill.description}\n\n${skill.body.trim()}`);
    },
  },
  {
    name: 'related_files',
    description:
      "List the files that usually change together with the files you are editing, from this repository's history " +
      '(renames followed, recent commits weighing more): each with how likely it is to change in the same ' +
      'commit and the commits that show it. Call it before you commit, to check what else belongs in the ' +
      'change.',
    inputSchema: {
      type: 'object',
      properties: {
        files: {
          type: 'array',
          items: { type: 'string' },
          description: 'Workspace-relative paths you changed or are about to change.',
        },
        k: { type: 'integer', minimum: 1, maximum: 50, description: 'How many files to return (default 10).' },
      },
      required: ['files'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
    async call(args, options) {
      const files = list(args, 'files')
        .filter((file) => file.trim().length > 0)
        .slice(0, 200);
      if (files.length === 0)
        return textResult('related_files needs "files": a non-empty list of workspace-relative paths.', true);
      if (!options.relatedFiles)
        return textResult('This server has no repository history to read related files from.', true);
      return textResult(await options.relatedFiles(files, typeof args.k === 'number' ? args.k : 10));
    },
  },
  {
    name: 'report_gap',
    description:
      'Report a task for which no skill helped, so the team can write one. Describe the task and what you had to ' +
      'figure out yourself.',
    inputSchema: {
      type: 'object',
      properties: {
        task: { type: 'string' },
        details: { type: 'string', description: 'What was missing or had to be discovered.' },
      },
      required: ['task'],
    },
    annotations: { readOnlyHint: false, openWorldHint: false },
    async call(args, options) {
      const report = { task: text(args, 'task') ?? '', details: text(args, 'details') || undefined };
      return textResult(
        options.reportGap ? await options.reportGap(report) : 'Noted (this server does not store gaps).',
      );
    },
  },
];

/** One line saying what is wrong with the arguments, or undefined when they fit the schema. */
export function argumentProblem(tool: McpTool, args: Record<string, unknown>): string | undefined {
  for (const [key, property] of Object.entries(tool.inputSchema.properties)) {
    const value = args[key];
    if (value === undefined) {
      if (tool.inputSchema.required.includes(key))
        return `${tool.name} needs "${key}" (a ${property.type === 'array' ? 'list of strings' : 'string'})`;
      continue;
    }
    if (property.type === 'string' && typeof value !== 'string')
      return `${tool.name}: "${key}" must be a string, not ${describe(value)}`;
    if (property.type === 'string' && tool.inputSchema.required.includes(key) && (value as string).trim().length === 0)
      return `${tool.name}: "${key}" must not be empty`;
    if (property.type === 'array' && (!Array.isArray(value) || value.some((item) => typeof item !== 'string')))
      return `${tool.name}: "${key}" must be a list of strings`;
    if (
      property.type === 'integer' &&
      (typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < (property.minimum ?? -Infinity) ||
        value > (property.maximum ?? Infinity))
    ) {
      return (
        `${tool.name}: "${key}" must be a whole number ` +
        `from ${property.minimum ?? '-∞'} to ${property.maximum ?? '∞'}, not ${describe(value)}`
      );
    }
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
