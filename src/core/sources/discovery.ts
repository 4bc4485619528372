import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentId } from '../model/agents';
import { cwdInText } from './clineRoo';
import { readHeadLines, readHeadText } from './headLines';
import { asArray, asRecord, asString, tryParseJson } from './json';
import { claudeProjectDirName, extensionTasksDir, transcriptRoots, type RootOptions } from './transcriptRoots';
import type { TranscriptSource } from './types';

export interface DiscoveryOptions extends RootOptions {
  workspaceFolders: string[];
  /** Extra folders from settings, each searched for one agent's transcripts. */
  extraLocations?: { agent: AgentId; path: string }[];
  /** Agents switched on in settings; all supported agents when omitted. */
  enabledAgents?: AgentId[];
}

/** A folder to watch with a RelativePattern(base, pattern); changes there mean poll again. */
export interface WatchLocation {
  agent: AgentId;
  base: string;
  pattern: string;
}

export interface DiscoveryResult {
  sources: TranscriptSource[];
  watch: WatchLocation[];
}

const SUPPORTED: AgentId[] = ['claude-code', 'codex', 'gemini-cli', 'copilot', 'cline', 'roo'];

/**
 * Finds the transcripts that belong to the open workspace folders. A transcript belongs to a
 * folder when the cwd it records (Claude's `cwd`, Codex's session_meta, Gemini's project hash or
 * directories, Copilot's workspace.json, Cline/Roo's environment details) is that folder or
 * inside it. Folder names are only a cheap pre-filter. Unreadable folders are simply skipped.
 */
export async function discoverTranscriptSources(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const enabled = new Set(options.enabledAgents ?? SUPPORTED);
  const roots = transcriptRoots(options);
  const matcher = new FolderMatcher(options.workspaceFolders, options.platform);
  const result: DiscoveryResult = { sources: [], watch: [] };
  const add = (agent: AgentId, file: string, kind: TranscriptSource['kind'], folder: string): void => {
    result.sources.push({ agent, path: file, kind, workspaceFolder: folder });
  };

  if (enabled.has('claude-code')) {
    for (const root of roots.claudeProjects) {
      result.watch.push({ agent: 'claude-code', base: root, pattern: '**/*.jsonl' });
      for (const dir of await listDirs(root)) {
        if (!matcher.claudeDirMayMatch(dir)) continue;
        for (const file of await walkFiles(path.join(root, dir), 3, '.jsonl')) {
          const folder = matcher.match(await claudeCwd(file));
          if (folder) add('claude-code', file, 'file', folder);
        }
      }
    }
  }
  if (enabled.has('codex')) {
    for (const root of roots.codexSessions) {
      result.watch.push({ agent: 'codex', base: root, pattern: '**/rollout-*.jsonl' });
      for (const file of await walkFiles(root, 4, '.jsonl')) {
        const folder = matcher.match(await codexCwd(file));
        if (folder) add('codex', file, 'file', folder);
      }
    }
  }
  if (enabled.has('gemini-cli')) {
    for (const root of roots.geminiTmp) {
      result.watch.push({ agent: 'gemini-cli', base: root, pattern: '*/chats/**/*.{json,jsonl}' });
      for (const project of await listDirs(root)) {
        for (const file of await walkFiles(path.join(root, project, 'chats'), 2, '.jsonl', '.json')) {
          const folder = await matcher.matchGemini(file);
          if (folder) add('gemini-cli', file, 'file', folder);
        }
      }
    }
  }
  for (const userDir of roots.vscodeUserDirs) {
    if (enabled.has('copilot')) {
      const storage = path.join(userDir, 'workspaceStorage');
      for (const hash of await listDirs(storage)) {
        const folder = matcher.match(await workspaceJsonFolder(path.join(storage, hash, 'workspace.json')));
        if (!folder) continue;
        const sessions = path.join(storage, hash, 'chatSessions');
        result.watch.push({ agent: 'copilot', base: sessions, pattern: '*.{json,jsonl}' });
        for (const file of await walkFiles(sessions, 0, '.jsonl', '.json')) add('copilot', file, 'file', folder);
      }
    }
    for (const agent of ['cline', 'roo'] as const) {
      if (!enabled.has(agent)) continue;
      const tasks = extensionTasksDir(userDir, agent, options.platform);
      result.watch.push({ agent, base: tasks, pattern: '*/{ui_messages,api_conversation_history}.json' });
      await addTaskFolders(agent, tasks, matcher, add);
    }
  }
  for (const extra of options.extraLocations ?? []) {
    if (!enabled.has(extra.agent)) continue;
    await addExtraLocation(extra.agent, extra.path, matcher, result, add);
  }
  result.sources = dedupeSources(result.sources);
  return result;
}

