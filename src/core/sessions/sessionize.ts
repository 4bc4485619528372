/**
 * Offline sessionizing (imports, rebuilds): the stored events replayed through the same
 * SessionTracker the recorder uses online, in time order, with each agent launcher's start
 * re-created from its terminal event so launcher sessions span the same interval as they did live.
 */
import { agentFromCommandLine } from '../model/agentSignatures';
import type { RecordedEvent } from '../model/events';
import type { SessionRecord } from './sessionRecord';
import { isAssignedSessionId, SessionTracker, type AgentLaunch, type SessionTrackerOptions } from './sessionTracker';

export interface SessionizeResult {
  sessions: SessionRecord[];
  /** Event id → session id. */
  assignments: Map<string, string>;
}

type Step = { at: number; order: number; launch?: AgentLaunch; event?: RecordedEvent };

export function sessionize(events: readonly RecordedEvent[], options: SessionTrackerOptions = {}): SessionizeResult {
  const tracker = new SessionTracker({
    recomputeAssignedHints: true,
    ...options,
    maxSessions: Number.POSITIVE_INFINITY,
  });
  const steps: Step[] = [];
  events.forEach((event, index) => {
    steps.push({ at: event.ts, order: index * 2 + 1, event });
    const launch = launchOf(event);
    if (launch) steps.push({ at: launch.startedAt, order: index * 2, launch });
  });
  // Launches sort before events at the same instant, as they happen first live.
  steps.sort((a, b) => a.at - b.at || (a.launch ? 0 : 1) - (b.launch ? 0 : 1) || a.order - b.order);
  const assignments = new Map<string, string>();
  for (const step of steps) {
    if (step.launch) tracker.agentLaunched(step.launch);
    else if (step.event) assignments.set(step.event.id, tracker.assign(step.event));
  }
  return { sessions: tracker.all(), assignments };
}

/** The launch a terminal event implies, when its command starts an agent CLI. */
export function launchOf(event: RecordedEvent): AgentLaunch | undefined {
  if (event.type !== 'terminal' || (event.sessionHint && !isAssignedSessionId(event.sessionHint))) return undefined;
  const match = agentFromCommandLine(event.commandLine);
  if (!match) return undefined;
  const launch: AgentLaunch = { terminalName: event.terminalName, startedAt: event.startedAt, agent: match.agent };
  if (event.workspaceFolder !== undefined) launch.workspaceFolder = event.workspaceFolder;
  return launch;
}
