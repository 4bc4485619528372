/**
 * Groups events into sessions, online (the recorder calls assign() per event) and offline
 * (sessionize() replays stored events through the same class), so both give the same answer
 * when events arrive in time order.
 *
 * Rules for an event in workspace folder W, first match wins:
 * 1. A rating belongs to the session it rates.
 * 2. A transcript event belongs to `<agent>:<transcript session id>` — the transcript's id wins.
 * 3. An event that already carries a sessionHint keeps it.
 * 4. A commit joins the most recently active session in W that touched one of its files (else
 *    W's human session); every session in W that touched its files gets it as headAfter, and the
 *    agent sessions among them get edit-survival labels.
 * 5. A terminal event ending an agent launcher (`claude`, `codex`, ...) belongs to the session that
 *    launcher's execution opened.
 * 6. An event attributed to agent A (confidence ≥ 0.5) joins A's transcript session in W if that
 *    transcript was active within the idle gap, else A's running launcher session in W.
 * 7. Otherwise W keeps one rolling session per actor group (each agent, and human/unknown); an
 *    idle gap longer than idleGapMs starts a new one.
 */
import { isAgent, type AgentId, type Actor } from '../model/agents';
import type { CommitEvent, RecordedEvent } from '../model/events';
import type { ActiveAgent } from '../model/agents';
import { editSurvival, labelOf, type SurvivalCounts } from './editSurvival';
import { applyEventToSignals, emptySignals, sessionOutcome } from './outcomeLabels';
import type { SessionKind, SessionRecord } from './sessionRecord';

export interface SessionTrackerOptions {
  /** @default 600000 (10 minutes) */
  idleGapMs?: number;
  /** Attribution confidence from which an agent actor counts. @default 0.5 */
  agentConfidence?: number;
  /** Sessions kept in memory; the oldest persisted ones go first. @default 500 */
  maxSessions?: number;
  /** Characters of agent edit diffs kept per session for survival checks. @default 500000 */
  agentDiffBudget?: number;
  /**
   * Treat session hints the recorder itself assigned (`ses-…`, `term-…`) as absent, so a rebuild
   * regroups stored events under the current rules. Source hints (transcripts) always count.
   * @default false
   */
  recomputeAssignedHints?: boolean;
}

/** Ids this tracker makes; a stored event's hint with this shape was assigned, not observed. */
export function isAssignedSessionId(id: string): boolean {
  return id.startsWith('ses-') || id.startsWith('term-');
}

export interface AgentLaunch {
  workspaceFolder?: string;
  terminalName: string;
  startedAt: number;
  agent: AgentId;
}

interface LiveSession {
  record: SessionRecord;
  lastTs: number;
  touched: Set<string>;
  agentDiffs: { path: string; diff: string }[];
  diffChars: number;
  dirty: boolean;
}

const HUMAN_GROUP = 'human';
/** How long after its last event an agent's rolling session still counts as "active" for attribution. */
const RECENT_AGENT_MS = 60_000;

export class SessionTracker {
  readonly idleGapMs: number;
  private readonly agentConfidence: number;
  private readonly maxSessions: number;
  private readonly agentDiffBudget: number;
  private readonly recomputeAssignedHints: boolean;
  private readonly live = new Map<string, LiveSession>();
  private readonly rolling = new Map<string, string>();
  private readonly transcripts = new Map<string, string>();
  private readonly launches = new Map<string, { sessionId: string; launch: AgentLaunch }>();
  private readonly heads = new Map<string, { head?: string; branch?: string }>();

  constructor(options: SessionTrackerOptions = {}) {
    this.idleGapMs = options.idleGapMs ?? 600_000;
    this.agentConfidence = options.agentConfidence ?? 0.5;
    this.maxSessions = options.maxSessions ?? 500;
    this.agentDiffBudget = options.agentDiffBudget ?? 500_000;
    this.recomputeAssignedHints = options.recomputeAssignedHints ?? false;
  }

