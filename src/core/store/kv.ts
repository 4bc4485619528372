import { redactedJson, redactedText } from '../redaction/gate';
import type { SqlDatabase } from './sqlDatabase';

/**
 * The `kv` table's one writer: cursors, trust records, tail positions, timestamps. A string is
 * stored as it is (after the gate), anything else as JSON. Reading stays with each owner.
 */
export function writeKv(db: SqlDatabase, key: string, value: unknown): void {
  db.run('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
    redactedText(key),
    typeof value === 'string' ? redactedText(value) : redactedJson(value),
  ]);
}
