import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gapFromTask } from '../../../src/core/gaps/gapDetector';
import { appendGapInbox, importGapInbox } from '../../../src/core/gaps/gapInbox';
import { GapRepository } from '../../../src/core/gaps/gapRepository';
import { buildSkillIndex } from '../../../src/core/matching/skillIndex';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { LABELLED_SKILLS } from '../../support/matching/labelledSkills';

const library = LABELLED_SKILLS.filter((skill) => skill.name !== 'db-migrations');
const migrationSkill = LABELLED_SKILLS.find((skill) => skill.name === 'db-migrations');

function draftFor(text: string, sessionId: string) {
  const draft = gapFromTask({ text }, buildSkillIndex(library).match({ text }, 1), { sessionId, ts: 1 });
  assert.ok(draft, `${text} should be a gap`);
  return draft;
}

test('recording merges similar gaps, lists them, and survives a reload from the table', async () => {
  const db = await openSqlJsDatabase();
  let now = 1000;
  const repo = new GapRepository(db, { now: () => now++ });
  const first = repo.record(draftFor('add a database migration for the invoices table', 's1'));
  const second = repo.record(draftFor('index users.email in a new migration', 's2'));
  repo.record(draftFor('index users.email in a new migration', 's2'));
  const other = repo.record(draftFor('rotate the TLS certificates on the load balancer', 's3'));
  assert.equal(second.id, first.id);
  assert.notEqual(other.id, first.id);
  const open = new GapRepository(db).listOpen();
  assert.equal(open.length, 2);
  assert.equal(open[0]?.id, first.id, 'most evidence first');
  assert.deepEqual(
    open[0]?.evidence.map((item) => item.ref),
    ['s1', 's2'],
  );
  assert.match(open[0]?.prompt ?? '', /Evidence \(2\)/);
  assert.equal(
    db.get<{ occurrences: number }>('SELECT occurrences FROM gaps WHERE id = ?', [first.id])?.occurrences,
    2,
  );
  db.close();
});

test('a dismissed gap stays dismissed when it recurs', async () => {
  const db = await openSqlJsDatabase();
  const repo = new GapRepository(db);
  const gap = repo.record(draftFor('rotate the TLS certificates on the load balancer', 's1'));
  assert.equal(repo.dismiss(gap.id), true);
  const again = repo.record(draftFor('rotate TLS certificates for the load balancer again', 's2'));
  assert.equal(again.id, gap.id);
  assert.equal(repo.get(gap.id)?.status, 'dismissed');
  assert.deepEqual(repo.listOpen(), []);
  assert.equal(repo.dismiss('nope'), false);
  db.close();
});

test('accepting a skill that covers a gap closes it, and only that gap', async () => {
  const db = await openSqlJsDatabase();
  const repo = new GapRepository(db);
  const migration = repo.record(draftFor('add a database migration for the invoices table', 's1'));
  const tls = repo.record(draftFor('rotate the TLS certificates on the load balancer', 's2'));
  assert.ok(migrationSkill);
  const closed = repo.closeGapsCoveredBy(migrationSkill, library);
  assert.deepEqual(
    closed.map((gap) => gap.id),
    [migration.id],
  );
  assert.equal(repo.get(migration.id)?.status, 'closed');
  assert.equal(repo.get(migration.id)?.closedBy, 'db-migrations');
  assert.deepEqual(
    repo.listOpen().map((gap) => gap.id),
    [tls.id],
  );
  db.close();
});

test('a damaged payload row is skipped, not thrown', async () => {
  const db = await openSqlJsDatabase();
  db.run(
    "INSERT INTO gaps (id, signature, status, occurrences, created_at, updated_at, payload) VALUES ('x', 's', " +
      "'open', 1, 0, 0, '{not json')",
  );
  const repo = new GapRepository(db);
  assert.deepEqual(repo.listOpen(), []);
  repo.record(draftFor('rotate the TLS certificates on the load balancer', 's1'));
  assert.equal(repo.listOpen().length, 1);
  db.close();
});

test('gaps reported out of process arrive through the inbox file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skillwright-inbox-'));
  const inbox = join(dir, 'nested', 'gap-inbox.jsonl');
  await appendGapInbox(inbox, draftFor('rotate the TLS certificates on the load balancer', 's1'));
  await appendGapInbox(inbox, draftFor('rotate the TLS certificates on the load balancer', 's2'));
  writeFileSync(inbox, 'garbage line\n', { flag: 'a' });
  const db = await openSqlJsDatabase();
  const repo = new GapRepository(db);
  assert.deepEqual(await importGapInbox(inbox, repo), { imported: 2, skipped: 1 });
  assert.equal(repo.listOpen()[0]?.evidence.length, 2);
  assert.deepEqual(await importGapInbox(inbox, repo), { imported: 0, skipped: 0 });
  db.close();
});