  /** An agent launcher started in a terminal; its execution's lifetime is one session. */
  agentLaunched(launch: AgentLaunch): string {
    const key = launchKey(launch.workspaceFolder, launch.terminalName, launch.startedAt);
    const existing = this.launches.get(key);
    if (existing) return existing.sessionId;
    const sessionId = `term-${hash(key)}`;
    this.open(sessionId, 'agent-terminal', launch.agent, launch.workspaceFolder, launch.startedAt);
    this.launches.set(key, { sessionId, launch });
    return sessionId;
  }

  /** The launcher's terminal closed without its execution ending (the end event never came). */
  agentTerminalClosed(workspaceFolder: string | undefined, terminalName: string): void {
    for (const [key, { launch }] of this.launches) {
      if (launch.workspaceFolder === workspaceFolder && launch.terminalName === terminalName) this.launches.delete(key);
    }
  }

  noteHead(workspaceFolder: string | undefined, head: string | undefined, branch: string | undefined): void {
    this.heads.set(workspaceFolder ?? '', { head, branch });
  }

  /** Agents running in W now: launchers, live transcripts, recently active agent sessions. */
  activeAgents(workspaceFolder: string | undefined, now: number): ActiveAgent[] {
    const out: ActiveAgent[] = [];
    for (const { sessionId, launch } of this.launches.values()) {
      if (launch.workspaceFolder !== workspaceFolder) continue;
      const lastActiveAt = this.live.get(sessionId)?.lastTs ?? launch.startedAt;
      out.push({ agent: launch.agent, source: `terminal '${launch.terminalName}'`, lastActiveAt });
    }
    for (const [key, sessionId] of [...this.transcripts, ...this.rolling]) {
      const [folder, group] = splitKey(key);
      if (folder !== (workspaceFolder ?? '') || group === HUMAN_GROUP || !isAgent(group as Actor)) continue;
      const session = this.live.get(sessionId);
      const window = session?.record.kind === 'transcript' ? this.idleGapMs : RECENT_AGENT_MS;
      if (session && now - session.lastTs <= window) {
        out.push({
          agent: group as AgentId,
          source: session.record.kind === 'transcript' ? `transcript ${sessionId}` : 'recent activity',
          lastActiveAt: session.lastTs,
        });
      }
    }
    return out;
  }

  /** The session id for an event; updates that session. Cheap: a few Map lookups. */
  assign(event: RecordedEvent): string {
    const sessionId = this.choose(event);
    // A rating for a session no longer in memory must not create a stub that would overwrite it.
    if (event.type === 'rating' && !this.live.has(sessionId)) return sessionId;
    const session =
      this.live.get(sessionId) ??
      this.open(sessionId, 'hinted', event.attribution.actor, event.workspaceFolder, event.ts);
    this.update(session, event);
    return sessionId;
  }

  get(sessionId: string): SessionRecord | undefined {
    const session = this.live.get(sessionId);
    return session ? this.snapshot(session) : undefined;
  }

  /** Every session in memory, with outcomes computed. */
  all(): SessionRecord[] {
    return [...this.live.values()].map((session) => this.snapshot(session));
  }

  /** Sessions changed since the last call, for persisting; then evicts old clean ones. */
  takeChanged(): SessionRecord[] {
    const changed: SessionRecord[] = [];
    for (const session of this.live.values()) {
      if (!session.dirty) continue;
      session.dirty = false;
      changed.push(this.snapshot(session));
    }
    this.evict();
    return changed;
  }

