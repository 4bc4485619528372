import type { Outcome } from '../model/trajectory';
import type { SqlDatabase } from '../store/sqlDatabase';
import { redactedText } from '../redaction/gate';

/** How a skill reached an agent. */
export type DeliveryChannel = 'lm-tool' | 'mcp' | 'transcript-read' | 'agents-md';

export interface SkillUsage {
  skill: string;
  version: string;
  sessionId?: string;
  channel: DeliveryChannel;
  ts: number;
  /** Filled in later, once the session's outcome is labelled. */
  outcome?: Outcome;
}

interface UsageRow extends Record<string, string | number | null | Uint8Array> {
  skill: string;
  version: string;
  session_id: string | null;
  channel: string;
  ts: number;
  outcome: string | null;
}

/** Deliveries of skills to sessions, over the store's `skill_usage` table. */
export class SkillUsageRepository {
  constructor(private readonly db: SqlDatabase) {}

  recordDelivery(usage: SkillUsage): void {
    this.db.run(
      'INSERT INTO skill_usage (skill, version, session_id, channel, ts, outcome) VALUES (?, ?, ?, ?, ?, ?)',
      [
        redactedText(usage.skill),
        redactedText(usage.version),
        usage.sessionId === undefined ? null : redactedText(usage.sessionId),
        redactedText(usage.channel),
        usage.ts,
        usage.outcome === undefined ? null : redactedText(usage.outcome),
      ],
    );
  }

  /** Labels every delivery made in the session with its outcome; returns how many rows changed. */
  recordSessionOutcome(sessionId: string, outcome: Outcome): number {
    const before =
      this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM skill_usage WHERE session_id = ?', [sessionId])?.n ?? 0;
    if (before === 0) return 0;
    this.db.run('UPDATE skill_usage SET outcome = ? WHERE session_id = ?', [
      redactedText(outcome),
      redactedText(sessionId),
    ]);
    return Number(before);
  }

  usages(skill: string, version?: string): SkillUsage[] {
    const rows =
      version === undefined
        ? this.db.all<UsageRow>('SELECT * FROM skill_usage WHERE skill = ? ORDER BY ts', [skill])
        : this.db.all<UsageRow>('SELECT * FROM skill_usage WHERE skill = ? AND version = ? ORDER BY ts', [
            skill,
            version,
          ]);
    return rows.map(toUsage);
  }

  /** When any version of the skill was last delivered, or undefined if never. */
  lastUsedAt(skill: string): number | undefined {
    const row = this.db.get<{ last: number | null }>('SELECT MAX(ts) AS last FROM skill_usage WHERE skill = ?', [
      skill,
    ]);
    return row?.last === null || row?.last === undefined ? undefined : Number(row.last);
  }

  skillsUsed(): string[] {
    return this.db
      .all<{ skill: string }>('SELECT DISTINCT skill FROM skill_usage ORDER BY skill')
      .map((row) => row.skill);
  }
}

const OUTCOMES: readonly string[] = ['success', 'failure', 'mixed', 'unknown'];

function toUsage(row: UsageRow): SkillUsage {
  return {
    skill: row.skill,
    version: row.version,
    sessionId: row.session_id ?? undefined,
    channel: row.channel as DeliveryChannel,
    ts: Number(row.ts),
    outcome: row.outcome !== null && OUTCOMES.includes(row.outcome) ? (row.outcome as Outcome) : undefined,
  };
}
