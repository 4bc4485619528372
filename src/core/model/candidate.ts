/** What supports a candidate; every candidate cites at least one. */
export interface Evidence {
  kind: 'commit' | 'session' | 'file' | 'command' | 'gap';
  /** A commit hash, session id, workspace-relative path, command line or gap id. */
  ref: string;
  /** One line saying what this piece of evidence shows. */
  detail?: string;
  /** For session evidence: the step's event id. For file evidence: the 1-based line. */
  eventId?: string;
  line?: number;
}

/** When the evidence behind a history-derived candidate happened. */
export interface EvidenceSpan {
  /** Epoch ms of the oldest and newest commit behind it. */
  from: number;
  to: number;
  commits: number;
}

export type CandidateStatus = 'pending' | 'accepted' | 'rejected' | 'superseded';

/** A proposed new skill, or a proposed edit of an existing one. */
export interface Candidate {
  id: string;
  /** Agent Skills name: lowercase letters, digits and hyphens, at most 64 characters. */
  name: string;
  description: string;
  kind: 'new' | 'edit';
  /** The Markdown body (without frontmatter). */
  body: string;
  /** Path globs the skill applies to. */
  scope: string[];
  /** 0–1. */
  confidence: number;
  evidence: Evidence[];
  /** The distiller that produced it, e.g. `cochange`, `commit-replay`. */
  source: string;
  status: CandidateStatus;
  createdAt: number;
  /** For kind `edit`: the content hash of the skill version it was made against. */
  baseHash?: string;
  /** LLM tokens spent producing it (0 for heuristic distillers). */
  tokens?: number;
  rejectReason?: string;
  /** For candidates learned from history: when their evidence happened ("2023–2026, 31 commits"). */
  span?: EvidenceSpan;
  /** The figures behind it (support, confidence, lift, counts), for metadata and review, never the body. */
  statistics?: Record<string, string>;
}
