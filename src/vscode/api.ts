import type { Candidate } from '../core/model/candidate';
import type { RecordedEvent } from '../core/model/events';
import type { Session } from '../core/model/trajectory';

export interface SkillMatch {
  name: string;
  score: number;
  description: string;
}

export interface GapSummary {
  id: string;
  task: string;
  occurrences: number;
  status: string;
}

/**
 * What `activate()` returns: a small, typed API for other extensions and for the integration
 * tests. Everything is read-only except learn/accept/reject, which do what the UI commands do.
 */
export interface SkillwrightApi {
  readonly version: string;
  /** How long activate() took, measured inside the extension host. */
  readonly activationMs: number;
  /** Resolves once the store is open and capture has started; rejects if start-up failed. */
  whenReady(): Promise<void>;
  /** Makes everything recorded so far durable (folds pending edit bursts, flushes the journal). */
  flush(): Promise<void>;
  /** Recorded events, oldest first. */
  events(query?: { type?: RecordedEvent['type']; sessionId?: string; limit?: number }): Promise<RecordedEvent[]>;
  sessions(limit?: number): Promise<Session[]>;
  pendingCandidates(): Promise<Candidate[]>;
  /** Runs the same pipeline as "Learn from History and Sessions", without UI. */
  learn(): Promise<Candidate[]>;
  accept(candidateId: string, editedText?: string): Promise<string>;
  reject(candidateId: string, reason?: string): Promise<void>;
  /** Ranks the workspace skills for a task, as the language model tool does. */
  findSkills(task: string, files?: string[]): Promise<SkillMatch[]>;
  gaps(): Promise<GapSummary[]>;
  /** Names of skills held back from agents by the scanner. */
  quarantinedSkills(): Promise<string[]>;
  /** Absolute path of the private store (inside VS Code's workspace storage). */
  readonly storePath: string | undefined;
}
