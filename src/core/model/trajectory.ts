import type { Actor } from './agents';

export type Outcome = 'success' | 'failure' | 'mixed' | 'unknown';

/** A group of events that belong to one agent (or human) working session. */
export interface Session {
  id: string;
  actor: Actor;
  workspaceFolder?: string;
  branch?: string;
  headBefore?: string;
  headAfter?: string;
  startedAt: number;
  endedAt: number;
  /** The first user prompt, when a transcript reveals it. Matching and gaps use it. */
  task?: string;
  outcome: Outcome;
  rating?: 'up' | 'down';
  /** The user excluded this session from learning. */
  excluded?: boolean;
  eventIds: string[];
}

/** One step of a trajectory as the distillers read it. */
export interface TrajectoryStep {
  eventId: string;
  ts: number;
  action: string;
  observation: string;
  outcome: Outcome;
  /** Files the step touched, workspace-relative. */
  files: string[];
}

export interface Trajectory {
  session: Session;
  steps: TrajectoryStep[];
}
