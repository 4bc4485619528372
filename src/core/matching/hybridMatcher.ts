import type { Embedder } from './embedder';
import { cosineSimilarity, skillEmbeddingText } from './embedder';
import type { MatchResult, MatchTask, SkillIndex } from './matchTypes';

export interface HybridMatcherOptions {
  /** Share of the final score taken by cosine similarity. @default 0.5 */
  semanticWeight?: number;
}

export interface HybridMatcher {
  match(task: MatchTask, k: number, signal?: AbortSignal): Promise<MatchResult[]>;
}

/**
 * Blends the lexical score with embedding similarity, so "speed up the slow product page"
 * can find a caching skill that never says "speed". Skill vectors are computed lazily once
 * (the embedder is expected to be cached); a failing embedder degrades to lexical results.
 */
export function createHybridMatcher(
  index: SkillIndex,
  embedder: Embedder,
  options: HybridMatcherOptions = {},
): HybridMatcher {
  const weight = options.semanticWeight ?? 0.5;
  let skillVectors: Promise<number[][]> | undefined;

  function vectorsFor(signal?: AbortSignal): Promise<number[][]> {
    if (!skillVectors) {
      const texts = Array.from({ length: index.size }, (_, position) => skillEmbeddingText(index.skillAt(position)));
      skillVectors = embedder.embed(texts, signal);
      skillVectors.catch(() => (skillVectors = undefined));
    }
    return skillVectors;
  }

  return {
    async match(task, k, signal) {
      let vectors: number[][];
      let query: number[];
      try {
        vectors = await vectorsFor(signal);
        [query = []] = await embedder.embed([task.text], signal);
      } catch {
        return index.match(task, k);
      }
      const lexical = index.scoreAll(task);
      const blended: { position: number; score: number; semantic: number }[] = [];
      for (let position = 0; position < index.size; position++) {
        const semantic = Math.max(0, cosineSimilarity(query, vectors[position] ?? []));
        const score = (1 - weight) * (lexical[position] as number) + weight * semantic;
        if (score > 0) blended.push({ position, score, semantic });
      }
      blended.sort((a, b) => b.score - a.score);
      return blended.slice(0, Math.max(0, k)).map(({ position, score, semantic }) => {
        const result = index.explain(task, position, score);
        return { ...result, explanation: { ...result.explanation, semantic } };
      });
    },
  };
}
