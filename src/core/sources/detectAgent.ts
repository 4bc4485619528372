import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AgentId } from '../model/agents';
import { readHeadLines, readHeadText } from './headLines';
import { asRecord, tryParseJson } from './json';
import type { TranscriptSource } from './types';

/**
 * Works out which agent wrote a file or folder the user named on the command line, from its
 * layout and first lines. Folders are searched (a few levels deep) for transcripts.
 */
export async function sourcesForPath(path: string, workspaceFolder?: string, depth = 6): Promise<TranscriptSource[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [];
  const withFolder = (source: TranscriptSource): TranscriptSource => (workspaceFolder ? { ...source, workspaceFolder } : source);
  if (info.isFile()) {
    const agent = await detectFileAgent(path);
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
    if (childInfo?.isDirectory()) found.push(...(await sourcesForPath(child, workspaceFolder, depth - 1)));
    else if (childInfo?.isFile() && /\.jsonl?$/.test(name)) found.push(...(await sourcesForPath(child, workspaceFolder, 0)));
  }
  return found;
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
  for (const line of (await readHeadLines(path, 512 * 1024)).slice(0, 20)) {
    const record = asRecord(tryParseJson(line));
    if (!record) continue;
    if (record.kind === 0 && 'v' in record) return 'copilot';
    if (typeof record.projectHash === 'string') return 'gemini-cli';
    if (record.type === 'session_meta' || record.type === 'turn_context' || record.type === 'response_item') return 'codex';
    if (typeof record.sessionId === 'string' && typeof record.type === 'string') return 'claude-code';
  }
  return undefined;
}
