import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AgentId } from '../model/agents';
import { readFirstRecords, readHeadText } from './headLines';
import { formatOf } from './formats';
import { asRecord, tryParseJson } from './json';
import type { TranscriptSource } from './types';

export interface SourcesForPathsOptions {
  /** The workspace folder the transcripts are imported for. */
  workspaceFolder?: string;
  /** The agent the user named (`--agent`): used for a transcript whose first lines do not tell. */
  agent?: AgentId;
}

/** How many folder levels below a named folder are searched. */
const SEARCH_DEPTH = 6;

/**
 * Works out which agent wrote each file or folder the user named on the command line, from its
 * layout and first lines. Folders are searched (a few levels deep) for transcripts. Every file
 * and folder is visited once by its device and inode, so a symlink loop, or two names for one
 * place, cannot import the same transcript twice.
 */
export async function sourcesForPaths(
  paths: readonly string[],
  options: SourcesForPathsOptions = {},
): Promise<TranscriptSource[]> {
  const seen = new Set<string>();
  const found: TranscriptSource[] = [];
  for (const path of paths) found.push(...(await sourcesBelow(path, options, seen, SEARCH_DEPTH, true)));
  return found;
}

async function sourcesBelow(
  path: string,
  options: SourcesForPathsOptions,
  seen: Set<string>,
  depth: number,
  named = false,
): Promise<TranscriptSource[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [];
  const identity = `${info.dev}:${info.ino}`;
  if (seen.has(identity)) return [];
  seen.add(identity);
  const withFolder = (source: TranscriptSource): TranscriptSource =>
    options.workspaceFolder ? { ...source, workspaceFolder: options.workspaceFolder } : source;
  if (info.isFile()) {
    const agent = (await detectFileAgent(path)) ?? (named ? hintedAgent(path, options.agent) : undefined);
    return agent ? [withFolder({ agent, path, kind: 'file' })] : [];
  }
  if (!info.isDirectory()) return [];
  const names = await readdir(path).catch(() => [] as string[]);
  if (names.includes('ui_messages.json') || names.includes('api_conversation_history.json')) {
    return [withFolder({ agent: /roo-cline|roo-code/i.test(path) ? 'roo' : 'cline', path, kind: 'taskFolder' })];
  }
  if (depth === 0) return [];
  const found: TranscriptSource[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.') && name !== '.claude' && name !== '.codex' && name !== '.gemini') continue;
    if (name === 'node_modules') continue;
    const child = join(path, name);
    const childInfo = await stat(child).catch(() => undefined);
    if (childInfo?.isDirectory()) found.push(...(await sourcesBelow(child, options, seen, depth - 1)));
    else if (childInfo?.isFile() && /\.jsonl?$/.test(name))
      found.push(...(await sourcesBelow(child, options, seen, 0)));
  }
  return found;
}

/** A file the user named, with --agent, is read as that agent's if its format is one that agent writes. */
function hintedAgent(path: string, agent: AgentId | undefined): AgentId | undefined {
  if (agent === undefined) return undefined;
  return formatOf({ agent, path, kind: 'file' }) ? agent : undefined;
}

export async function detectFileAgent(path: string): Promise<AgentId | undefined> {
  const name = basename(path);
  if (/^rollout-.*\.jsonl$/.test(name)) return 'codex';
  if (name.endsWith('.json')) {
    const head = await readHeadText(path, 16 * 1024);
    if (/"projectHash"\s*:/.test(head)) return 'gemini-cli';
    if (/"requests"\s*:/.test(head) && /"version"\s*:/.test(head)) return 'copilot';
    return undefined;
  }
  if (!name.endsWith('.jsonl')) return undefined;
  for (const line of await readFirstRecords(path, 20)) {
    const record = asRecord(tryParseJson(line));
    if (!record) continue;
    if (record.kind === 0 && 'v' in record) return 'copilot';
    if (typeof record.projectHash === 'string') return 'gemini-cli';
    if (record.type === 'session_meta' || record.type === 'turn_context' || record.type === 'response_item')
      return 'codex';
    if (typeof record.sessionId === 'string' && typeof record.type === 'string') return 'claude-code';
  }
  return undefined;
}
