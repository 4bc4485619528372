import { detectTrajectoryGaps } from '../../core/gaps/gapDetector';
import type { GapRepository } from '../../core/gaps/gapRepository';
import { buildSkillIndex } from '../../core/matching/skillIndex';
import type { SessionRepository } from '../../core/sessions/sessionRepository';
import type { EventStore } from '../../core/store/eventStore';
import { matchableSkills } from './gapRows';
import type { GapLibrary } from './gapsService';

const SESSIONS = 200;
const EVENTS = 5000;
const WINDOW_MS = 14 * 86_400_000;

/**
 * Trajectory-signal gaps over the last two weeks, bounded in sessions and events so a run stays
 * cheap. Task gaps of sessions the live scan already saw are recorded again; evidence is
 * de-duplicated, and imported sessions the live scan never saw are covered too.
 */
export function recordTrajectoryGaps(input: {
  store: EventStore;
  sessions: SessionRepository;
  repository: GapRepository;
  library: Pick<GapLibrary, 'skills' | 'quarantinedNames'>;
  threshold: number;
  now?: number;
}): { grown: number; sessions: number; events: number } {
  const since = (input.now ?? Date.now()) - WINDOW_MS;
  const recent = input.sessions.listRecent(SESSIONS).filter((session) => session.endedAt >= since);
  if (recent.length === 0) return { grown: 0, sessions: 0, events: 0 };
  const events = input.store.listEvents({ since, newestFirst: true, limit: EVENTS });
  const index = buildSkillIndex(matchableSkills(input.library.skills(), new Set(input.library.quarantinedNames())));
  const drafts = detectTrajectoryGaps({ sessions: recent, events, index }, { threshold: input.threshold });
  if (drafts.length === 0) return { grown: 0, sessions: recent.length, events: events.length };
  const before = new Map(input.repository.list().map((gap) => [gap.id, gap.evidence.length]));
  let grown = 0;
  input.store.db.transaction(() => {
    for (const draft of drafts) {
      const gap = input.repository.record(draft);
      if (before.get(gap.id) !== gap.evidence.length) grown++;
    }
  });
  return { grown, sessions: recent.length, events: events.length };
}