async function addTaskFolders(
  agent: 'cline' | 'roo',
  tasks: string,
  matcher: FolderMatcher,
  add: (agent: AgentId, file: string, kind: TranscriptSource['kind'], folder: string) => void,
): Promise<void> {
  for (const task of await listDirs(tasks)) {
    const dir = path.join(tasks, task);
    const folder = matcher.match(cwdInText(await readHeadText(path.join(dir, 'api_conversation_history.json'))));
    if (folder) add(agent, dir, 'taskFolder', folder);
  }
}

async function addExtraLocation(
  agent: AgentId,
  location: string,
  matcher: FolderMatcher,
  result: DiscoveryResult,
  add: (agent: AgentId, file: string, kind: TranscriptSource['kind'], folder: string) => void,
): Promise<void> {
  if (agent === 'cline' || agent === 'roo') {
    result.watch.push({ agent, base: location, pattern: '*/{ui_messages,api_conversation_history}.json' });
    await addTaskFolders(agent, location, matcher, add);
    return;
  }
  result.watch.push({ agent, base: location, pattern: '**/*.{json,jsonl}' });
  for (const file of await walkFiles(location, 6, '.jsonl', '.json')) {
    let cwd: string | undefined;
    if (agent === 'claude-code') cwd = await claudeCwd(file);
    else if (agent === 'codex') cwd = await codexCwd(file);
    else if (agent === 'copilot')
      cwd = await workspaceJsonFolder(path.join(path.dirname(path.dirname(file)), 'workspace.json'));
    const folder = agent === 'gemini-cli' ? await matcher.matchGemini(file) : matcher.match(cwd);
    if (folder) add(agent, file, 'file', folder);
  }
}

/**
 * For a file a watcher reported under one of the WatchLocations: the source it belongs to when
 * its recorded cwd is inside a workspace folder, else undefined. A Cline/Roo file maps to its
 * task folder. Cheap: only the head of the file is read.
 */
export async function sourceForChangedPath(
  agent: AgentId,
  changedPath: string,
  options: { workspaceFolders: string[]; platform: NodeJS.Platform },
): Promise<TranscriptSource | undefined> {
  const matcher = new FolderMatcher(options.workspaceFolders, options.platform);
  if (agent === 'cline' || agent === 'roo') {
    const task = /\.json$/.test(changedPath) ? path.dirname(changedPath) : changedPath;
    const folder = matcher.match(cwdInText(await readHeadText(path.join(task, 'api_conversation_history.json'))));
    return folder ? { agent, path: task, kind: 'taskFolder', workspaceFolder: folder } : undefined;
  }
  let folder: string | undefined;
  if (agent === 'claude-code' && changedPath.endsWith('.jsonl')) folder = matcher.match(await claudeCwd(changedPath));
  else if (agent === 'codex' && changedPath.endsWith('.jsonl')) folder = matcher.match(await codexCwd(changedPath));
  else if (agent === 'gemini-cli') folder = await matcher.matchGemini(changedPath);
  else if (agent === 'copilot')
    folder = matcher.match(
      await workspaceJsonFolder(path.join(path.dirname(path.dirname(changedPath)), 'workspace.json')),
    );
  return folder ? { agent, path: changedPath, kind: 'file', workspaceFolder: folder } : undefined;
}

class FolderMatcher {
  private readonly folders: { folder: string; norm: string; hash: string; encoded: string }[];

  constructor(
    folders: string[],
    private readonly platform: NodeJS.Platform,
  ) {
    this.folders = folders.map((folder) => ({
      folder,
      norm: this.normalise(folder),
      hash: createHash('sha256').update(folder).digest('hex'),
      encoded: claudeProjectDirName(folder),
    }));
  }

