import { redactedJson, redactedText } from '../redaction/gate';
import type { SqlDatabase } from './sqlDatabase';

/**
 * The `kv` table: cursors, trust records, tail positions, timestamps. A string is stored as it
 * is (after the gate), anything else as JSON; each owner decodes what it wrote.
 */
export function writeKv(db: SqlDatabase, key: string, value: unknown): void {
  db.run('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
    redactedText(key),
    typeof value === 'string' ? redactedText(value) : redactedJson(value),
  ]);
}

/** The stored text, or undefined when the key was never written. */
export function readKv(db: SqlDatabase, key: string): string | undefined {
  return db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', [key])?.value;
}

/** The stored texts of every key starting with prefix (one owner's records), in no set order. */
export function readKvWithPrefix(db: SqlDatabase, prefix: string): string[] {
  return db
    .all<{ value: string }>('SELECT value FROM kv WHERE substr(key, 1, ?) = ?', [prefix.length, prefix])
    .map((row) => row.value);
}

/** A stored number (a timestamp, a marker); 0 when the key is absent or holds no finite number. */
export function readKvNumber(db: SqlDatabase, key: string): number {
  const value = Number(readKv(db, key));
  return Number.isFinite(value) ? value : 0;
}
