import { globMatcher, matchesAnyGlob, type PathMatcher } from '../util/glob';
import type { MatchableSkill, MatchExplanation, MatchField, MatchResult, MatchTask, SkillIndex } from './matchTypes';
import { combineScores, globSpecificity, priorOf, saturate } from './scoring';
import { tokenize } from './tokenize';

/**
 * BM25F over name, description and body. Field weights favour the name and description per
 * occurrence, but the body holds most of the vocabulary, so it decides most rankings.
 */
export interface SkillIndexOptions {
  /** @default { name: 2.5, description: 2, body: 1 } */
  fieldWeights?: Record<MatchField, number>;
  /** BM25 length normalisation per field. @default { name: 0.3, description: 0.5, body: 0.75 } */
  fieldB?: Record<MatchField, number>;
  /** BM25 term-frequency saturation. @default 1.2 */
  k1?: number;
}

const FIELDS: readonly MatchField[] = ['name', 'description', 'body'];
const DEFAULT_WEIGHTS: Record<MatchField, number> = { name: 2.5, description: 2, body: 1 };
const DEFAULT_B: Record<MatchField, number> = { name: 0.3, description: 0.5, body: 0.75 };

interface Postings {
  docs: Int32Array;
  /** Saturated BM25F term frequency, tf~/(k1+tf~), in 0–1. */
  sat: Float32Array;
  /** Bit i set when the term occurs in FIELDS[i]. */
  fields: Uint8Array;
  idf: number;
}

interface ScopeGlob {
  glob: string;
  matches: PathMatcher;
  weight: number;
}

interface PostingsBuilder {
  docs: number[];
  pseudoTf: number[];
  fields: number[];
}

/** Builds the inverted index once; quarantined skills are left out and never match. */
export function buildSkillIndex(skills: readonly MatchableSkill[], options: SkillIndexOptions = {}): SkillIndex {
  const weights = options.fieldWeights ?? DEFAULT_WEIGHTS;
  const fieldB = options.fieldB ?? DEFAULT_B;
  const k1 = options.k1 ?? 1.2;
  const docs = skills.filter((skill) => skill.tier !== 'quarantined');

  const perDoc: Map<string, number[]>[] = [];
  const lengths = FIELDS.map(() => new Float64Array(docs.length));
  for (const [position, skill] of docs.entries()) {
    const counts = new Map<string, number[]>();
    const texts = [skill.name, skill.description, skill.body];
    for (let f = 0; f < FIELDS.length; f++) {
      const terms = tokenize(texts[f] ?? '');
      (lengths[f] as Float64Array)[position] = terms.length;
      for (const term of terms) {
        let tf = counts.get(term);
        if (!tf) counts.set(term, (tf = [0, 0, 0]));
        tf[f] = (tf[f] ?? 0) + 1;
      }
    }
    perDoc.push(counts);
  }
  const averages = lengths.map((column) =>
    Math.max(1, column.reduce((sum, value) => sum + value, 0) / Math.max(1, column.length)),
  );

  const builders = new Map<string, PostingsBuilder>();
  for (const [position, counts] of perDoc.entries()) {
    for (const [term, tf] of counts) {
      let pseudoTf = 0;
      let mask = 0;
      for (let f = 0; f < FIELDS.length; f++) {
        const count = tf[f] ?? 0;
        if (count === 0) continue;
        const field = FIELDS[f] as MatchField;
        const norm =
          1 - fieldB[field] + (fieldB[field] * (lengths[f] as Float64Array)[position]!) / (averages[f] as number);
        pseudoTf += (weights[field] * count) / norm;
        mask |= 1 << f;
      }
      let builder = builders.get(term);
      if (!builder) builders.set(term, (builder = { docs: [], pseudoTf: [], fields: [] }));
      builder.docs.push(position);
      builder.pseudoTf.push(pseudoTf);
      builder.fields.push(mask);
    }
  }

  const postings = new Map<string, Postings>();
  const n = docs.length;
  for (const [term, builder] of builders) {
    const df = builder.docs.length;
    postings.set(term, {
      docs: Int32Array.from(builder.docs),
      sat: Float32Array.from(builder.pseudoTf, (tf) => tf / (k1 + tf)),
      fields: Uint8Array.from(builder.fields),
      idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)),
    });
  }
  return new InvertedSkillIndex(docs, postings);
}

class InvertedSkillIndex implements SkillIndex {
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  private readonly scopes: (ScopeGlob[] | undefined)[];
  private readonly scoped: number[];
  /** Skills about the whole repository (scope `**` or none). */
  private readonly global: boolean[];
  /** The idf an unseen term would have: a query word no skill mentions still counts against coverage. */
  private readonly unseenIdf: number;

  constructor(
    private readonly docs: readonly MatchableSkill[],
    private readonly postings: Map<string, Postings>,
  ) {
    this.scores = new Float64Array(docs.length);
    this.touched = new Int32Array(docs.length);
    this.scopes = docs.map((skill) =>
      skill.scope.length > 0
        ? skill.scope.map((glob) => ({ glob, matches: globMatcher([glob]), weight: globSpecificity(glob) }))
        : undefined,
    );
    this.scoped = this.scopes.flatMap((scope, position) => (scope ? [position] : []));
    this.global = docs.map((skill) => skill.scope.length === 0 || skill.scope.every((glob) => GLOBAL_GLOBS.has(glob)));
    this.unseenIdf = Math.log(1 + (docs.length + 0.5) / 0.5);
  }

  get size(): number {
    return this.docs.length;
  }

  skillAt(position: number): MatchableSkill {
    const skill = this.docs[position];
    if (!skill) throw new RangeError(`no skill at ${position}`);
    return skill;
  }

