import type { SqlDatabase } from '../store/sqlDatabase';
import { redactedText } from '../redaction/gate';
import { readKv, writeKv } from '../store/kv';

/** One accepted version of a skill, kept so the Library can show history and roll back. */
export interface SkillVersionRecord {
  skill: string;
  version: string;
  /** Content hash of SKILL.md as written. */
  hash: string;
  acceptedAt: number;
  /** The full SKILL.md text. */
  content: string;
  /** Sessions the version was distilled from: its support data, never counted in its own stats. */
  supportSessionIds: string[];
  /** HEAD when the version was accepted, so drift review can measure churn since then. */
  acceptedCommit?: string;
  /** Files the version cites as evidence (workspace-relative). */
  evidenceFiles: string[];
}

interface VersionRow extends Record<string, string | number | null | Uint8Array> {
  skill: string;
  version: string;
  hash: string;
  accepted_at: number;
  content: string;
}

interface VersionExtras {
  supportSessionIds?: string[];
  acceptedCommit?: string;
  evidenceFiles?: string[];
}

/**
 * Version history over `skill_versions`. That table has no payload column, so the support set
 * and accepted commit live in `kv` under `skill-version:<skill>@<version>`.
 */
export class SkillVersionRepository {
  constructor(private readonly db: SqlDatabase) {}

  record(version: SkillVersionRecord): void {
    const extras: VersionExtras = {
      supportSessionIds: version.supportSessionIds,
      acceptedCommit: version.acceptedCommit,
      evidenceFiles: version.evidenceFiles,
    };
    this.db.transaction(() => {
      // A teammate's skill is stored here too, whatever it holds: the gate applies to it as to any text.
      this.db.run(
        'INSERT OR REPLACE INTO skill_versions (skill, version, hash, accepted_at, content) VALUES (?, ?, ?, ?, ?)',
        [
          redactedText(version.skill),
          redactedText(version.version),
          redactedText(version.hash),
          version.acceptedAt,
          redactedText(version.content),
        ],
      );
      writeKv(this.db, extrasKey(version.skill, version.version), extras);
    });
  }

  get(skill: string, version: string): SkillVersionRecord | undefined {
    const row = this.db.get<VersionRow>('SELECT * FROM skill_versions WHERE skill = ? AND version = ?', [
      skill,
      version,
    ]);
    return row ? this.toRecord(row) : undefined;
  }

  /** Newest first. */
  history(skill: string): SkillVersionRecord[] {
    return this.db
      .all<VersionRow>('SELECT * FROM skill_versions WHERE skill = ? ORDER BY accepted_at DESC, version DESC', [skill])
      .map((row) => this.toRecord(row));
  }

  current(skill: string): SkillVersionRecord | undefined {
    return this.history(skill)[0];
  }

  /** Every skill's newest version. */
  currentVersions(): SkillVersionRecord[] {
    const skills = this.db.all<{ skill: string }>('SELECT DISTINCT skill FROM skill_versions ORDER BY skill');
    return skills.flatMap((row) => this.current(row.skill) ?? []);
  }

  /**
   * The SKILL.md text to restore for a rollback. The caller writes it and records it as a new
   * version, so the rollback itself is in the history and gets fresh statistics.
   */
  rollbackContent(skill: string, version: string): string | undefined {
    return this.get(skill, version)?.content;
  }

  private toRecord(row: VersionRow): SkillVersionRecord {
    const extras = readExtras(readKv(this.db, extrasKey(row.skill, row.version)));
    return {
      skill: row.skill,
      version: row.version,
      hash: row.hash,
      acceptedAt: Number(row.accepted_at),
      content: row.content,
      supportSessionIds: extras.supportSessionIds ?? [],
      acceptedCommit: extras.acceptedCommit,
      evidenceFiles: extras.evidenceFiles ?? [],
    };
  }
}

function extrasKey(skill: string, version: string): string {
  return `skill-version:${skill}@${version}`;
}

function readExtras(value: string | undefined): VersionExtras {
  if (!value) return {};
  try {
    const parsed = JSON.parse(value) as VersionExtras;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
