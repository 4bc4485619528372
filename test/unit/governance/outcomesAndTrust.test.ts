import assert from 'node:assert/strict';
import { test } from 'node:test';
import { libraryAverageRate, versionOutcomeStats } from '../../../src/core/governance/outcomeStats';
import { SkillVersionRepository, type SkillVersionRecord } from '../../../src/core/governance/skillVersions';
import { trustTier } from '../../../src/core/governance/trustTiers';
import { SkillUsageRepository } from '../../../src/core/governance/usageRepository';
import { openSqlJsDatabase, type SqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';

const ACCEPTED_AT = 10_000;

function version(name: string, ver: string, acceptedAt: number, support: string[] = []): SkillVersionRecord {
  return {
    skill: name,
    version: ver,
    hash: `h-${ver}`,
    acceptedAt,
    content: `---\nname: ${name}\n---\nv${ver}`,
    supportSessionIds: support,
    evidenceFiles: [],
  };
}

async function setup(): Promise<{ db: SqlJsDatabase; usage: SkillUsageRepository; versions: SkillVersionRepository }> {
  const db = await openSqlJsDatabase();
  return { db, usage: new SkillUsageRepository(db), versions: new SkillVersionRepository(db) };
}

test('stats count only query sessions: after acceptance, never the support sessions, each session once', async () => {
  const { db, usage, versions } = await setup();
  versions.record(version('db-migrations', '1', ACCEPTED_AT, ['support-1', 'support-2']));
  const deliver = (sessionId: string, ts: number): void =>
    usage.recordDelivery({ skill: 'db-migrations', version: '1', sessionId, channel: 'mcp', ts });
  deliver('before', ACCEPTED_AT - 1);
  deliver('support-1', ACCEPTED_AT + 5);
  deliver('support-2', ACCEPTED_AT + 6);
  deliver('q1', ACCEPTED_AT + 10);
  deliver('q1', ACCEPTED_AT + 11);
  deliver('q2', ACCEPTED_AT + 12);
  deliver('q3', ACCEPTED_AT + 13);
  deliver('q4', ACCEPTED_AT + 14);
  for (const id of ['before', 'support-1', 'support-2', 'q1', 'q2']) usage.recordSessionOutcome(id, 'success');
  usage.recordSessionOutcome('q3', 'failure');
  usage.recordSessionOutcome('q4', 'unknown');
  assert.equal(usage.recordSessionOutcome('never-used', 'success'), 0);

  const stats = versionOutcomeStats(db, versions.get('db-migrations', '1') as SkillVersionRecord);
  assert.equal(stats.trials, 3);
  assert.equal(stats.successes, 2);
  assert.equal(stats.failures, 1);
  assert.equal(stats.excludedSupport, 2);
  assert.equal(stats.excludedBefore, 1);
  assert.ok(Math.abs(stats.wilson - 0.2077) < 5e-4);
  db.close();
});

test('a new version starts fresh statistics and the old one stays in the history for rollback', async () => {
  const { db, usage, versions } = await setup();
  versions.record({
    ...version('lint', '1', ACCEPTED_AT),
    acceptedCommit: 'abc123',
    evidenceFiles: ['eslint.config.mjs'],
  });
  for (let i = 0; i < 4; i++) {
    usage.recordDelivery({ skill: 'lint', version: '1', sessionId: `s${i}`, channel: 'lm-tool', ts: ACCEPTED_AT + i });
    usage.recordSessionOutcome(`s${i}`, 'success');
  }
  versions.record(version('lint', '2', ACCEPTED_AT + 100));
  assert.equal(versionOutcomeStats(db, versions.current('lint') as SkillVersionRecord).trials, 0);
  assert.equal(versionOutcomeStats(db, versions.get('lint', '1') as SkillVersionRecord).successes, 4);
  assert.deepEqual(
    versions.history('lint').map((entry) => entry.version),
    ['2', '1'],
  );
  assert.equal(versions.rollbackContent('lint', '1'), '---\nname: lint\n---\nv1');
  assert.equal(versions.get('lint', '1')?.acceptedCommit, 'abc123');
  assert.deepEqual(versions.get('lint', '1')?.evidenceFiles, ['eslint.config.mjs']);
  assert.equal(usage.lastUsedAt('lint'), ACCEPTED_AT + 3);
  assert.equal(usage.lastUsedAt('other'), undefined);
  db.close();
});

test('trust grows candidate → accepted → trusted after N successful uses; quarantine overrides', async () => {
  const { db, usage, versions } = await setup();
  versions.record(version('deploy', '1', ACCEPTED_AT));
  const record = versions.get('deploy', '1') as SkillVersionRecord;
  const tierAfter = (): string =>
    trustTier(
      { accepted: true, quarantined: false, stats: versionOutcomeStats(db, record) },
      { trustedAfterSuccesses: 5 },
    );
  for (let i = 0; i < 4; i++) {
    usage.recordDelivery({
      skill: 'deploy',
      version: '1',
      sessionId: `ok${i}`,
      channel: 'transcript-read',
      ts: ACCEPTED_AT + i,
    });
    usage.recordSessionOutcome(`ok${i}`, 'success');
  }
  assert.equal(tierAfter(), 'accepted');
  usage.recordDelivery({
    skill: 'deploy',
    version: '1',
    sessionId: 'ok4',
    channel: 'transcript-read',
    ts: ACCEPTED_AT + 9,
  });
  usage.recordSessionOutcome('ok4', 'success');
  assert.equal(tierAfter(), 'trusted');
  for (let i = 0; i < 6; i++) {
    usage.recordDelivery({
      skill: 'deploy',
      version: '1',
      sessionId: `bad${i}`,
      channel: 'mcp',
      ts: ACCEPTED_AT + 20 + i,
    });
    usage.recordSessionOutcome(`bad${i}`, 'failure');
  }
  assert.equal(tierAfter(), 'accepted', '5 wins among 11 uses is not trustworthy');
  assert.equal(trustTier({ accepted: false, quarantined: false }), 'candidate');
  assert.equal(trustTier({ accepted: true, quarantined: true, stats: versionOutcomeStats(db, record) }), 'quarantined');
  db.close();
});

test('the library average pools sessions across skills', () => {
  const stats = (successes: number, trials: number) => ({
    successes,
    trials,
    failures: trials - successes,
    wilson: 0,
    excludedSupport: 0,
    excludedBefore: 0,
  });
  assert.equal(libraryAverageRate([stats(8, 10), stats(0, 10)]), 0.4);
  assert.equal(libraryAverageRate([]), undefined);
});
