import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  contrastPairs,
  finishedAgentSessions,
  reflectableTrajectories,
  REPLAY_SINCE_KEY,
  replaySince,
  sessionEvents,
  writeKv,
} from '../../../src/core/distill/llm/distillInputs';
import { readKv, readKvNumber } from '../../../src/core/store/kv';
import type { RecordedEvent } from '../../../src/core/model/events';
import { sessionize } from '../../../src/core/sessions/sessionize';
import { SessionRepository } from '../../../src/core/sessions/sessionRepository';
import type { EventStore } from '../../../src/core/store/eventStore';
import { createTempRepo } from '../../support/git/tempRepo';
import { openQuietStore, tempStoreDir } from '../../support/store/tempStore';
import { addDiff, by, commit, edit, MIN, terminal, transcript } from '../sessions/eventFactory';

const HOUR = 60 * MIN;

describe('distillation inputs from a real store', () => {
  const dir = tempStoreDir();
  const repo = createTempRepo();
  let store: EventStore;
  let sessions: SessionRepository;
  let settlingHash = '';

  before(async () => {
    repo.commit('feat: a', { files: { 'a.ts': 'export const a = 1;\n' } });
    settlingHash = repo.commit('fix: a', { files: { 'a.ts': 'export const a = 2;\n' } });
    store = await openQuietStore(dir.dbPath);
    const agentDay: RecordedEvent[] = [
      transcript(0, 'first', { kind: 'prompt', text: 'change a' }),
      edit(MIN, 'a.ts', addDiff('a.ts', ['export const a = 2;']), 'claude-code'),
      terminal(2 * MIN, 'npm test', { attribution: by('claude-code'), exitCode: 0 }),
      transcript(5 * HOUR, 'second', { kind: 'prompt', text: 'look around' }),
      terminal(5 * HOUR + MIN, 'ls', { attribution: by('claude-code'), exitCode: 0 }),
    ];
    // The commit has no diff in the store, so the pair's diff comes from the repository.
    const settling = commit(10 * MIN, settlingHash, ['a.ts']);
    store.append([...agentDay, settling]);
    await store.flush();
    sessions = new SessionRepository(store.db);
    sessions.upsertMany(sessionize(agentDay).sessions);
  });
  after(async () => {
    await store.close();
    dir.cleanup();
    repo.cleanup();
  });

  it('keeps progress markers in kv, a missing or bad number reading as 0', () => {
    assert.equal(readKvNumber(store.db, 'test:missing'), 0);
    writeKv(store.db, 'test:number', 42);
    writeKv(store.db, 'test:text', 'not a number');
    assert.equal(readKvNumber(store.db, 'test:number'), 42);
    assert.equal(readKvNumber(store.db, 'test:text'), 0);
    assert.equal(readKv(store.db, 'test:text'), 'not a number');
  });

  it('lists finished agent sessions after the marker, oldest first, at most the limit', () => {
    const all = finishedAgentSessions(sessions, 0, Number.MAX_SAFE_INTEGER, 10);
    assert.deepEqual(
      all.map((session) => session.id),
      ['claude-code:first', 'claude-code:second'],
    );
    assert.deepEqual(
      finishedAgentSessions(sessions, 0, Number.MAX_SAFE_INTEGER, 1).map((session) => session.id),
      ['claude-code:first'],
    );
    const first = all[0]!;
    assert.deepEqual(
      finishedAgentSessions(sessions, first.endedAt, Number.MAX_SAFE_INTEGER, 10).map((session) => session.id),
      ['claude-code:second'],
    );
    assert.deepEqual(finishedAgentSessions(sessions, 0, first.endedAt, 10), []);
  });

  it("reads a session's own events and turns sessions with an outcome into trajectories", () => {
    const all = finishedAgentSessions(sessions, 0, Number.MAX_SAFE_INTEGER, 10);
    const [first] = all;
    assert.ok(first);
    assert.deepEqual(new Set(sessionEvents(store, first).map((event) => event.id)), new Set(first.eventIds));
    const unknown = { ...first, outcome: 'unknown' as const };
    assert.deepEqual(reflectableTrajectories(store, [unknown]), []);
    const [trajectory] = reflectableTrajectories(store, [{ ...first, outcome: 'success' }]);
    assert.ok(trajectory && trajectory.steps.length > 0);
  });

  it("pairs an agent's edits with the commit that settled them, its patch read from git", async () => {
    const pairs = await contrastPairs(store, finishedAgentSessions(sessions, 0, Number.MAX_SAFE_INTEGER, 10), repo.dir);
    assert.equal(pairs.length, 1);
    const [pair] = pairs;
    assert.equal(pair?.sessionId, 'claude-code:first');
    assert.equal(pair?.commit.hash, settlingHash);
    assert.equal(pair?.commit.subject, `commit ${settlingHash}`);
    assert.match(pair?.commit.diff ?? '', /^\+export const a = 2;$/m);
    assert.match(pair?.agentDiff ?? '', /export const a = 2;/);
    // Without a repository the commit has no diff to contrast with.
    assert.deepEqual(
      await contrastPairs(store, finishedAgentSessions(sessions, 0, Number.MAX_SAFE_INTEGER, 10), undefined),
      [],
    );
  });

  it('starts a short history replay at the root and remembers that choice', async () => {
    assert.equal(await replaySince(store.db, repo.dir), undefined);
    assert.equal(readKv(store.db, REPLAY_SINCE_KEY), '');
    writeKv(store.db, REPLAY_SINCE_KEY, 'abc123');
    assert.equal(await replaySince(store.db, repo.dir), 'abc123');
  });
});
