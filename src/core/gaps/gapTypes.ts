/** One observation behind a gap: a session whose task found no skill, a failing command, an edit. */
export interface GapEvidence {
  kind: 'session' | 'command' | 'file' | 'task';
  /** A session id, command line, workspace-relative path or the task text. */
  ref: string;
  detail?: string;
  sessionId?: string;
  ts: number;
}

export type GapKind = 'low-match' | 'failing-area' | 'failing-command' | 'reported';

/** A gap before it is stored: what detection produces and clustering merges. */
export interface GapDraft {
  kind: GapKind;
  /** The X in "I need a skill that can do X". */
  need: string;
  /** The concrete question for the agent or team, without "how do we" and the question mark. */
  question: string;
  /** What to match against skills to decide whether one now covers the gap. */
  query: { text: string; files: string[] };
  /** Content terms of the samples, for clustering. */
  samples: string[][];
  scope: string[];
  errorSignature?: string;
  evidence: GapEvidence[];
  /** The best skill the matcher found, when one was close. */
  bestMatch?: { name: string; score: number };
}

export type GapStatus = 'open' | 'dismissed' | 'closed';

export interface Gap extends GapDraft {
  id: string;
  signature: string;
  status: GapStatus;
  /** "I need a skill that can …" with the evidence attached; ready to copy to an agent. */
  prompt: string;
  createdAt: number;
  updatedAt: number;
  closedBy?: string;
}
