import type { SqlDatabase } from '../store/sqlDatabase';
import { readKv, readKvWithPrefix, writeKv } from '../store/kv';

/** Who vouched for a skill version: the accept flow itself, or a person pressing "Trust this skill". */
export type TrustedBy = 'accept' | 'user' | (string & {});

export interface TrustRecord {
  name: string;
  hash: string;
  by: TrustedBy;
  at: number;
}

/**
 * Trust is recorded per skill name and folder hash, so a trusted skill that later changes (a new
 * script, an edited body) is scanned again and, if flagged, quarantined again.
 */
export interface TrustStore {
  isTrusted(name: string, hash: string): boolean;
  trust(name: string, hash: string, by: TrustedBy, at: number): void;
  /** Every recorded trust decision for a skill, oldest first. */
  history(name: string): TrustRecord[];
}

const PREFIX = 'skill-trust:';

/** Names are URI-encoded so the separator cannot occur in them; SQLite strings must not hold NUL. */
function prefixOf(name: string): string {
  return `${PREFIX}${encodeURIComponent(name)}:`;
}

function keyOf(name: string, hash: string): string {
  return `${prefixOf(name)}${hash}`;
}

/** A TrustStore over the store's `kv` table; needs no schema change. */
export function kvTrustStore(db: SqlDatabase): TrustStore {
  return {
    isTrusted(name, hash) {
      return readKv(db, keyOf(name, hash)) !== undefined;
    },
    trust(name, hash, by, at) {
      const record: TrustRecord = { name, hash, by, at };
      writeKv(db, keyOf(name, hash), record);
    },
    history(name) {
      const records: TrustRecord[] = [];
      for (const text of readKvWithPrefix(db, prefixOf(name))) {
        try {
          records.push(JSON.parse(text) as TrustRecord);
        } catch {
          // A damaged row is not a trust decision.
        }
      }
      return records.sort((a, b) => a.at - b.at);
    },
  };
}

/** For tests and for hosts without a store: trust kept in memory for the session. */
export function memoryTrustStore(): TrustStore {
  const records = new Map<string, TrustRecord>();
  return {
    isTrusted: (name, hash) => records.has(keyOf(name, hash)),
    trust: (name, hash, by, at) => {
      records.set(keyOf(name, hash), { name, hash, by, at });
    },
    history: (name) => [...records.values()].filter((record) => record.name === name).sort((a, b) => a.at - b.at),
  };
}
