import type { SessionRepository } from '../../core/sessions/sessionRepository';
import { toTrajectory } from '../../core/sessions/trajectory';
import type { EventStore } from '../../core/store/eventStore';
import type { Node } from './treeItems';
import { AgentGroupNode, NoticeNode } from './sessionsView';
import type { SessionRow, StepRow } from './viewModels';

const RECENT_SESSIONS = 100;

/** Builds the Sessions view: an optional shell-integration notice, then sessions grouped by agent. */
export function sessionRoots(options: {
  store: EventStore | undefined;
  sessions: SessionRepository | undefined;
  terminalsWithoutShellIntegration: string[];
}): Node[] {
  const { store, sessions, terminalsWithoutShellIntegration } = options;
  const roots: Node[] = [];
  if (terminalsWithoutShellIntegration.length) {
    roots.push(
      new NoticeNode(
        `Not recording commands in: ${terminalsWithoutShellIntegration.join(', ')}`,
        'These terminals have no shell integration, so their commands and exit codes cannot be seen. Enable ' +
          'terminal.integrated.shellIntegration.enabled, or use bash, zsh, fish or PowerShell.',
      ),
    );
  }
  if (!store || !sessions) return roots;
  const rows: SessionRow[] = sessions.listRecent(RECENT_SESSIONS, { includeExcluded: true }).map((session) => ({
    session,
    stepCount: session.eventIds.length,
  }));
  const loadSteps = async (sessionId: string): Promise<StepRow[]> => {
    const session = sessions.get(sessionId);
    if (!session) return [];
    const trajectory = toTrajectory(session, store.listEvents({ sessionId }));
    return trajectory.steps.map((step) => ({ sessionId, step }));
  };
  const byActor = new Map<string, SessionRow[]>();
  for (const row of rows) byActor.set(row.session.actor, [...(byActor.get(row.session.actor) ?? []), row]);
  const order = (actor: string): number => (actor === 'human' ? 1 : actor === 'unknown' ? 2 : 0);
  for (const actor of [...byActor.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
    roots.push(new AgentGroupNode(actor, byActor.get(actor) ?? [], loadSteps));
  }
  return roots;
}
