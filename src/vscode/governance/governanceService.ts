import * as vscode from 'vscode';
import { CandidateRepository } from '../../core/candidates/candidateRepository';
import { governanceSnapshot, type SkillGovernance } from '../../core/governance/governanceSnapshot';
import { SkillVersionRepository } from '../../core/governance/skillVersions';
import { skillReadsFromEvents } from '../../core/governance/transcriptUsage';
import { SkillUsageRepository } from '../../core/governance/usageRepository';
import { gitText } from '../../core/history/gitProcess';
import type { Outcome } from '../../core/model/trajectory';
import { redactCandidate } from '../../core/redaction/redactCandidate';
import type { LibraryService } from '../library/libraryService';
import { deliveryVersion, governanceFromDb, type LibraryGovernance } from '../../core/governance/skillGovernance';
import type { ReviewService } from '../review/reviewService';
import type { RecordingRuntime } from '../runtime/recording';
import { readSettings } from '../settings';
import { DRIFT_SOURCE, driftCandidate, driftCandidateId } from '../../core/governance/driftCandidates';
import { newSkillVersions } from './skillVersionSync';
import { Disposable } from '../lifecycle';
import { errorMessage } from '../../core/util/errorMessage';
import { runLogged } from '../userMessages';
import { readKvNumber, writeKv } from '../../core/store/kv';

export type GovernanceLibrary = Pick<LibraryService, 'skills' | 'quarantinedNames' | 'onDidChange' | 'reviewDrift'>;

export interface GovernanceServiceOptions {
  folder: vscode.WorkspaceFolder | undefined;
  recording: RecordingRuntime;
  library: GovernanceLibrary;
  log: vscode.LogOutputChannel;
  /** Told when drift review saved proposals, so the Suggestions view shows them. */
  review?: Pick<ReviewService, 'refresh'>;
}

const SCAN_DEBOUNCE_MS = 2000;
const READ_EVENTS_MAX = 2000;
/** Transcript lines can arrive a little after the time they carry. */
const READ_LOOKBACK_MS = 2 * 60_000;
const FIRST_READ_WINDOW_MS = 3 * 86_400_000;
const SESSIONS_FOR_OUTCOMES = 50;
const KNOWN_OUTCOMES_MAX = 1000;
const DRIFT_EVERY_MS = 86_400_000;
const DRIFT_CHECK_MS = 60 * 60_000;
const DRIFT_FIRST_CHECK_MS = 2 * 60_000;
const DRIFT_LAST_RUN_KEY = 'governance:drift-review-last-run';

/**
 * Usage and governance in the editor. Deliveries by the LM tool are recorded by the library's
 * search; this service adds what the recordings show (agents reading a SKILL.md, sessions'
 * outcomes), records a version when a Skillwright skill arrives in the library, and once a day
 * turns drifted skills into "revise or retire" proposals. It never edits a skill. In Restricted
 * Mode it runs no git process.
 */
