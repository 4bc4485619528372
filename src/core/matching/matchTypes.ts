/** What the matcher needs to know about a skill; adapters turn library entries into this. */
export interface MatchableSkill {
  name: string;
  description: string;
  body: string;
  /** Path globs (workspace-relative, forward slashes) the skill applies to. */
  scope: string[];
  /** Wilson lower bound of the skill's success rate, 0–1, when governance has one. */
  wilson?: number;
  tier?: TrustTier;
}

export type TrustTier = 'candidate' | 'accepted' | 'trusted' | 'quarantined';

export type MatchField = 'name' | 'description' | 'body';

/** A task: an agent's first prompt, a terminal failure, text the user typed, plus the files in play. */
export interface MatchTask {
  text: string;
  /** Workspace-relative paths being edited. */
  files?: readonly string[];
}

export interface MatchExplanation {
  /** Query terms (stemmed) that matched, per field. */
  terms: Record<MatchField, string[]>;
  /** The skill's scope globs that matched at least one task file. */
  scopeGlobs: string[];
  /** The task files that fell inside the skill's scope. */
  scopeFiles: string[];
  /** The parts that make up the score, each 0–1 before weighting. */
  lexical: number;
  scope: number;
  prior: number;
  /** Cosine similarity, when an embedder took part. */
  semantic?: number;
}

export interface MatchResult {
  name: string;
  /** 0–1, comparable across queries: a fixed gap threshold means the same everywhere. */
  score: number;
  explanation: MatchExplanation;
}

export interface SkillIndex {
  readonly size: number;
  /** The k best skills for the task, best first; skills scoring 0 are left out. */
  match(task: MatchTask, k: number): MatchResult[];
  /** Normalised lexical scores for every skill by position, for blending with embeddings. */
  scoreAll(task: MatchTask): Float64Array;
  /** The skill at a position in the order given to buildSkillIndex (quarantined ones excluded). */
  skillAt(position: number): MatchableSkill;
  explain(task: MatchTask, position: number, score: number): MatchResult;
}
