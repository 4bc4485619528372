/**
 * Who probably made a captured event. Every rule states its confidence and leaves a sentence of
 * evidence, because a wrong guess the user can see and correct beats a silent one.
 */
import type { ActiveAgent, AgentId, Attribution } from '../model/agents';
import { agentFromCommandLine, agentFromTerminalName } from '../model/agentSignatures';

export interface TerminalAttributionInput {
  terminalName: string;
  commandLine: string;
  /** The agent whose launcher command is still running in this terminal, if any. */
  agentRunningInTerminal?: AgentId;
}

export function attributeTerminal(input: TerminalAttributionInput): Attribution {
  const byCommand = agentFromCommandLine(input.commandLine);
  if (byCommand) {
    return { actor: byCommand.agent, confidence: 0.95, evidence: [`command runs '${byCommand.label}'`] };
  }
  const byName = agentFromTerminalName(input.terminalName);
  if (byName) {
    return { actor: byName.agent, confidence: 0.85, evidence: [`terminal named '${input.terminalName}'`] };
  }
  if (input.agentRunningInTerminal) {
    return {
      actor: input.agentRunningInTerminal,
      confidence: 0.6,
      evidence: [`${input.agentRunningInTerminal} is running in terminal '${input.terminalName}'`],
    };
  }
  return {
    actor: 'human',
    confidence: 0.6,
    evidence: [`no agent signal in terminal '${input.terminalName}' or its command`],
  };
}

export interface EditAttributionInput {
  visibleInEditor: boolean;
  /** The change came from disk (the document is not dirty afterwards): another process wrote it. */
  fromDisk?: boolean;
  activeAgents: readonly ActiveAgent[];
  /** The agent that edits through the editor's buffers when one is installed (Copilot, Cline, Roo). */
  editorAgent?: AgentId;
}

export function attributeEdit(input: EditAttributionInput): Attribution {
  const active = mostRecent(input.activeAgents);
  if (input.fromDisk) {
    if (active)
      return {
        actor: active.agent,
        confidence: 0.75,
        evidence: ['document reloaded from disk', `${active.agent} active in ${active.source}`],
      };
    return { actor: 'unknown', confidence: 0.3, evidence: ['document reloaded from disk while no agent was active'] };
  }
  if (!input.visibleInEditor) {
    if (active)
      return {
        actor: active.agent,
        confidence: 0.7,
        evidence: ['edited while not visible in any editor', `${active.agent} active in ${active.source}`],
      };
    if (input.editorAgent) {
      return {
        actor: input.editorAgent,
        confidence: 0.5,
        evidence: ['edited while not visible in any editor', `${input.editorAgent} edits through the editor`],
      };
    }
    return { actor: 'unknown', confidence: 0.4, evidence: ['edited while not visible in any editor'] };
  }
  const evidence = ['typed in a visible editor'];
  if (active) evidence.push(`${active.agent} was also active in ${active.source}`);
  return { actor: 'human', confidence: active ? 0.55 : 0.7, evidence };
}

export interface FileWriteAttributionInput {
  /** 'editor' for onDidCreate/Delete/RenameFiles, 'external' for a FileSystemWatcher event. */
  origin: 'editor' | 'external';
  activeAgents: readonly ActiveAgent[];
}

export function attributeFileWrite(input: FileWriteAttributionInput): Attribution {
  const active = mostRecent(input.activeAgents);
  if (input.origin === 'external') {
    if (active) {
      const confidence = input.activeAgents.length === 1 ? 0.75 : 0.55;
      return {
        actor: active.agent,
        confidence,
        evidence: ['written by another process', `${active.agent} active in ${active.source}`],
      };
    }
    return { actor: 'unknown', confidence: 0.3, evidence: ['written by another process while no agent was active'] };
  }
  return { actor: 'human', confidence: active ? 0.5 : 0.65, evidence: ['changed through the editor'] };
}

function mostRecent(agents: readonly ActiveAgent[]): ActiveAgent | undefined {
  let best: ActiveAgent | undefined;
  for (const agent of agents) if (!best || agent.lastActiveAt > best.lastActiveAt) best = agent;
  return best;
}