export class GovernanceService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after usage, outcomes or versions were written (the library's facts are stale). */
  readonly onDidChange = this.changed.event;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private scanTimer: ReturnType<typeof setTimeout> | undefined;
  private readWatermark: number | undefined;
  private readonly recordedReads = new Set<string>();
  private readonly knownOutcomes = new Map<string, Outcome>();
  private versionsRunning: Promise<number> | undefined;
  private driftRunning: Promise<number> | undefined;

  constructor(private readonly options: GovernanceServiceOptions) {
    super();
    this._register(options.recording.onDidChange(() => this.scheduleScan()));
    this._register(options.library.onDidChange(() => void this.recordVersions()));
  }

  /** Call once the store is open: catches up on versions and usage, starts the daily drift check. */
  start(): void {
    if (this.disposed || this.timers.length > 0) return;
    void this.recordVersions();
    this.scheduleScan();
    const first = setTimeout(() => void this.reviewDriftIfDue(), DRIFT_FIRST_CHECK_MS);
    const hourly = setInterval(() => void this.reviewDriftIfDue(), DRIFT_CHECK_MS);
    first.unref?.();
    hourly.unref?.();
    this.timers.push(first, hourly);
  }

  /** The repositories LibraryService reads uses, success and tiers from (its `usage` option). */
  libraryGovernance(): LibraryGovernance | undefined {
    const store = this.options.recording.store;
    return store ? governanceFromDb(store.db) : undefined;
  }

  /** Current-version statistics, Wilson bound and tier of every versioned skill. */
  snapshot(): { skills: Map<string, SkillGovernance>; libraryAverage?: number } {
    const store = this.options.recording.store;
    if (!store) return { skills: new Map() };
    return governanceSnapshot(store.db, {
      trustedAfterSuccesses: readSettings(this.options.folder?.uri).governance.trustedAfterUses,
      quarantined: new Set(this.options.library.quarantinedNames()),
    });
  }

  /** Records usage found in new transcript events and labels deliveries with session outcomes. */
  scanNow(): void {
    this.guard('transcript reads', () => this.recordTranscriptReads());
    this.guard('session outcomes', () => this.recordSessionOutcomes());
  }

  /** Records a version for each Skillwright skill whose current version the store lacks. */
  recordVersions(): Promise<number> {
    this.versionsRunning ??= this.recordVersionsNow()
      .catch((error: unknown) => {
        this.options.log.error(`Governance (skill versions): ${errorMessage(error)}`);
        return 0;
      })
      .finally(() => {
        this.versionsRunning = undefined;
      });
    return this.versionsRunning;
  }

  /**
   * Drift review now (the refresh command, the daily timer): flagged skills become pending
   * "revise or retire" edits. Trusted workspaces only, since it runs git. Returns how many new
   * proposals were saved.
   */
  reviewDrift(): Promise<number> {
    this.driftRunning ??= this.reviewDriftNow()
      .catch((error: unknown) => {
        this.options.log.error(`Governance (drift review): ${errorMessage(error)}`);
        return 0;
      })
      .finally(() => {
        this.driftRunning = undefined;
      });
    return this.driftRunning;
  }

  override dispose(): void {
    super.dispose();
    if (this.scanTimer) clearTimeout(this.scanTimer);
    for (const timer of this.timers) clearTimeout(timer);
  }

  private scheduleScan(): void {
    if (this.disposed || this.scanTimer) return;
    this.scanTimer = setTimeout(() => {
      this.scanTimer = undefined;
      this.scanNow();
    }, SCAN_DEBOUNCE_MS);
  }

  private recordTranscriptReads(): void {
    const store = this.options.recording.store;
    if (!store) return;
    const skills = new Map(this.options.library.skills().map((skill) => [skill.folderName, skill]));
    if (skills.size === 0) return;
    const since = (this.readWatermark ?? Date.now() - FIRST_READ_WINDOW_MS) - READ_LOOKBACK_MS;
    const events = store
      .listEvents({ types: ['transcript'], since, newestFirst: true, limit: READ_EVENTS_MAX })
      .reverse();
    if (events.length === 0) return;
    this.readWatermark = Math.max(this.readWatermark ?? 0, ...events.map((event) => event.ts));
    const settings = readSettings(this.options.folder?.uri).skills;
    const folders = [
      ...new Set([settings.folder, ...settings.mirrors, '.agents/skills', '.claude/skills', '.github/skills']),
    ];
    const reads = skillReadsFromEvents(
      events,
      (name) => {
        const skill = skills.get(name);
        return skill ? deliveryVersion(skill) : undefined;
      },
      folders,
    );
    const usage = new SkillUsageRepository(store.db);
    let recorded = 0;
    for (const read of reads) {
      const key = `${read.sessionId ?? ''}\u0000${read.skill}`;
      if (this.recordedReads.has(key)) continue;
      this.recordedReads.add(key);
      // A window restart looks back over events it may have counted before.
      if (
        usage
          .usages(read.skill)
          .some((known) => known.channel === 'transcript-read' && known.sessionId === read.sessionId)
      )
        continue;
      const outcome = read.sessionId ? this.options.recording.sessions?.get(read.sessionId)?.outcome : undefined;
      usage.recordDelivery({ ...read, ...(outcome && outcome !== 'unknown' ? { outcome } : {}) });
      recorded++;
    }
    if (this.recordedReads.size > KNOWN_OUTCOMES_MAX * 5) this.recordedReads.clear();
    if (recorded > 0) {
      this.options.log.info(`Usage: ${recorded} skill read(s) by agents found in transcripts.`);
      this.fire();
    }
  }

  private recordSessionOutcomes(): void {
    const { store, sessions } = this.options.recording;
    if (!store || !sessions) return;
    const usage = new SkillUsageRepository(store.db);
    let labelled = 0;
    for (const session of sessions.listRecent(SESSIONS_FOR_OUTCOMES, { includeExcluded: true })) {
      if (session.outcome === 'unknown' || this.knownOutcomes.get(session.id) === session.outcome) continue;
      this.knownOutcomes.set(session.id, session.outcome);
      if (this.knownOutcomes.size > KNOWN_OUTCOMES_MAX)
        this.knownOutcomes.delete(this.knownOutcomes.keys().next().value as string);
      labelled += usage.recordSessionOutcome(session.id, session.outcome);
    }
    if (labelled > 0) {
      this.fire();
    }
  }

  private async recordVersionsNow(): Promise<number> {
    const store = this.options.recording.store;
    const folder = this.options.folder;
    if (!store || !folder) return 0;
    const versions = new SkillVersionRepository(store.db);
    if (newSkillVersions(this.options.library.skills(), versions, [], { now: Date.now() }).length === 0) return 0;
    const accepted = new CandidateRepository(store.db).list('accepted');
    const headCommit = vscode.workspace.isTrusted
      ? await gitText(folder.uri.fsPath, ['rev-parse', 'HEAD']).then(
          (text) => text.trim(),
          () => undefined,
        )
      : undefined;
    // Read again after the await: another pass may have recorded some meanwhile.
    const records = newSkillVersions(this.options.library.skills(), versions, accepted, {
      now: Date.now(),
      ...(headCommit ? { headCommit } : {}),
    });
    for (const record of records) versions.record(record);
    if (records.length === 0) return 0;
    const recorded = records.map(
      (record) => `${record.skill}@${record.version} (${record.supportSessionIds.length} support session(s))`,
    );
    this.options.log.info(`Skill versions recorded: ${recorded.join(', ')}.`);
    this.fire();
    return records.length;
  }

  private async reviewDriftIfDue(): Promise<void> {
    const store = this.options.recording.store;
    if (!store || !vscode.workspace.isTrusted) return;
    const last = readKvNumber(store.db, DRIFT_LAST_RUN_KEY);
    if (Date.now() - last < DRIFT_EVERY_MS) return;
    await this.reviewDrift();
  }

  private async reviewDriftNow(): Promise<number> {
    const store = this.options.recording.store;
    const folder = this.options.folder;
    if (!store || !folder || !vscode.workspace.isTrusted) return 0;
    // The library runs the review (its rows show the findings too); proposals are only for skills agents may get.
    const findings = await this.options.library.reviewDrift();
    const quarantined = new Set(this.options.library.quarantinedNames());
    const skills = this.options.library
      .skills()
      .filter(
        (skill) => !quarantined.has(skill.folderName) && !skill.issues.some((issue) => issue.severity === 'error'),
      );
    const candidates = new CandidateRepository(store.db);
    const pending = candidates.listPending();
    const now = Date.now();
    let flagged = 0;
    let saved = 0;
    for (const skill of skills) {
      const finding = findings.get(skill.folderName);
      const reasons = finding?.reasons ?? [];
      if (!finding || reasons.length === 0) continue;
      flagged++;
      const id = driftCandidateId(skill, reasons);
      if (candidates.get(id)) continue;
      // A newer review replaces an older, still pending one for the same skill.
      for (const older of pending)
        if (older.source === DRIFT_SOURCE && older.name === skill.folderName) candidates.markSuperseded(older.id, now);
      candidates.save(redactCandidate(driftCandidate(skill, finding, folder.uri.fsPath, now)), now);
      saved++;
    }
    writeKv(store.db, DRIFT_LAST_RUN_KEY, String(now));
    this.options.log.info(`Drift review: ${flagged} skill(s) flagged, ${saved} new "revise or retire" proposal(s).`);
    if (saved > 0) {
      this.fire();
      this.options.review?.refresh();
    }
    return saved;
  }

  private fire(): void {
    if (!this.disposed) this.changed.fire();
  }

  private guard(context: string, action: () => void): void {
    runLogged(this.options.log, `Governance (${context})`, action);
  }
}
