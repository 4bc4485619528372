import type { Candidate, CandidateStatus } from '../model/candidate';
import { readFromStore, redactedText, serializeRedacted, type Redacted } from '../redaction/gate';
import type { SqlDatabase } from '../store/sqlDatabase';
import { candidateFingerprint } from './fingerprint';

/** What the store keeps: the candidate plus learn-time extras (support, the diff of an edit). */
export type StoredCandidate = Candidate & {
  /** Observations behind it; see LearnedCandidate. */
  support?: number;
  /** For kind `edit`: unified diff of the current skill's body against the proposal. */
  diff?: string;
  updatedAt?: number;
};

type CandidateRow = { payload: string } & Record<string, string | number | null | Uint8Array>;

/**
 * Candidates in the `candidates` table. The whole object lives in `payload`; the columns carry
 * what queries filter and sort on. Malformed payloads are skipped and counted, never thrown.
 */
export class CandidateRepository {
  /** Rows whose payload could not be read, since this repository was created. */
  skippedRows = 0;

  constructor(private readonly db: SqlDatabase) {}

  /** Only a candidate that went through the gate (redactCandidate) can be saved; returns the stored copy. */
  save(candidate: Redacted<StoredCandidate>, now = Date.now()): Redacted<StoredCandidate> {
    const stored: Redacted<StoredCandidate> = { ...candidate, updatedAt: now };
    this.db.run(
      `INSERT INTO candidates
         (id, name, status, fingerprint, evidence_count, confidence, created_at, updated_at, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, status = excluded.status, fingerprint = excluded.fingerprint,
         evidence_count = excluded.evidence_count, confidence = excluded.confidence, updated_at = excluded.updated_at,
         payload = excluded.payload`,
      [
        redactedText(stored.id),
        redactedText(stored.name),
        redactedText(stored.status),
        redactedText(candidateFingerprint(stored)),
        stored.evidence.length,
        stored.confidence,
        stored.createdAt,
        now,
        serializeRedacted(stored),
      ],
    );
    return stored;
  }

  saveAll(candidates: readonly Redacted<StoredCandidate>[], now = Date.now()): Redacted<StoredCandidate>[] {
    return this.db.transaction(() => candidates.map((candidate) => this.save(candidate, now)));
  }

  get(id: string): Redacted<StoredCandidate> | undefined {
    const row = this.db.get<CandidateRow>('SELECT payload FROM candidates WHERE id = ?', [id]);
    return row ? this.parse(row) : undefined;
  }

  /** A candidate by full id or unique id prefix (what people type in a terminal). */
  find(idOrPrefix: string): Redacted<StoredCandidate> | undefined {
    const exact = this.get(idOrPrefix);
    if (exact) return exact;
    const rows = this.db.all<CandidateRow>("SELECT payload FROM candidates WHERE id LIKE ? ESCAPE '\\' LIMIT 2", [
      `${idOrPrefix.replace(/[\\%_]/g, '\\$&')}%`,
    ]);
    return rows.length === 1 && rows[0] ? this.parse(rows[0]) : undefined;
  }

  listPending(): Redacted<StoredCandidate>[] {
    return this.list('pending');
  }

  listRejected(): Redacted<StoredCandidate>[] {
    return this.list('rejected');
  }

  list(status?: CandidateStatus): Redacted<StoredCandidate>[] {
    const rows = status
      ? this.db.all<CandidateRow>(
          'SELECT payload FROM candidates WHERE status = ? ORDER BY confidence DESC, created_at DESC',
          [status],
        )
      : this.db.all<CandidateRow>('SELECT payload FROM candidates ORDER BY created_at DESC');
    return rows
      .map((row) => this.parse(row))
      .filter((candidate): candidate is Redacted<StoredCandidate> => candidate !== undefined);
  }

  markAccepted(id: string, now = Date.now()): Redacted<StoredCandidate> | undefined {
    return this.setStatus(id, 'accepted', undefined, now);
  }

  /** The reason is the reviewer's own text, so it too must come through the gate. */
  markRejected(id: string, reason?: Redacted<string>, now = Date.now()): Redacted<StoredCandidate> | undefined {
    return this.setStatus(id, 'rejected', reason, now);
  }

  markSuperseded(id: string, now = Date.now()): Redacted<StoredCandidate> | undefined {
    return this.setStatus(id, 'superseded', undefined, now);
  }

  private setStatus(
    id: string,
    status: CandidateStatus,
    reason: Redacted<string> | undefined,
    now: number,
  ): Redacted<StoredCandidate> | undefined {
    const candidate = this.get(id);
    if (!candidate) return undefined;
    const updated: Redacted<StoredCandidate> = { ...candidate, status, ...(reason ? { rejectReason: reason } : {}) };
    this.save(updated, now);
    return updated;
  }

  private parse(row: CandidateRow): Redacted<StoredCandidate> | undefined {
    try {
      const value = JSON.parse(row.payload) as StoredCandidate;
      if (typeof value?.id !== 'string' || typeof value.name !== 'string' || !Array.isArray(value.evidence))
        throw new Error('not a candidate');
      return readFromStore(value);
    } catch {
      this.skippedRows++;
      return undefined;
    }
  }
}
