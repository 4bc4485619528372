/** Turns texts into vectors. Optional: without one, matching is fully lexical. */
export interface Embedder {
  /** Identifies the model, so cached vectors from another model are never mixed in. */
  readonly model: string;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const length = Math.min(a.length, b.length);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  return dot / Math.sqrt(normA * normB);
}

/** The text a skill is embedded as: what it is for first, then its body, bounded. */
export function skillEmbeddingText(skill: { name: string; description: string; body: string }): string {
  return `${skill.name}\n${skill.description}\n\n${skill.body}`.slice(0, MAX_EMBEDDED_CHARS);
}

/** Embedding models take about 8k tokens; 6,000 characters stays well inside for any of them. */
const MAX_EMBEDDED_CHARS = 6000;