  private choose(event: RecordedEvent): string {
    const folder = event.workspaceFolder ?? '';
    if (event.type === 'rating') return event.sessionId;
    if (event.type === 'transcript') {
      const sessionId = `${event.agent}:${event.sessionId}`;
      if (!this.live.has(sessionId)) this.open(sessionId, 'transcript', event.agent, event.workspaceFolder, event.ts);
      this.transcripts.set(`${folder}\u0000${event.agent}`, sessionId);
      return sessionId;
    }
    if (event.sessionHint && !(this.recomputeAssignedHints && isAssignedSessionId(event.sessionHint)))
      return event.sessionHint;
    if (event.type === 'commit') return this.chooseForCommit(event);
    if (event.type === 'terminal') {
      const key = launchKey(event.workspaceFolder, event.terminalName, event.startedAt);
      const launch = this.launches.get(key);
      if (launch) {
        this.launches.delete(key);
        return launch.sessionId;
      }
    }
    const group = this.groupOf(event);
    if (group !== HUMAN_GROUP) {
      const transcriptId = this.transcripts.get(`${folder}\u0000${group}`);
      const transcript = transcriptId ? this.live.get(transcriptId) : undefined;
      if (transcriptId && transcript && event.ts - transcript.lastTs <= this.idleGapMs) return transcriptId;
      const launch = this.latestLaunch(event.workspaceFolder, group as AgentId, event.ts);
      if (launch) return launch;
    }
    return this.rollingSession(folder, group, event);
  }

  private chooseForCommit(event: CommitEvent): string {
    const files = new Set(event.files);
    let best: LiveSession | undefined;
    for (const session of this.live.values()) {
      if ((session.record.workspaceFolder ?? '') !== (event.workspaceFolder ?? '')) continue;
      if (![...session.touched].some((path) => files.has(path))) continue;
      this.linkCommit(session, event);
      if (!best || session.lastTs > best.lastTs) best = session;
    }
    return best ? best.record.id : this.rollingSession(event.workspaceFolder ?? '', HUMAN_GROUP, event);
  }

  private linkCommit(session: LiveSession, commit: CommitEvent): void {
    session.record.headAfter = commit.hash;
    if (commit.branch) session.record.branch = commit.branch;
    session.dirty = true;
    if (!commit.diff || session.agentDiffs.length === 0) return;
    const files = new Set(commit.files);
    const diffs = session.agentDiffs.filter((entry) => files.has(entry.path)).map((entry) => entry.diff);
    if (diffs.length === 0) return;
    const result = editSurvival(diffs, commit.diff);
    for (const [path, counts] of Object.entries(result.byPath))
      session.record.labels.survivalByPath[path] = counts.label;
    const total: SurvivalCounts = session.record.labels.signals.survival ?? { survived: 0, rewritten: 0, reverted: 0 };
    const sum = {
      survived: total.survived + result.survived,
      rewritten: total.rewritten + result.rewritten,
      reverted: total.reverted + result.reverted,
    };
    session.record.labels.signals.survival = { ...sum, label: labelOf(sum) };
    // Judged edits are settled; a later commit must not judge them again.
    session.agentDiffs = session.agentDiffs.filter((entry) => !files.has(entry.path));
    session.diffChars = session.agentDiffs.reduce((total2, entry) => total2 + entry.diff.length, 0);
  }

  private latestLaunch(workspaceFolder: string | undefined, agent: AgentId, ts: number): string | undefined {
    let best: { sessionId: string; launch: AgentLaunch } | undefined;
    for (const entry of this.launches.values()) {
      const { launch } = entry;
      if (launch.agent !== agent || launch.workspaceFolder !== workspaceFolder || launch.startedAt > ts) continue;
      if (!best || launch.startedAt > best.launch.startedAt) best = entry;
    }
    return best?.sessionId;
  }

  private rollingSession(folder: string, group: string, event: RecordedEvent): string {
    const key = `${folder}\u0000${group}`;
    const current = this.rolling.get(key);
    const session = current ? this.live.get(current) : undefined;
    if (current && session && event.ts - session.lastTs <= this.idleGapMs) return current;
    const sessionId = `ses-${hash(`${key}\u0000${event.id}`)}`;
    const actor: Actor =
      group === HUMAN_GROUP ? (event.attribution.actor === 'human' ? 'human' : 'unknown') : (group as AgentId);
    this.open(sessionId, 'idle-gap', actor, event.workspaceFolder, event.ts);
    this.rolling.set(key, sessionId);
    return sessionId;
  }

