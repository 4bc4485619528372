import { resolve } from 'node:path';
import { homedir } from 'node:os';
import type { AgentId } from '../../core/model/agents';
import { SessionRepository } from '../../core/sessions/sessionRepository';
import { sourcesForPaths } from '../../core/sources/detectAgent';
import { discoverTranscriptSources } from '../../core/sources/discovery';
import { importTranscripts, type ImportSummary } from '../../core/sources/importTranscripts';
import { SessionizingSink } from '../../core/sources/sessionizingSink';
import { KvOffsetStore } from '../../core/sources/tailState';
import type { TranscriptSource } from '../../core/sources/types';
import { type CliCommand, type CliIo, parseCommandArgs, UsageError } from '../command';
import { cliRepoRoot, cliStorePath, openStoreAt, STORE_OPTIONS } from '../repoStore';

const AGENTS: AgentId[] = ['claude-code', 'codex', 'gemini-cli', 'copilot', 'cline', 'roo'];

const USAGE = `Usage: skillwright import [PATHS...] [--repo PATH] [--db FILE] [--agent NAME]... [--json]

Imports past agent sessions into the repository's private store. With no PATHS, finds the
transcripts of Claude Code, Codex CLI, Gemini CLI, Copilot Chat, Cline and Roo whose recorded
working directory is the repository (--repo, default: the current one). PATHS may be transcript
files, Cline/Roo task folders, or folders to search. Files already imported continue where the
last import stopped. Nothing leaves this machine; secrets are redacted before storage.
--agent limits discovery to the named agents (${AGENTS.join(', ')}); with one --agent, a named
file whose first lines do not show which agent wrote it is read as that agent's.`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import past agent sessions (Claude Code, Codex, Gemini, Copilot, Cline, Roo) into the store',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs({
      args,
      options: { ...STORE_OPTIONS, agent: { type: 'string', multiple: true } },
      allowPositionals: true,
    });
    const agents = (parsed.values.agent ?? []).map((name) => {
      if (!(AGENTS as string[]).includes(name))
        throw new UsageError(`unknown agent '${name}'; expected one of ${AGENTS.join(', ')}`);
      return name as AgentId;
    });
    const repo = await cliRepoRoot(io, parsed.values.repo, { lenient: true });
    const sources = await findSources(
      parsed.positionals.map((path) => resolve(io.cwd, path)),
      repo,
      agents,
    );
    if (parsed.positionals.length > 0 && sources.length === 0) {
      io.stderr('skillwright import: no transcripts found in the given paths\n');
      return 1;
    }
    const store = await openStoreAt(io, cliStorePath(io, repo, parsed.values.db), 'events');
    let summary: ImportSummary;
    try {
      const sink = new SessionizingSink(store, new SessionRepository(store.db));
      summary = await importTranscripts({
        sources,
        sink,
        offsets: new KvOffsetStore(store.db),
        signal: io.signal,
        onProgress: progressPrinter(io),
      });
      await sink.finish();
    } finally {
      await store.close();
    }
    if (io.interactive) io.stderr('\n');
    io.stdout(parsed.values.json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
    return summary.cancelled ? 130 : 0;
  },
};

async function findSources(paths: string[], repo: string, agents: AgentId[]): Promise<TranscriptSource[]> {
  if (paths.length === 0) {
    const { sources } = await discoverTranscriptSources({
      workspaceFolders: [repo],
      env: process.env,
      platform: process.platform,
      homedir: homedir(),
      ...(agents.length ? { enabledAgents: agents } : {}),
    });
    return sources;
  }
  // One named agent also reads a transcript whose first lines do not say which agent wrote it.
  const found = await sourcesForPaths(paths, {
    workspaceFolder: repo,
    ...(agents.length === 1 ? { agent: agents[0] } : {}),
  });
  return agents.length ? found.filter((source) => agents.includes(source.agent)) : found;
}

function progressPrinter(io: CliIo): (progress: { done: number; total: number; events: number }) => void {
  let steps = 0;
  let lastDecile = -1;
  return ({ done, total, events }) => {
    steps += events;
    const width = 24;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files, ${steps} steps`;
    if (io.interactive) {
      io.stderr(`\r${line}`);
      return;
    }
    const decile = Math.floor((done / Math.max(total, 1)) * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      io.stderr(`${line}\n`);
    }
  };
}

export function renderSummary(summary: ImportSummary): string {
  const rows = Object.entries(summary.byAgent).sort(([a], [b]) => a.localeCompare(b));
  const lines = ['agent         sessions     steps'];
  for (const [agent, counts] of rows)
    lines.push(`${agent.padEnd(12)} ${String(counts.sessions).padStart(9)} ${String(counts.steps).padStart(9)}`);
  lines.push(`${'total'.padEnd(12)} ${String(summary.sessions).padStart(9)} ${String(summary.steps).padStart(9)}`);
  lines.push('');
  lines.push(
    `${summary.files} files (${summary.unchangedFiles} unchanged since the last ` +
      `import), ${summary.lines} lines, ${summary.toolCalls} tool calls, ${summary.failedToolCalls} failed`,
  );
  const skipped = Object.entries(summary.skippedLines).sort(([, a], [, b]) => b - a);
  lines.push(
    skipped.length
      ? `skipped: ${skipped.map(([reason, count]) => `${reason} ${count}`).join(', ')}`
      : 'skipped: nothing',
  );
  if (summary.cancelled) lines.push('cancelled before all files were read');
  return `${lines.join('\n')}\n`;
}
