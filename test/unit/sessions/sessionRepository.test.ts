import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { sessionize } from '../../../src/core/sessions/sessionize';
import { SessionRepository } from '../../../src/core/sessions/sessionRepository';
import type { SessionRecord } from '../../../src/core/sessions/sessionRecord';
import { openSqlJsDatabase, type SqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { addDiff, by, edit, MIN, terminal, transcript } from './eventFactory';

describe('SessionRepository (real sql.js)', () => {
  let db: SqlJsDatabase;
  let repo: SessionRepository;
  let sessions: SessionRecord[];

  beforeEach(async () => {
    db = await openSqlJsDatabase();
    repo = new SessionRepository(db);
    sessions = sessionize([
      edit(0, 'a.ts', addDiff('a.ts', ['x'])),
      terminal(MIN, 'npm test', { exitCode: 1 }),
      transcript(30 * MIN, 'abc', { kind: 'prompt', text: 'fix it' }),
      terminal(31 * MIN, 'npm test', { attribution: by('claude-code'), exitCode: 0 }),
    ]).sessions;
    repo.upsertMany(sessions);
  });

  it('lists recent sessions newest first and filters by actor', () => {
    const listed = repo.listRecent(10);
    assert.deepEqual(
      listed.map((s) => s.actor),
      ['claude-code', 'human'],
    );
    assert.equal(listed[0]?.outcome, 'success');
    assert.equal(listed[1]?.outcome, 'failure');
    assert.deepEqual(
      repo.listRecent(10, { actor: 'human' }).map((s) => s.actor),
      ['human'],
    );
    assert.equal(repo.listRecent(1).length, 1);
  });

  it('round-trips the whole session through the payload', () => {
    const original = sessions.find((s) => s.id === 'claude-code:abc');
    assert.deepEqual(repo.get('claude-code:abc'), original);
    assert.equal(repo.get('nope'), undefined);
  });

  it('lets a rating override the outcome and clearing it restore the computed one', () => {
    const humanId = repo.listRecent(10, { actor: 'human' })[0]?.id ?? '';
    assert.equal(repo.setRating(humanId, 'up'), true);
    assert.equal(repo.get(humanId)?.outcome, 'success');
    assert.equal(
      db.get<{ outcome: string }>('SELECT outcome FROM sessions WHERE id = ?', [humanId])?.outcome,
      'success',
    );
    repo.setRating(humanId, undefined);
    assert.equal(repo.get(humanId)?.outcome, 'failure');
    assert.equal(repo.setRating('missing', 'down'), false);
  });

  it('keeps the user’s rating and exclusion when the recorder upserts the session again', () => {
    const id = 'claude-code:abc';
    repo.setRating(id, 'down');
    repo.setExcluded(id, true);
    const fresh = sessions.find((s) => s.id === id);
    assert.ok(fresh);
    repo.upsert({ ...fresh, eventIds: [...fresh.eventIds, 'later-event'] });
    const stored = repo.get(id);
    assert.equal(stored?.rating, 'down');
    assert.equal(stored?.outcome, 'failure');
    assert.equal(stored?.excluded, true);
    assert.ok(stored?.eventIds.includes('later-event'));
    assert.deepEqual(
      repo
        .listRecent(10)
        .map((s) => s.id)
        .includes(id),
      false,
      'excluded sessions are hidden by default',
    );
    assert.equal(repo.listRecent(10, { includeExcluded: true }).length, 2);
  });

  it('skips a corrupt payload instead of throwing', () => {
    db.run(
      "INSERT INTO sessions (id, actor, started_at, ended_at, outcome, payload) VALUES ('bad', 'human', 99999999, " +
        "99999999, 'unknown', '{not json')",
    );
    assert.equal(repo.listRecent(10).length, 2);
    assert.equal(repo.skippedRows, 1);
  });
});
