import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandidateRepository } from '../../../src/core/candidates/candidateRepository';
import { queueCandidates } from '../../../src/core/learn/queueCandidates';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { candidate } from '../candidates/fixtures';

describe('queueCandidates', () => {
  it('saves what survives dedup, best first, and refreshes a pending idea in place', async () => {
    const db = await openSqlJsDatabase();
    const first = queueCandidates(
      [candidate({ id: 'a', name: 'alpha', support: 3 }), candidate({ id: 'b', name: 'beta', support: 9 })],
      { db, now: 1 },
    );
    assert.deepEqual(
      first.candidates.map((item) => item.id),
      ['b', 'a'],
    );
    assert.equal(first.added, 2);
    const again = queueCandidates([candidate({ id: 'a2', name: 'alpha', support: 4 })], { db, now: 2 });
    assert.deepEqual([again.added, again.updated], [0, 1]);
    assert.deepEqual(
      new CandidateRepository(db)
        .listPending()
        .map((item) => item.id)
        .sort(),
      ['a', 'b'],
    );
    db.close();
  });

  it('does not propose an accepted idea again until its support grows substantially', async () => {
    const db = await openSqlJsDatabase();
    const repository = new CandidateRepository(db);
    queueCandidates([candidate({ id: 'a', name: 'alpha', support: 4 })], { db, now: 1 });
    repository.markAccepted('a', 2);
    const same = queueCandidates([candidate({ id: 'a', name: 'alpha', support: 6 })], { db, now: 3 });
    assert.deepEqual(same.dropped, { 'accepted-before': 1 });
    assert.equal(repository.listPending().length, 0);
    const grown = queueCandidates([candidate({ id: 'a-grown', name: 'alpha', support: 9 })], { db, now: 4 });
    assert.equal(grown.added, 1);
    db.close();
  });

  it('saves nothing without a database', () => {
    const result = queueCandidates([candidate({ id: 'a', name: 'alpha' })], { now: 1 });
    assert.equal(result.added, 1);
  });
});
