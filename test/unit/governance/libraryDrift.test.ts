import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DriftReviewer, type DriftRequest } from '../../../src/core/governance/driftReviewer';
import { reviewLibraryDrift } from '../../../src/core/governance/libraryDrift';
import { createGitCliReader } from '../../../src/core/governance/gitReader';
import {
  deliveryVersion,
  governanceFacts,
  governanceFromDb,
  type LibraryGovernance,
} from '../../../src/core/governance/skillGovernance';
import { loadSkillLibrary, type LoadedSkill } from '../../../src/core/skills/library';
import { openSqlJsDatabase, type SqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { createTempRepo } from '../../support/git/tempRepo';

const DAY = 86_400_000;

function skillMd(name: string, body: string, version?: string): string {
  const metadata = version ? `metadata:\n  skillwright.version: "${version}"\n` : '';
  return `---\nname: ${name}\ndescription: Use when working on ${name}.\n${metadata}---\n# ${name}\n\n${body}\n`;
}

describe('library governance and drift over a real store and repository', () => {
  const repo = createTempRepo('skillwright-library-drift-');
  let db: SqlJsDatabase;
  let governance: LibraryGovernance;
  let skills: LoadedSkill[];
  let accepted = '';

  before(async () => {
    accepted = repo.commit('initial', {
      files: {
        'src/billing.ts': 'export function chargeCard() {}\n',
        'src/orders.ts': 'export const orders = 1;\n',
        'skills/billing/SKILL.md': skillMd('billing', 'Charge with `chargeCard()` in src/billing.ts.', 'v1'),
        'skills/orders/SKILL.md': skillMd('orders', 'Orders live in src/orders.ts.'),
      },
    });
    repo.remove('src/billing.ts');
    repo.commit('drop billing');
    skills = (await loadSkillLibrary(join(repo.dir, 'skills'))).skills;
    db = await openSqlJsDatabase();
    governance = governanceFromDb(db);
    governance.versions.record({
      skill: 'billing',
      version: 'v1',
      hash: 'h',
      acceptedAt: Date.now() - 40 * DAY,
      content: '',
      supportSessionIds: ['support'],
      evidenceFiles: [],
      acceptedCommit: accepted,
    });
    for (const [sessionId, outcome] of [
      ['support', 'success'],
      ['s1', 'success'],
      ['s2', 'failure'],
    ] as const) {
      governance.usage.recordDelivery({
        skill: 'billing',
        version: 'v1',
        channel: 'lm-tool',
        sessionId,
        ts: Date.now() - 35 * DAY,
        outcome,
      });
    }
  });
  after(() => {
    db.close();
    repo.cleanup();
  });

  const byName = (name: string): LoadedSkill => {
    const skill = skills.find((candidate) => candidate.folderName === name);
    assert.ok(skill, name);
    return skill;
  };
  const request = (): DriftRequest => ({
    skills,
    facts: new Map(skills.map((skill) => [skill.folderName, governanceFacts(skill, false, governance, 5)])),
    unusedDays: 28,
  });

  it('records a delivery under the accepted version, or under the content hash of a hand-written skill', () => {
    assert.equal(deliveryVersion(byName('billing')), 'v1');
    assert.equal(deliveryVersion(byName('orders')), `h-${byName('orders').hash.slice(0, 12)}`);
  });

  it('reads uses and outcome statistics of the current version, leaving out its support sessions', () => {
    const facts = governanceFacts(byName('billing'), false, governance, 5);
    assert.equal(facts.uses, 3);
    assert.equal(facts.stats?.trials, 2);
    assert.equal(facts.successRate, 0.5);
    assert.equal(facts.stats?.excludedSupport, 1);
    assert.equal(facts.version?.acceptedCommit, accepted);
    assert.equal(facts.tier, 'accepted');
    assert.deepEqual(governanceFacts(byName('orders'), true, undefined, 5), { uses: 0, tier: 'quarantined' });
  });

  // chargeCard is not missing: the skill's own SKILL.md is tracked and names it.
  it('flags what changed since acceptance; a skill without a version counts from its SKILL.md time', async () => {
    const findings = await reviewLibraryDrift(
      skills.map((skill) => ({ skill, facts: governanceFacts(skill, false, governance, 5) })),
      createGitCliReader(repo.dir),
      { now: Date.now(), unusedDays: 28 },
    );
    assert.deepEqual([...findings.keys()], ['billing']);
    assert.deepEqual(findings.get('billing')?.reasons, [
      'not used by any session for 35 days',
      'cites files that no longer exist: src/billing.ts',
    ]);
    assert.deepEqual(findings.get('billing')?.renames, []);
  });

  it(
    'the reviewer runs one review at a time, keeps its findings for the rows and skips the same ' +
      'library for a while',
    async () => {
      let reviewed = 0;
      const errors: string[] = [];
      const reviewer = new DriftReviewer(
        repo.dir,
        () => reviewed++,
        (message) => errors.push(message),
      );
      reviewer.request(request());
      const findings = await reviewer.reviewNow(request());
      assert.equal(reviewed, 2, 'the background run finished before the one asked for now');
      assert.equal(findings.get('billing')?.reasons.length, 2);
      assert.equal(reviewer.reasonsFor('billing').length, 2);
      assert.deepEqual(reviewer.reasonsFor('orders'), []);
      reviewer.request(request());
      await reviewer.reviewNow(request());
      assert.equal(reviewed, 3, 'the same library asked again in the background is not reviewed again');
      assert.deepEqual(errors, []);
      reviewer.dispose();
    },
  );

  it('a failed review is reported in the background and rejected when asked for now', async () => {
    const errors: string[] = [];
    const reviewer = new DriftReviewer(
      join(repo.dir, 'gone'),
      () => undefined,
      (message) => errors.push(message),
    );
    reviewer.request(request());
    await assert.rejects(reviewer.reviewNow({ ...request(), unusedDays: 27 }), /does not exist/);
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /^Reviewing skills for drift failed: .*does not exist/);
    reviewer.dispose();
  });
});
