import { createHash } from 'node:crypto';
import { numericBytes, redactedText, type Redacted } from '../redaction/gate';
import type { SqlDatabase } from '../store/sqlDatabase';
import type { Embedder } from './embedder';

/**
 * Wraps an embedder so each (model, text) is embedded once and kept in the store's
 * `embeddings` table as little-endian float32, so restarting the editor does not re-embed
 * the whole library.
 */
export function cachedEmbedder(inner: Embedder, db: SqlDatabase): Embedder {
  return {
    model: inner.model,
    async embed(texts, signal) {
      const keys = texts.map((text) => embeddingKey(inner.model, text));
      const vectors: (number[] | undefined)[] = keys.map((key) => readVector(db, key, inner.model));
      const missing = texts.flatMap((text, position) => (vectors[position] ? [] : [{ text, position }]));
      if (missing.length > 0) {
        const fresh = await inner.embed(
          missing.map((item) => item.text),
          signal,
        );
        db.transaction(() => {
          missing.forEach((item, i) => {
            const vector = fresh[i] ?? [];
            vectors[item.position] = vector;
            db.run('INSERT OR REPLACE INTO embeddings (key, model, vector) VALUES (?, ?, ?)', [
              redactedText(keys[item.position] as string),
              redactedText(inner.model),
              encodeVector(vector),
            ]);
          });
        });
      }
      return vectors.map((vector) => vector ?? []);
    },
  };
}

export function embeddingKey(model: string, text: string): string {
  return createHash('sha256').update(model).update('\u0000').update(text).digest('hex');
}

function readVector(db: SqlDatabase, key: string, model: string): number[] | undefined {
  const row = db.get<{ vector: Uint8Array; model: string }>('SELECT vector, model FROM embeddings WHERE key = ?', [
    key,
  ]);
  if (!row || row.model !== model || !(row.vector instanceof Uint8Array)) return undefined;
  return decodeVector(row.vector);
}

export function encodeVector(vector: readonly number[]): Redacted<Uint8Array> {
  return numericBytes(vector);
}

export function decodeVector(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.byteLength; offset += 4) vector.push(view.getFloat32(offset, true));
  return vector;
}
