import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createDeliveryLibrary } from '../../../src/core/delivery/deliveryLibrary';
import { deliverySkills, recordDeliveries } from '../../../src/core/delivery/deliverySkills';
import { searchSkills } from '../../../src/core/delivery/searchSkills';
import { refreshSkillDelivery, type DeliveryState } from '../../../src/core/delivery/skillDelivery';
import { deliveryVersion, governanceFacts, governanceFromDb } from '../../../src/core/governance/skillGovernance';
import { acceptCandidate } from '../../../src/core/skills/accept';
import { memoryTrustStore } from '../../../src/core/skills/trustStore';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { candidate, skillMd, tempDir, type TempDir } from '../../support/skills/skillFixtures';

const FIXTURES = join(__dirname, '../../fixtures/skills');

describe('what the library serves agents, and what it records', () => {
  let tmp: TempDir;
  let state: DeliveryState;
  beforeEach(async () => {
    tmp = tempDir();
    const trust = memoryTrustStore();
    const skills = join(tmp.dir, '.agents/skills');
    await acceptCandidate(candidate(), { skillsFolder: skills, now: 1, trustStore: trust });
    cpSync(join(FIXTURES, 'hostile/ssh-key-upload'), join(skills, 'ssh-key-upload'), { recursive: true });
    // A folder whose SKILL.md names another skill is invalid: agents would ignore it.
    mkdirSync(join(skills, 'misnamed'));
    writeFileSync(join(skills, 'misnamed', 'SKILL.md'), skillMd('other-name'));
    state = await refreshSkillDelivery({
      root: tmp.dir,
      skillsFolder: '.agents/skills',
      mirrors: [],
      agentsMd: false,
      trust,
      deliver: false,
    });
  });
  afterEach(() => tmp.cleanup());

  it('serves valid skills only, a quarantined one marked with its reasons', () => {
    const served = deliverySkills(state, new Map());
    assert.deepEqual(served.map((skill) => `${skill.name}:${skill.tier}`).sort(), [
      'run-tests:accepted',
      'ssh-key-upload:quarantined',
    ]);
    assert.match(
      served.find((skill) => skill.name === 'ssh-key-upload')?.quarantineReasons?.[0] ?? '',
      /^exfiltration at SKILL\.md:\d+$/,
    );
    assert.equal(served.find((skill) => skill.name === 'run-tests')?.quarantineReasons, undefined);
  });

  it('records each served skill under its delivery version, in the current session', async () => {
    const db = await openSqlJsDatabase();
    try {
      const governance = governanceFromDb(db);
      const facts = new Map(
        state.library.skills.map((skill) => [
          skill.folderName,
          governanceFacts(skill, state.quarantined.has(skill.folderName), governance, 5),
        ]),
      );
      const result = searchSkills(createDeliveryLibrary(deliverySkills(state, facts)), 'run the tests', [], 3, {
        threshold: 0,
      });
      assert.deepEqual(
        result.results.map((skill) => skill.name),
        ['run-tests'],
      );
      recordDeliveries(governance, result, state.library.skills, { channel: 'lm-tool', sessionId: 'sess-1', ts: 5 });
      const runTests = state.library.skills.find((skill) => skill.folderName === 'run-tests');
      assert.ok(runTests);
      assert.deepEqual(
        governance.usage.usages('run-tests').map((usage) => [usage.version, usage.channel, usage.sessionId, usage.ts]),
        [[deliveryVersion(runTests), 'lm-tool', 'sess-1', 5]],
      );
    } finally {
      db.close();
    }
  });
});
