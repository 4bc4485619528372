/** Every coding agent Skillwright can attribute work to. `human` and `unknown` are not agents. */
export const AGENT_IDS = ['copilot', 'claude-code', 'codex', 'gemini-cli', 'cline', 'roo', 'cursor'] as const;
export type AgentId = (typeof AGENT_IDS)[number];

/** Who probably produced an event. */
export type Actor = AgentId | 'human' | 'unknown';

export interface Attribution {
  actor: Actor;
  /** 0–1: how sure the attribution is. */
  confidence: number;
  /** Human-readable reasons, e.g. "terminal named 'claude'". */
  evidence: string[];
}

export function isAgent(actor: Actor): actor is AgentId {
  return (AGENT_IDS as readonly string[]).includes(actor);
}

/** An agent currently running in this workspace folder (an agent terminal, a growing transcript). */
export interface ActiveAgent {
  agent: AgentId;
  /** Where the activity shows, e.g. "terminal 'claude'" or "transcript abc123". */
  source: string;
  /** Epoch ms of its latest activity; the most recent wins when several are active. */
  lastActiveAt: number;
}