  private groupOf(event: RecordedEvent): string {
    const { actor, confidence } = event.attribution;
    return isAgent(actor) && confidence >= this.agentConfidence ? actor : HUMAN_GROUP;
  }

  private open(
    id: string,
    kind: SessionKind,
    actor: Actor,
    workspaceFolder: string | undefined,
    ts: number,
  ): LiveSession {
    const head = this.heads.get(workspaceFolder ?? '');
    const record: SessionRecord = {
      id,
      kind,
      actor,
      startedAt: ts,
      endedAt: ts,
      outcome: 'unknown',
      eventIds: [],
      labels: { signals: emptySignals(), computedOutcome: 'unknown', reasons: [], survivalByPath: {} },
    };
    if (workspaceFolder !== undefined) record.workspaceFolder = workspaceFolder;
    if (head?.head) record.headBefore = head.head;
    if (head?.branch) record.branch = head.branch;
    const session: LiveSession = { record, lastTs: ts, touched: new Set(), agentDiffs: [], diffChars: 0, dirty: true };
    this.live.set(id, session);
    return session;
  }

  private update(session: LiveSession, event: RecordedEvent): void {
    const { record } = session;
    session.dirty = true;
    record.eventIds.push(event.id);
    if (event.ts < record.startedAt) record.startedAt = event.ts;
    if (event.ts > record.endedAt) record.endedAt = event.ts;
    if (event.ts > session.lastTs) session.lastTs = event.ts;
    if (record.actor === 'unknown' && event.attribution.actor === 'human' && record.kind === 'idle-gap')
      record.actor = 'human';
    applyEventToSignals(record.labels.signals, event);
    if (event.type === 'edit' || event.type === 'file') {
      session.touched.add(event.path);
      if (event.type === 'file' && event.oldPath) session.touched.add(event.oldPath);
      if (
        event.type === 'edit' &&
        isAgent(event.attribution.actor) &&
        session.diffChars + event.diff.length <= this.agentDiffBudget
      ) {
        session.agentDiffs.push({ path: event.path, diff: event.diff });
        session.diffChars += event.diff.length;
      }
    } else if (event.type === 'transcript') {
      const step = event.step;
      if (step.kind === 'prompt' && record.task === undefined) record.task = step.text.slice(0, 2000);
      else if (step.kind === 'meta' && step.branch) record.branch = step.branch;
      else if (step.kind === 'tool-call' && step.path && (step.tool === 'edit' || step.tool === 'write'))
        session.touched.add(step.path);
    } else if (event.type === 'rating') {
      record.rating = event.rating;
    }
  }

  private snapshot(session: LiveSession): SessionRecord {
    const verdict = sessionOutcome({ ...session.record.labels.signals, rating: undefined });
    const rating = session.record.rating;
    return {
      ...session.record,
      outcome: rating ? (rating === 'up' ? 'success' : 'failure') : verdict.outcome,
      eventIds: [...session.record.eventIds],
      labels: {
        ...session.record.labels,
        signals: structuredClone(session.record.labels.signals),
        computedOutcome: verdict.outcome,
        reasons: verdict.reasons,
        survivalByPath: { ...session.record.labels.survivalByPath },
      },
    };
  }

  private evict(): void {
    if (this.live.size <= this.maxSessions) return;
    const pinned = new Set([
      ...this.rolling.values(),
      ...this.transcripts.values(),
      ...[...this.launches.values()].map((entry) => entry.sessionId),
    ]);
    const candidates = [...this.live.values()]
      .filter((session) => !session.dirty && !pinned.has(session.record.id))
      .sort((a, b) => a.lastTs - b.lastTs);
    for (const session of candidates) {
      if (this.live.size <= this.maxSessions) break;
      this.live.delete(session.record.id);
    }
  }
}

function launchKey(workspaceFolder: string | undefined, terminalName: string, startedAt: number): string {
  return `${workspaceFolder ?? ''}\u0000${terminalName}\u0000${startedAt}`;
}

function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
}

/** Two FNV-1a passes with different seeds: short, stable ids with ~64 bits against collisions. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193) + i;
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}
