import type { Candidate } from '../model/candidate';
import { buildSkillIndex } from '../matching/skillIndex';
import type { MatchableSkill, SkillIndex } from '../matching/matchTypes';
import { globMatcher, type PathMatcher } from '../util/glob';

/** The candidates, all treated as accepted, as H7's matcher sees them. */
export interface EvalLibrary {
  skills: MatchableSkill[];
  index: SkillIndex;
  /** Per skill position: does its scope cover a path. */
  covers: PathMatcher[];
  /** Per skill position: the scope covers every path (`**`), so a hit says nothing specific. */
  global: boolean[];
  positionOf: Map<string, number>;
}

const GLOBAL_SCOPE = new Set(['**', '**/*', '*', './**']);

export function buildEvalLibrary(candidates: readonly Candidate[]): EvalLibrary {
  const skills: MatchableSkill[] = candidates.map((candidate) => ({
    name: candidate.name,
    description: candidate.description,
    body: candidate.body,
    scope: [...candidate.scope],
    tier: 'accepted',
  }));
  return {
    skills,
    index: buildSkillIndex(skills),
    covers: skills.map((skill) => globMatcher(skill.scope)),
    global: skills.map((skill) => skill.scope.length > 0 && skill.scope.every((glob) => GLOBAL_SCOPE.has(glob))),
    // Names are unique in a library; if two candidates share one, the first (best ranked) wins.
    positionOf: new Map([...skills.entries()].reverse().map(([position, skill]) => [skill.name, position])),
  };
}

export interface RetrievalOutcome {
  /** hit_at_<k> and specific_hit_at_<k> (hits by a skill whose scope is not the whole repo). */
  hits: Record<string, number>;
  /** The best match's score, 0 when nothing matched. */
  topScore: number;
}

/** Ours: the commit message as the task, no files (they are the answer), top-k by H7's ranking. */
export function retrieveForCommit(
  library: EvalLibrary,
  message: string,
  touched: readonly string[],
  ks: readonly number[],
): RetrievalOutcome {
  const maxK = Math.max(...ks);
  const results = library.index.match({ text: message }, maxK);
  const positions = results.map((result) => library.positionOf.get(result.name) ?? -1);
  return { hits: hitsAt(library, positions, touched, ks), topScore: results[0]?.score ?? 0 };
}

/**
 * Baseline: the library in a random order, seeded per commit and seed so a run is reproducible,
 * averaged over `seeds` orders (the expected hit rate of ranking by chance).
 */
export function randomRetrieval(
  library: EvalLibrary,
  touched: readonly string[],
  ks: readonly number[],
  commitIndex: number,
  seeds: number,
): Record<string, number> {
  const sums: Record<string, number> = {};
  const count = library.skills.length;
  for (let seed = 0; seed < seeds; seed++) {
    const random = mulberry32((seed + 1) * 0x9e3779b1 + commitIndex);
    const order = Array.from({ length: count }, (_, index) => index);
    for (let index = count - 1; index > 0; index--) {
      const swap = Math.floor(random() * (index + 1));
      [order[index], order[swap]] = [order[swap] as number, order[index] as number];
    }
    for (const [key, value] of Object.entries(hitsAt(library, order, touched, ks)))
      sums[key] = (sums[key] ?? 0) + value;
  }
  for (const key of Object.keys(sums)) sums[key] = (sums[key] ?? 0) / seeds;
  return sums;
}

function hitsAt(
  library: EvalLibrary,
  positions: readonly number[],
  touched: readonly string[],
  ks: readonly number[],
): Record<string, number> {
  const covering = positions.map(
    (position) => position >= 0 && touched.some((file) => library.covers[position]?.(file) === true),
  );
  const out: Record<string, number> = {};
  for (const k of ks) {
    const top = positions.slice(0, k);
    out[`hit_at_${k}`] = top.some((_, rank) => covering[rank]) ? 1 : 0;
    out[`specific_hit_at_${k}`] = top.some((position, rank) => covering[rank] && !library.global[position]) ? 1 : 0;
  }
  return out;
}

/** Small, fast, seedable PRNG (public domain); Math.random cannot be seeded. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
