import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandidateRepository } from '../../../src/core/candidates/candidateRepository';
import { redactedText } from '../../../src/core/redaction/gate';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { candidate } from './fixtures';

describe('CandidateRepository', () => {
  it('saves, lists, finds by prefix and changes status durably in the table', async () => {
    const db = await openSqlJsDatabase();
    const repository = new CandidateRepository(db);
    repository.saveAll([candidate({ id: 'aaaa1111' }), candidate({ id: 'aaaa2222', name: 'other', confidence: 0.9 })]);
    assert.deepEqual(
      repository.listPending().map((item) => item.id),
      ['aaaa2222', 'aaaa1111'],
    );
    assert.equal(repository.find('aaaa2')?.name, 'other');
    assert.equal(repository.find('aaaa'), undefined, 'an ambiguous prefix finds nothing');
    repository.markRejected('aaaa1111', redactedText('not useful'));
    assert.deepEqual(
      repository.listRejected().map((item) => [item.id, item.rejectReason]),
      [['aaaa1111', 'not useful']],
    );
    repository.markAccepted('aaaa2222');
    assert.equal(repository.listPending().length, 0);
    const row = db.get<{ status: string; evidence_count: number }>(
      'SELECT status, evidence_count FROM candidates WHERE id = ?',
      ['aaaa2222'],
    );
    assert.deepEqual({ ...row }, { status: 'accepted', evidence_count: 1 });
    // A round trip through the database image keeps everything, support included.
    const reopened = new CandidateRepository(await openSqlJsDatabase({ bytes: db.export() }));
    assert.equal(reopened.get('aaaa1111')?.support, 4);
  });

  it('skips a corrupt payload instead of throwing', async () => {
    const db = await openSqlJsDatabase();
    db.run("INSERT INTO candidates VALUES ('bad', 'n', 'pending', 'f', 0, 0.5, 0, 0, '{not json')");
    const repository = new CandidateRepository(db);
    repository.save(candidate());
    assert.deepEqual(
      repository.listPending().map((item) => item.id),
      ['c1'],
    );
    assert.equal(repository.skippedRows, 1);
  });
});
