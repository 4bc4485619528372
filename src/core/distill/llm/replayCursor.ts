/**
 * Where a commit replay stopped and what it had learned, so a resumed run neither redoes commits
 * nor forgets the lessons earlier commits taught. Stored in the `kv` table as JSON.
 */
import type { Evidence } from '../../model/candidate';
import type { SqlDatabase } from '../../store/sqlDatabase';
import type { LibrarySkill } from './skillEdits';
import { readKv, writeKv } from '../../store/kv';

export interface LearnedSkill {
  skill: LibrarySkill;
  evidence: Evidence[];
  tokens: number;
  editsLibrary: boolean;
}

export interface ReplayState {
  version: 1;
  /** The last commit fully processed (or skipped); the next run starts after it. */
  lastCommit?: string;
  processed: number;
  skipped: number;
  tokens: number;
  learned: LearnedSkill[];
}

export interface ReplayCursorStore {
  load(key: string): ReplayState | undefined;
  save(key: string, state: ReplayState): void;
}

export function emptyReplayState(): ReplayState {
  return { version: 1, processed: 0, skipped: 0, tokens: 0, learned: [] };
}

export function kvReplayCursorStore(db: SqlDatabase): ReplayCursorStore {
  return {
    load(key: string): ReplayState | undefined {
      const text = readKv(db, key);
      if (text === undefined) return undefined;
      try {
        const state = JSON.parse(text) as ReplayState;
        return state.version === 1 && Array.isArray(state.learned) ? state : undefined;
      } catch {
        return undefined;
      }
    },
    save(key: string, state: ReplayState): void {
      writeKv(db, key, state);
    },
  };
}

export function memoryReplayCursorStore(): ReplayCursorStore {
  const states = new Map<string, string>();
  return {
    load: (key) => {
      const text = states.get(key);
      return text ? (JSON.parse(text) as ReplayState) : undefined;
    },
    save: (key, state) => void states.set(key, JSON.stringify(state)),
  };
}
