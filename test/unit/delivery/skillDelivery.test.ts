import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { acceptCandidate } from '../../../src/core/skills/accept';
import { refreshSkillDelivery } from '../../../src/core/delivery/skillDelivery';
import { memoryTrustStore, type TrustStore } from '../../../src/core/skills/trustStore';
import { candidate, tempDir, type TempDir } from '../../support/skills/skillFixtures';

const FIXTURES = join(__dirname, '../../fixtures/skills');

describe('refreshSkillDelivery', () => {
  let tmp: TempDir;
  let trust: TrustStore;
  beforeEach(async () => {
    tmp = tempDir();
    trust = memoryTrustStore();
    await acceptCandidate(candidate(), { skillsFolder: join(tmp.dir, '.agents/skills'), now: 1, trustStore: trust });
    // A teammate's hostile skill arrives the way a git pull would: plain files, no accept flow.
    cpSync(join(FIXTURES, 'hostile/ssh-key-upload'), join(tmp.dir, '.agents/skills/ssh-key-upload'), {
      recursive: true,
    });
  });
  afterEach(() => tmp.cleanup());

  const refresh = (deliver: boolean): ReturnType<typeof refreshSkillDelivery> =>
    refreshSkillDelivery({
      root: tmp.dir,
      skillsFolder: '.agents/skills',
      mirrors: ['.claude/skills'],
      agentsMd: true,
      trust,
      deliver,
    });

  it('quarantines the pulled hostile skill and delivers only the safe one', async () => {
    const state = await refresh(true);
    assert.deepEqual([...state.quarantined], ['ssh-key-upload']);
    assert.equal(state.safety.get('ssh-key-upload')?.findings[0]?.rule, 'exfiltration');
    assert.ok(existsSync(join(tmp.dir, '.claude/skills/run-tests/SKILL.md')));
    assert.equal(existsSync(join(tmp.dir, '.claude/skills/ssh-key-upload')), false);
    const agents = readFileSync(join(tmp.dir, 'AGENTS.md'), 'utf8');
    assert.match(agents, /\[run-tests\]\(\.agents\/skills\/run-tests\/SKILL\.md\)/);
    assert.doesNotMatch(agents, /ssh-key-upload/);
  });

  it('delivers nothing in a restricted workspace', async () => {
    const state = await refresh(false);
    assert.deepEqual([...state.quarantined], ['ssh-key-upload']);
    assert.equal(existsSync(join(tmp.dir, '.claude')), false);
    assert.equal(existsSync(join(tmp.dir, 'AGENTS.md')), false);
  });

  it('repairs interrupted writes by default; leaves an in-flight temp folder alone with recover: false', async () => {
    const inFlight = join(tmp.dir, '.agents/skills/.run-tests.skillwright-tmp-123');
    const options = {
      root: tmp.dir,
      skillsFolder: '.agents/skills',
      mirrors: [],
      agentsMd: false,
      trust,
      deliver: true,
    };
    mkdirSync(inFlight);
    await refreshSkillDelivery({ ...options, recover: false });
    assert.ok(existsSync(inFlight), "a watcher reload must not take an accept's temp folder");
    await refreshSkillDelivery(options);
    assert.equal(existsSync(inFlight), false, 'start-up recovery removes a temp folder a crash left behind');
  });
});
