import type { Session, TrajectoryStep } from '../../core/model/trajectory';

/**
 * What the tree views show, as plain rows. The services behind the views produce these from core
 * objects, so a view never needs to know how the store or the library are built.
 */
export interface SkillRow {
  name: string;
  description: string;
  path: string;
  tier: 'accepted' | 'trusted' | 'quarantined' | 'invalid';
  source: string;
  author?: string;
  lastCommit?: string;
  uses: number;
  successRate?: number;
  wilson?: number;
  findings: string[];
  problems: string[];
  flaggedForReview: string[];
}

export interface GapRow {
  id: string;
  task: string;
  occurrences: number;
  bestMatch?: { name: string; score: number };
  prompt: string;
  evidence: string[];
}

export interface SessionRow {
  session: Session;
  stepCount: number;
}

export interface StepRow {
  sessionId: string;
  step: TrajectoryStep;
}
