import type { SqlDatabase } from '../store/sqlDatabase';
import { asNumber, asRecord, asString, tryParseJson } from './json';
import { readKv, writeKv } from '../store/kv';

/** Where reading a transcript stopped, so the next read continues instead of starting over. */
export interface TailState {
  /** Byte offset just past the last complete line consumed (JSONL sources read incrementally). */
  offset: number;
  /** File size when last read. */
  size: number;
  /** Hash of the file's first headBytes bytes; a different hash means the file was rewritten. */
  headHash: string;
  headBytes: number;
  /** Fingerprint of whole-file sources (content hash, or size+mtime for folded JSONL). */
  contentHash?: string;
  /** Parser context (session id, cwd, model) for a tail that resumes mid-file. */
  parserState?: Record<string, string>;
}

/** Persists tail states; the extension keeps them in the store's kv table, tests in memory. */
export interface OffsetStore {
  get(path: string): TailState | undefined;
  set(path: string, state: TailState): void;
}

export class MemoryOffsetStore implements OffsetStore {
  private readonly states = new Map<string, TailState>();
  get(path: string): TailState | undefined {
    return this.states.get(path);
  }
  set(path: string, state: TailState): void {
    this.states.set(path, state);
  }
}

const KEY_PREFIX = 'transcript-tail:';

/** Tail states as JSON rows of the `kv` table, keyed by the transcript's path. */
export class KvOffsetStore implements OffsetStore {
  constructor(private readonly db: SqlDatabase) {}

  get(path: string): TailState | undefined {
    const text = readKv(this.db, KEY_PREFIX + path);
    return text === undefined ? undefined : decodeTailState(text);
  }

  set(path: string, state: TailState): void {
    writeKv(this.db, KEY_PREFIX + path, state);
  }
}

/** A stored state that does not decode is treated as absent: the file is then read from 0. */
export function decodeTailState(text: string): TailState | undefined {
  const record = asRecord(tryParseJson(text));
  const offset = asNumber(record?.offset);
  const size = asNumber(record?.size);
  const headHash = asString(record?.headHash);
  const headBytes = asNumber(record?.headBytes);
  if (!record || offset === undefined || size === undefined || headHash === undefined || headBytes === undefined)
    return undefined;
  const state: TailState = { offset, size, headHash, headBytes };
  const contentHash = asString(record.contentHash);
  if (contentHash) state.contentHash = contentHash;
  const parserState = asRecord(record.parserState);
  if (parserState) {
    state.parserState = Object.fromEntries(
      Object.entries(parserState).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  }
  return state;
}