  match(task: MatchTask, k: number): MatchResult[] {
    if (k <= 0 || this.docs.length === 0) return [];
    const touchedCount = this.accumulate(task);
    const top: { position: number; score: number }[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const position = this.touched[i] as number;
      const score = this.scores[position] as number;
      this.scores[position] = 0;
      if (score <= 0) continue;
      if (top.length === k && score <= (top[k - 1] as { score: number }).score) continue;
      let at = top.length < k ? top.length : k - 1;
      if (top.length < k) top.push({ position, score });
      while (at > 0 && (top[at - 1] as { score: number }).score < score) {
        top[at] = top[at - 1] as { position: number; score: number };
        at--;
      }
      top[at] = { position, score };
    }
    return top.map(({ position, score }) => this.explain(task, position, score));
  }

  scoreAll(task: MatchTask): Float64Array {
    const touchedCount = this.accumulate(task);
    const result = new Float64Array(this.docs.length);
    for (let i = 0; i < touchedCount; i++) {
      const position = this.touched[i] as number;
      result[position] = this.scores[position] as number;
      this.scores[position] = 0;
    }
    return result;
  }

  explain(task: MatchTask, position: number, score: number): MatchResult {
    const skill = this.skillAt(position);
    const terms: Record<MatchField, string[]> = { name: [], description: [], body: [] };
    const { query, maxAttainable } = this.prepare(task.text);
    let raw = 0;
    for (const term of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      const at = binarySearch(list.docs, position);
      if (at < 0) continue;
      raw += list.idf * (list.sat[at] as number);
      const mask = list.fields[at] as number;
      FIELDS.forEach((field, f) => {
        if (mask & (1 << f)) terms[field].push(term);
      });
    }
    const files = task.files ?? [];
    const scopeGlobs = skill.scope.filter((glob) => files.some((file) => matchesAnyGlob(file, [glob])));
    const scopeFiles = files.filter((file) => matchesAnyGlob(file, skill.scope));
    const explanation: MatchExplanation = {
      terms,
      scopeGlobs,
      scopeFiles,
      lexical: maxAttainable > 0 ? saturate(raw / maxAttainable) : 0,
      scope: this.scopeFraction(position, files),
      prior: priorOf(skill),
    };
    return { name: skill.name, score, explanation };
  }

  /** Leaves final scores in this.scores for the touched positions and returns how many there are. */
  private accumulate(task: MatchTask): number {
    const { query, maxAttainable } = this.prepare(task.text);
    const scores = this.scores;
    const touched = this.touched;
    let count = 0;
    for (const term of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      const { docs, sat, idf } = list;
      for (let i = 0; i < docs.length; i++) {
        const position = docs[i] as number;
        if (scores[position] === 0) touched[count++] = position;
        scores[position] = (scores[position] as number) + idf * (sat[i] as number);
      }
    }
    for (let i = 0; i < count; i++) {
      const position = touched[i] as number;
      scores[position] = saturate((scores[position] as number) / maxAttainable);
    }
    const files = task.files ?? [];
    // Scope boosts every scoped skill, including ones the text never mentions.
    const seen = files.length > 0 ? new Set<number>() : undefined;
    if (seen) for (let i = 0; i < count; i++) seen.add(touched[i] as number);
    for (let i = 0; i < count; i++) {
      const position = touched[i] as number;
      const skill = this.docs[position] as MatchableSkill;
      const scope = this.scopeFraction(position, files);
      scores[position] =
        combineScores(scores[position] as number, scope, priorOf(skill)) *
        (files.length === 0 && this.global[position] ? GLOBAL_WEIGHT_WITHOUT_FILES : 1);
    }
    if (seen) {
      for (const position of this.scoped) {
        if (seen.has(position)) continue;
        const scope = this.scopeFraction(position, files);
        if (scope === 0) continue;
        scores[position] = combineScores(0, scope, priorOf(this.docs[position] as MatchableSkill));
        touched[count++] = position;
      }
    }
    return count;
  }

  /** Share of the task's files inside the scope, each weighted by the most specific glob that holds it. */
  private scopeFraction(position: number, files: readonly string[]): number {
    const scope = this.scopes[position];
    if (!scope || files.length === 0) return 0;
    let inside = 0;
    for (const file of files) {
      let best = 0;
      for (const glob of scope) if (glob.weight > best && glob.matches(file)) best = glob.weight;
      inside += best;
    }
    return inside / files.length;
  }

  private prepare(text: string): { query: string[]; maxAttainable: number } {
    const query = [...new Set(tokenize(text))];
    let maxAttainable = 0;
    for (const term of query) maxAttainable += this.postings.get(term)?.idf ?? this.unseenIdf * UNSEEN_TERM_WEIGHT;
    return { query, maxAttainable: Math.max(maxAttainable, this.unseenIdf * MIN_QUERY_INFORMATION) };
  }
}

const GLOBAL_GLOBS = new Set(['**', '**/*', '*', './**']);

/**
 * A task given in words alone names no files; when a repo-wide skill and one about a particular
 * area match its words about equally, the area's skill is the more useful answer, so repo-wide
 * skills give up a little of their score. With files, the scope boost decides instead.
 */
const GLOBAL_WEIGHT_WITHOUT_FILES = 0.7;

/**
 * A word no skill contains still means the library covers less of the task, but typos and
 * chatty phrasing are common, so an unseen word counts for part of a rare word's weight.
 */
const UNSEEN_TERM_WEIGHT = 0.35;

/**
 * A query of only common words ("fix the failing test") is matched by many skills equally well;
 * measuring its coverage against at least this many rare words' weight keeps it from scoring
 * like a precise query, and leaves room for the task's files to decide.
 */
const MIN_QUERY_INFORMATION = 1.5;

function binarySearch(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid] as number;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
