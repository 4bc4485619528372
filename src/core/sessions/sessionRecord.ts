import type { Session } from '../model/trajectory';
import type { SurvivalLabel } from './editSurvival';
import type { SessionSignals } from './outcomeLabels';

/** How a session was opened; it explains the grouping to the user. */
export type SessionKind = 'transcript' | 'agent-terminal' | 'hinted' | 'idle-gap';

/** A Session plus the labelling state kept in its payload (no schema change needed). */
export interface SessionRecord extends Session {
  kind: SessionKind;
  labels: {
    signals: SessionSignals;
    /** The outcome before any rating, so clearing a rating restores it. */
    computedOutcome: Session['outcome'];
    reasons: string[];
    /** Edit survival per workspace-relative path, from the commits that contained them. */
    survivalByPath: Record<string, SurvivalLabel>;
  };
}
