import { redactedText } from '../redaction/gate';
import type { Embedder } from './embedder';
import { errorMessage } from '../util/errorMessage';

export interface OpenAiEmbedderOptions {
  /** e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1` (Ollama). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** @default 30000 */
  timeoutMs?: number;
  /** Texts per request. @default 64 */
  batchSize?: number;
}

/** Failure talking to the embeddings endpoint; the message never includes the key. */
export class EmbeddingError extends Error {
  override readonly name = 'EmbeddingError';
}

interface EmbeddingResponse {
  data?: { index?: number; embedding?: unknown }[];
}

/**
 * A plain fetch client for an OpenAI-compatible `POST /embeddings`. It does not use the
 * `openai` package, which belongs to the chat model adapter alone. Every text is redacted before
 * it is sent, as for every other model request.
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function embedBatch(texts: readonly string[], signal: AbortSignal | undefined): Promise<number[][]> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: options.model, input: texts.map(redactedText) }),
        signal: combined,
      });
    } catch (error) {
      throw new EmbeddingError(`embeddings request to ${url} failed: ${errorMessage(error)}`);
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      throw new EmbeddingError(`embeddings endpoint answered ${response.status}: ${detail}`);
    }
    const parsed = (await response.json().catch(() => undefined)) as EmbeddingResponse | undefined;
    const data = parsed?.data;
    if (!Array.isArray(data) || data.length !== texts.length) {
      throw new EmbeddingError(
        `embeddings endpoint returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${texts.length} texts`,
      );
    }
    const vectors: number[][] = new Array<number[]>(texts.length);
    data.forEach((item, position) => {
      const vector = item.embedding;
      if (!Array.isArray(vector) || !vector.every((value) => typeof value === 'number')) {
        throw new EmbeddingError('embeddings endpoint returned a malformed vector');
      }
      vectors[typeof item.index === 'number' ? item.index : position] = vector as number[];
    });
    return vectors;
  }

  return {
    model: options.model,
    async embed(texts, signal) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize), signal)));
      }
      return vectors;
    },
  };
}
