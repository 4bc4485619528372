/**
 * What a model run in the editor reads from the store: finished sessions not reflected on yet,
 * their trajectories, and agent sessions whose edits a later commit settled. Progress markers
 * live in the `kv` table, so every session is paid for once however often the user runs.
 */
import type { AgentVsCommitOptions } from './agentVsCommit';
import { gitText } from '../../history/gitProcess';
import { commitPatch } from '../../history/historyMiner';
import { isAgent } from '../../model/agents';
import type { CommitEvent, EditEvent, RecordedEvent } from '../../model/events';
import type { Trajectory } from '../../model/trajectory';
import type { SessionRecord } from '../../sessions/sessionRecord';
import type { SessionRepository } from '../../sessions/sessionRepository';
import { toTrajectory } from '../../sessions/trajectory';
import type { EventQuery } from '../../store/eventRows';
import type { SqlDatabase } from '../../store/sqlDatabase';
import { readKv, writeKv as writeKvRow } from '../../store/kv';

export const REFLECTED_UNTIL_KEY = 'llm:reflected-until';
export const CONTRASTED_UNTIL_KEY = 'llm:contrasted-until';
export const REPLAY_SINCE_KEY = 'llm:replay-since';

/** A first editor replay starts this many commits back, not at the root of a long history. */
const REPLAY_WINDOW_COMMITS = 200;
/** A commit this long after an agent session no longer counts as the one that settled it. */
const SETTLING_COMMIT_WINDOW_MS = 24 * 60 * 60_000;
const EVENTS_PER_SESSION = 2000;

interface EventSource {
  listEvents(query?: EventQuery): RecordedEvent[];
}

export function writeKv(db: SqlDatabase, key: string, value: string | number): void {
  writeKvRow(db, key, String(value));
}

/**
 * Agent sessions that ended before `endedBefore` (so they are over) and after the stored marker,
 * oldest first, at most `limit`. Excluded sessions never appear (the repository filters them).
 */
export function finishedAgentSessions(
  sessions: SessionRepository,
  after: number,
  endedBefore: number,
  limit: number,
): SessionRecord[] {
  return sessions
    .listRecent(500)
    .filter((session) => isAgent(session.actor) && session.endedAt > after && session.endedAt < endedBefore)
    .sort((a, b) => a.endedAt - b.endedAt)
    .slice(0, limit);
}

/** The session's own events; found by time range and id, since only some events carry a session hint. */
export function sessionEvents(store: EventSource, session: SessionRecord): RecordedEvent[] {
  const ids = new Set(session.eventIds);
  return store
    .listEvents({ since: session.startedAt, until: session.endedAt + 1, limit: EVENTS_PER_SESSION * 4 })
    .filter((event) => ids.has(event.id))
    .slice(0, EVENTS_PER_SESSION);
}

/** Trajectories worth reflecting on: a known outcome and at least one step. */
export function reflectableTrajectories(store: EventSource, sessions: readonly SessionRecord[]): Trajectory[] {
  return sessions
    .filter((session) => session.outcome !== 'unknown')
    .map((session) => toTrajectory(session, sessionEvents(store, session)))
    .filter((trajectory) => trajectory.steps.length > 0);
}

export type ContrastPair = Pick<AgentVsCommitOptions, 'sessionId' | 'agentDiff' | 'commit'>;

/**
 * For each session, the agent's edits and the first later commit touching one of the edited
 * files (within a day). Sessions whose edits no commit settled yield nothing.
 */
export async function contrastPairs(
  store: EventSource,
  sessions: readonly SessionRecord[],
  repo: string | undefined,
  signal?: AbortSignal,
): Promise<ContrastPair[]> {
  const pairs: ContrastPair[] = [];
  for (const session of sessions) {
    const edits = sessionEvents(store, session).filter(
      (event): event is EditEvent => event.type === 'edit' && isAgent(event.attribution.actor) && event.diff.length > 0,
    );
    if (edits.length === 0) continue;
    const paths = new Set(edits.map((edit) => edit.path));
    const lastEdit = Math.max(...edits.map((edit) => edit.ts));
    const commit = store
      .listEvents({ types: ['commit'], since: lastEdit, until: lastEdit + SETTLING_COMMIT_WINDOW_MS, limit: 50 })
      .find((event): event is CommitEvent => event.type === 'commit' && event.files.some((file) => paths.has(file)));
    if (!commit) continue;
    const diff = commit.diff?.trim()
      ? commit.diff
      : repo
        ? await commitPatch(repo, commit.hash, { signal }).catch(() => '')
        : '';
    if (!diff.trim()) continue;
    pairs.push({
      sessionId: session.id,
      agentDiff: edits.map((edit) => edit.diff).join('\n'),
      commit: { hash: commit.hash, subject: commit.message.split('\n')[0] ?? '', diff },
    });
  }
  return pairs;
}

/**
 * The exclusive lower bound of the editor's replay: remembered once chosen, so the replay cursor
 * (stored per `since`) keeps resuming. A long history starts REPLAY_WINDOW_COMMITS back.
 */
export async function replaySince(db: SqlDatabase, repo: string, signal?: AbortSignal): Promise<string | undefined> {
  const stored = readKv(db, REPLAY_SINCE_KEY);
  if (stored !== undefined) return stored || undefined;
  const count = Number((await gitText(repo, ['rev-list', '--count', 'HEAD'], { signal })).trim());
  const since =
    count > REPLAY_WINDOW_COMMITS
      ? (
          await gitText(repo, ['rev-list', '--skip', String(REPLAY_WINDOW_COMMITS), '--max-count', '1', 'HEAD'], {
            signal,
          })
        ).trim()
      : '';
  writeKv(db, REPLAY_SINCE_KEY, since);
  return since || undefined;
}
