import assert from 'node:assert/strict';
import { test } from 'node:test';
import { governanceSnapshot } from '../../../src/core/governance/governanceSnapshot';
import { SkillVersionRepository } from '../../../src/core/governance/skillVersions';
import { skillReadsFromEvents } from '../../../src/core/governance/transcriptUsage';
import { SkillUsageRepository } from '../../../src/core/governance/usageRepository';
import type { TranscriptEvent, TranscriptStep } from '../../../src/core/model/events';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';

const attribution = { actor: 'claude-code' as const, confidence: 1, evidence: [] };
let seq = 0;
function call(sessionId: string, step: Extract<TranscriptStep, { kind: 'tool-call' }>): TranscriptEvent {
  seq++;
  return { id: `e${seq}`, ts: 1000 + seq, type: 'transcript', agent: 'claude-code', sessionId, attribution, step };
}

test('an agent reading SKILL.md or activating a skill counts as a delivery, once per session', () => {
  const read = (sessionId: string, path: string) =>
    call(sessionId, { kind: 'tool-call', callId: `c${seq}`, tool: 'read', rawName: 'Read', summary: path, path });
  const events = [
    read('s1', '/home/me/repo/.agents/skills/db-migrations/SKILL.md'),
    read('s1', '/home/me/repo/.agents/skills/db-migrations/SKILL.md'),
    read('s1', '.claude/skills/lint-and-format/SKILL.md'),
    read('s1', 'src/db/tables.ts'),
    read('s2', '.agents/skills/unknown-skill/SKILL.md'),
    call('s2', {
      kind: 'tool-call',
      callId: 'x',
      tool: 'other',
      rawName: 'Skill',
      summary: 'db-migrations',
      input: { skill: 'db-migrations' },
    }),
  ];
  const versions: Record<string, string> = { 'db-migrations': '3', 'lint-and-format': '1' };
  const usages = skillReadsFromEvents(events, (name) => versions[name]);
  assert.deepEqual(
    usages.map((usage) => [usage.sessionId, usage.skill, usage.version, usage.channel]),
    [
      ['s1', 'db-migrations', '3', 'transcript-read'],
      ['s1', 'lint-and-format', '1', 'transcript-read'],
      ['s2', 'db-migrations', '3', 'transcript-read'],
    ],
  );
});

test('the governance snapshot gives each skill its current tier and Wilson bound, and the library mean', async () => {
  const db = await openSqlJsDatabase();
  const versions = new SkillVersionRepository(db);
  const usage = new SkillUsageRepository(db);
  const base = { hash: 'h', content: 'x', supportSessionIds: [], evidenceFiles: [] };
  versions.record({ ...base, skill: 'good', version: '1', acceptedAt: 0 });
  versions.record({ ...base, skill: 'bad', version: '1', acceptedAt: 0 });
  versions.record({ ...base, skill: 'held', version: '1', acceptedAt: 0 });
  for (let i = 0; i < 6; i++) {
    usage.recordDelivery({ skill: 'good', version: '1', sessionId: `g${i}`, channel: 'mcp', ts: 10 });
    usage.recordSessionOutcome(`g${i}`, 'success');
    usage.recordDelivery({ skill: 'bad', version: '1', sessionId: `b${i}`, channel: 'mcp', ts: 10 });
    usage.recordSessionOutcome(`b${i}`, 'failure');
  }
  const snapshot = governanceSnapshot(db, { quarantined: new Set(['held']) });
  assert.equal(snapshot.skills.get('good')?.tier, 'trusted');
  assert.equal(snapshot.skills.get('bad')?.tier, 'accepted');
  assert.equal(snapshot.skills.get('held')?.tier, 'quarantined');
  assert.ok((snapshot.skills.get('good')?.wilson ?? 0) > 0.6);
  assert.equal(snapshot.libraryAverage, 0.5);
  db.close();
});