  /** The workspace folder that is cwd or contains it, the deepest when folders nest. */
  match(cwd: string | undefined): string | undefined {
    if (!cwd) return undefined;
    const norm = this.normalise(cwd);
    let best: { folder: string; norm: string } | undefined;
    for (const entry of this.folders) {
      const inside = norm === entry.norm || norm.startsWith(entry.norm.endsWith('/') ? entry.norm : `${entry.norm}/`);
      if (inside && (!best || entry.norm.length > best.norm.length)) best = entry;
    }
    return best?.folder;
  }

  /**
   * Claude's folder names encode the cwd lossily; a folder can only match if it starts with the encoded workspace path.
   */
  claudeDirMayMatch(dirName: string): boolean {
    return this.folders.some((entry) => {
      const prefix = entry.encoded.slice(0, 180);
      return this.platform === 'win32' || this.platform === 'darwin'
        ? dirName.toLowerCase().startsWith(prefix.toLowerCase())
        : dirName.startsWith(prefix);
    });
  }

  /** Gemini records sha256(project root) and, for some sessions, the directories it worked in. */
  async matchGemini(file: string): Promise<string | undefined> {
    const header = await geminiHeader(file);
    if (!header) return undefined;
    const byHash = this.folders.find((entry) => entry.hash === header.projectHash);
    if (byHash) return byHash.folder;
    for (const dir of header.directories) {
      const folder = this.match(dir);
      if (folder) return folder;
    }
    return undefined;
  }

  private normalise(folder: string): string {
    let norm = folder.replace(/\\/g, '/');
    if (norm.length > 1) norm = norm.replace(/\/+$/, '');
    return this.platform === 'win32' || this.platform === 'darwin' ? norm.toLowerCase() : norm;
  }
}

async function claudeCwd(file: string): Promise<string | undefined> {
  for (const line of await readHeadLines(file)) {
    const cwd = asString(asRecord(tryParseJson(line))?.cwd);
    if (cwd) return cwd;
  }
  return undefined;
}

async function codexCwd(file: string): Promise<string | undefined> {
  for (const line of (await readHeadLines(file, 1024 * 1024)).slice(0, 20)) {
    const record = asRecord(tryParseJson(line));
    const cwd = asString(asRecord(record?.payload)?.cwd) ?? asString(record?.cwd);
    if (cwd) return cwd;
  }
  return undefined;
}

async function geminiHeader(file: string): Promise<{ projectHash?: string; directories: string[] } | undefined> {
  let record: Record<string, unknown> | undefined;
  if (file.endsWith('.jsonl')) {
    const first = (await readHeadLines(file, 64 * 1024))[0];
    record = asRecord(first ? tryParseJson(first) : undefined);
  } else {
    // Legacy single-JSON chats keep projectHash near the top; the head is enough to find it.
    const head = await readHeadText(file, 64 * 1024);
    const hash = /"projectHash"\s*:\s*"([0-9a-f]{64})"/.exec(head)?.[1];
    return hash ? { projectHash: hash, directories: [] } : undefined;
  }
  if (!record) return undefined;
  const directories = asArray(record.directories).filter((dir): dir is string => typeof dir === 'string');
  const projectHash = asString(record.projectHash);
  return projectHash ? { projectHash, directories } : { directories };
}

async function workspaceJsonFolder(file: string): Promise<string | undefined> {
  try {
    const record = asRecord(tryParseJson(await readFile(file, 'utf8')));
    const uri = asString(record?.folder);
    if (!uri) return undefined;
    // Remote folders (vscode-remote://…) cannot hold transcripts this host can read.
    return uri.startsWith('file://') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** Files with one of the extensions under dir, down to `depth` levels of sub-folders. */
async function walkFiles(dir: string, depth: number, ...extensions: string[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext))) files.push(full);
    else if (entry.isDirectory() && depth > 0) files.push(...(await walkFiles(full, depth - 1, ...extensions)));
  }
  return files;
}

function dedupeSources(sources: TranscriptSource[]): TranscriptSource[] {
  const seen = new Set<string>();
  return sources.filter((source) => (seen.has(source.path) ? false : (seen.add(source.path), true)));
}
