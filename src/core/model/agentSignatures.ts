/**
 * How a terminal or a command line gives away the agent behind it. Kept as data so a new agent
 * or a renamed terminal is a one-line change.
 */
import type { AgentId } from './agents';

interface Signature {
  agent: AgentId;
  pattern: RegExp;
  label: string;
}

/** The executable (first word after env assignments and launchers) of agent CLIs. */
const COMMAND_SIGNATURES: readonly Signature[] = [
  { agent: 'claude-code', pattern: /^(?:claude|claude-code|@anthropic-ai\/claude-code)$/, label: 'claude' },
  { agent: 'codex', pattern: /^(?:codex|@openai\/codex)$/, label: 'codex' },
  { agent: 'gemini-cli', pattern: /^(?:gemini|@google\/gemini-cli)$/, label: 'gemini' },
  { agent: 'cursor', pattern: /^cursor-agent$/, label: 'cursor-agent' },
  { agent: 'cline', pattern: /^(?:cline|cline-cli)$/, label: 'cline' },
  { agent: 'copilot', pattern: /^(?:copilot|@github\/copilot)$/, label: 'copilot' },
];

/** Terminal names that agents give the terminals they drive. */
const TERMINAL_NAME_SIGNATURES: readonly Signature[] = [
  { agent: 'claude-code', pattern: /\bclaude\b/i, label: 'claude' },
  { agent: 'codex', pattern: /\bcodex\b/i, label: 'codex' },
  { agent: 'gemini-cli', pattern: /\bgemini\b/i, label: 'gemini' },
  { agent: 'cline', pattern: /\bcline\b/i, label: 'cline' },
  { agent: 'roo', pattern: /\broo(?:[ -]?code)?\b/i, label: 'roo' },
  { agent: 'cursor', pattern: /\bcursor[ -]agent\b/i, label: 'cursor-agent' },
  // Copilot agent mode runs its commands in terminals it names itself ("Copilot", "Copilot Chat").
  { agent: 'copilot', pattern: /\bcopilot\b/i, label: 'copilot' },
];

const LAUNCHERS = new Set(['npx', 'bunx', 'pnpx', 'sudo', 'env', 'command', 'exec', 'time', 'nohup']);
const TWO_WORD_LAUNCHERS = new Set(['pnpm dlx', 'yarn dlx', 'npm exec', 'bun x']);

export interface AgentMatch {
  agent: AgentId;
  label: string;
}

/** The executable a command line runs, skipping `FOO=1`, `npx -y`, `sudo` and friends. */
export function commandExecutable(commandLine: string): string | undefined {
  const words = commandLine
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  let i = 0;
  while (i < words.length) {
    const word = words[i] ?? '';
    const pair = `${word} ${words[i + 1] ?? ''}`;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || LAUNCHERS.has(word) || word.startsWith('-')) i++;
    else if (TWO_WORD_LAUNCHERS.has(pair)) i += 2;
    else break;
  }
  const executable = words[i];
  if (executable === undefined) return undefined;
  const base = executable.replace(/^['"]|['"]$/g, '').replace(/@[^/@]*$/, '');
  // Keep scoped npm names whole; otherwise take the basename of a path.
  return base.startsWith('@') ? base : (base.split(/[\\/]/).pop() ?? base);
}

export function agentFromCommandLine(commandLine: string): AgentMatch | undefined {
  const executable = commandExecutable(commandLine);
  if (executable === undefined) return undefined;
  if (/^gh\s+copilot\b/.test(commandLine.trim())) return { agent: 'copilot', label: 'gh copilot' };
  const hit = COMMAND_SIGNATURES.find((signature) => signature.pattern.test(executable));
  return hit ? { agent: hit.agent, label: hit.label } : undefined;
}

export function agentFromTerminalName(terminalName: string): AgentMatch | undefined {
  const hit = TERMINAL_NAME_SIGNATURES.find((signature) => signature.pattern.test(terminalName));
  return hit ? { agent: hit.agent, label: hit.label } : undefined;
}
