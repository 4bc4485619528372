import { createHash, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../ports';
import { redactedText, serializeRedacted, type Redacted } from '../redaction/gate';
import type { SqlDatabase } from '../store/sqlDatabase';
import { buildSkillIndex } from '../matching/skillIndex';
import type { MatchableSkill } from '../matching/matchTypes';
import { GAP_SIMILARITY, gapSimilarity, mergeDraftInto } from './gapClustering';
import { DEFAULT_GAP_THRESHOLD } from './gapDetector';
import { gapPrompt } from './gapPrompt';
import type { Gap, GapDraft, GapStatus } from './gapTypes';
import { redactGapDraft } from './redactGap';

interface GapRow extends Record<string, string | number | null | Uint8Array> {
  payload: string;
}

/**
 * Gaps in the private store. Recording merges into an existing gap about the same thing
 * (open or dismissed: a dismissed gap stays dismissed however often it recurs).
 */
export class GapRepository {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Stores a draft as a new gap or folds it into the gap it belongs to; returns the stored gap. */
  record(draft: GapDraft, similarity = GAP_SIMILARITY): Gap {
    const signature = gapSignature(draft);
    const now = this.clock.now();
    const candidates = this.list().filter((gap) => gap.status !== 'closed');
    const existing =
      candidates.find((gap) => gap.signature === signature) ??
      candidates
        .map((gap) => ({ gap, similarity: gapSimilarity(gap, draft) }))
        .filter((entry) => entry.similarity >= similarity)
        .sort((a, b) => b.similarity - a.similarity)[0]?.gap;
    if (existing) {
      mergeDraftInto(existing, draft);
      existing.updatedAt = now;
      existing.prompt = gapPrompt(existing);
      return this.save(existing);
    }
    const gap: Gap = {
      ...draft,
      evidence: [...draft.evidence],
      id: randomUUID(),
      signature,
      status: 'open',
      prompt: gapPrompt(draft),
      createdAt: now,
      updatedAt: now,
    };
    return this.save(gap);
  }

  get(id: string): Gap | undefined {
    const row = this.db.get<GapRow>('SELECT payload FROM gaps WHERE id = ?', [id]);
    return row ? parseGap(row.payload) : undefined;
  }

  /** Every gap with the given status (all when omitted), most evidence first. */
  list(status?: GapStatus): Gap[] {
    const rows = status
      ? this.db.all<GapRow>('SELECT payload FROM gaps WHERE status = ? ORDER BY occurrences DESC, updated_at DESC', [
          status,
        ])
      : this.db.all<GapRow>('SELECT payload FROM gaps ORDER BY occurrences DESC, updated_at DESC');
    return rows.flatMap((row) => parseGap(row.payload) ?? []);
  }

  listOpen(): Gap[] {
    return this.list('open');
  }

  dismiss(id: string): boolean {
    return this.setStatus(id, 'dismissed');
  }

  /**
   * Closes every open gap the newly accepted skill covers: matched against the library with the
   * skill in it, the skill must come first and clear the threshold.
   */
  closeGapsCoveredBy(
    skill: MatchableSkill,
    library: readonly MatchableSkill[] = [],
    threshold = DEFAULT_GAP_THRESHOLD,
  ): Gap[] {
    const index = buildSkillIndex([
      ...library.filter((other) => other.name !== skill.name),
      { ...skill, tier: skill.tier === 'quarantined' ? 'accepted' : skill.tier },
    ]);
    const closed: Gap[] = [];
    for (const gap of this.listOpen()) {
      const [top] = index.match({ text: gap.query.text, files: gap.query.files }, 1);
      if (top?.name === skill.name && top.score >= threshold) {
        this.setStatus(gap.id, 'closed', skill.name);
        closed.push({ ...gap, status: 'closed', closedBy: skill.name });
      }
    }
    return closed;
  }

  private setStatus(id: string, status: GapStatus, closedBy?: string): boolean {
    const gap = this.get(id);
    if (!gap) return false;
    gap.status = status;
    gap.updatedAt = this.clock.now();
    if (closedBy) gap.closedBy = closedBy;
    this.save(gap);
    return true;
  }

  /** Stores the gap redacted (the one way into the table) and returns what was stored. */
  private save(unredacted: Gap): Redacted<Gap> {
    const gap = redactGapDraft(unredacted);
    this.db.run(
      `INSERT INTO gaps (id, signature, status, occurrences, created_at, updated_at, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET signature = excluded.signature, status = excluded.status,
         occurrences = excluded.occurrences, updated_at = excluded.updated_at, payload = excluded.payload`,
      [
        redactedText(gap.id),
        redactedText(gap.signature),
        redactedText(gap.status),
        gap.evidence.length,
        gap.createdAt,
        gap.updatedAt,
        serializeRedacted(gap),
      ],
    );
    return gap;
  }
}

/** Same failing command, same area, or the same content words: the key an exact repeat shares. */
export function gapSignature(draft: GapDraft): string {
  const key = draft.errorSignature
    ? `cmd:${draft.errorSignature}`
    : draft.kind === 'failing-area'
      ? `area:${draft.scope.join(',')}`
      : `text:${[...(draft.samples[0] ?? [])].sort().join(' ')}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A row written by an older or newer version may lack fields; such a row is skipped, not thrown. */
function parseGap(payload: string): Gap | undefined {
  try {
    const gap = JSON.parse(payload) as Gap;
    if (typeof gap.id !== 'string' || !Array.isArray(gap.evidence) || !Array.isArray(gap.samples)) return undefined;
    gap.scope ??= [];
    gap.query ??= { text: gap.question ?? '', files: [] };
    return gap;
  } catch {
    return undefined;
  }
}
