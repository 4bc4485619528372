import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSkillIndex } from '../../../src/core/matching/skillIndex';
import type { MatchableSkill } from '../../../src/core/matching/matchTypes';
import { isGap } from '../../../src/core/gaps/gapDetector';
import { LABELLED_SKILLS, LABELLED_TASKS, OFF_TOPIC_TASKS } from '../../support/matching/labelledSkills';

const index = buildSkillIndex(LABELLED_SKILLS);

test('labelled set: the right skill ranks first for nearly every task', () => {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const { task, files, expected } of LABELLED_TASKS) {
    const results = index.match({ text: task, files }, 3);
    if (results[0]?.name === expected) top1++;
    else misses.push(`${task} → ${results.map((r) => r.name).join(', ')}`);
    if (results.some((result) => result.name === expected)) top3++;
  }
  const total = LABELLED_TASKS.length;
  process.stdout.write(
    `# labelled set: ${LABELLED_SKILLS.length} skills, ${total} tasks, top-1 ${top1}/${total}, ` +
      `top-3 ${top3}/${total}\n`,
  );
  assert.ok(LABELLED_SKILLS.length >= 20 && total >= 30);
  assert.ok(top1 / total >= 0.9, `top-1 ${top1}/${total}; misses:\n${misses.join('\n')}`);
  assert.ok(top3 / total >= 0.97, `top-3 ${top3}/${total}`);
});

test('threshold: labelled tasks clear 0.3, tasks the library knows nothing about are gaps', () => {
  for (const { task, files } of LABELLED_TASKS) {
    assert.equal(isGap(index.match({ text: task, files }, 1), 0.3), false, task);
  }
  for (const task of OFF_TOPIC_TASKS) {
    const results = index.match({ text: task }, 1);
    assert.equal(isGap(results, 0.3), true, `${task} scored ${results[0]?.score}`);
  }
});

test('scores are 0–1 and comparable: a precise task scores higher than a vague one', () => {
  const precise = index.match({ text: 'write a knex migration that adds an index to the orders table' }, 1)[0];
  const vague = index.match({ text: 'orders' }, 1)[0];
  assert.equal(precise?.name, 'db-migrations');
  assert.ok(precise && vague && precise.score > vague.score);
  for (const { task } of LABELLED_TASKS) {
    for (const result of index.match({ text: task }, 5))
      assert.ok(result.score > 0 && result.score <= 1, `${result.score}`);
  }
});

test('each result explains itself: matched terms per field and matched scope globs', () => {
  const [top] = index.match(
    { text: 'add a stripe refund webhook', files: ['packages/api/src/payments/refunds.ts'] },
    1,
  );
  assert.equal(top?.name, 'payments-stripe');
  assert.ok(top?.explanation.terms.name.includes('strip'));
  assert.ok(top?.explanation.terms.body.includes('webhook'));
  assert.deepEqual(top?.explanation.scopeGlobs, ['packages/api/src/payments/**']);
  assert.deepEqual(top?.explanation.scopeFiles, ['packages/api/src/payments/refunds.ts']);
});

test('files in a skill scope lift it, and a specific scope beats a catch-all one', () => {
  const withoutFiles = index.match({ text: 'fix the failing test' }, 3);
  const withFiles = index.match({ text: 'fix the failing test', files: ['packages/worker/src/jobs/export.ts'] }, 1);
  assert.notEqual(withoutFiles[0]?.name, 'background-jobs');
  assert.equal(withFiles[0]?.name, 'background-jobs');
  const filesOnly = index.match({ text: '', files: ['packages/web/src/components/Button/Button.tsx'] }, 2);
  assert.equal(filesOnly[0]?.name, 'react-component-conventions');
  assert.equal(filesOnly[1]?.name, 'lint-and-format');
});

test('a task in words alone prefers the skill about an area to a repo-wide one that matches as well', () => {
  const skills: MatchableSkill[] = [
    {
      name: 'commit-message-conventions',
      description: 'How commit messages are written: fix, feat, docs.',
      body: 'Write fix: or feat: subjects for the router and the parser.',
      scope: ['**'],
    },
    {
      name: 'changing-src-router',
      description: 'Checklist for changes to src/router.',
      body: 'When you fix the router, also update test/router.',
      scope: ['src/router/**'],
    },
  ];
  const library = buildSkillIndex(skills);
  const words = library.match({ text: 'fix the router' }, 2);
  assert.equal(words[0]?.name, 'changing-src-router');
  const repoWide = library.match({ text: 'how do I write commit messages here' }, 1);
  assert.equal(
    repoWide[0]?.name,
    'commit-message-conventions',
    'a repo-wide skill still wins the tasks that are about it',
  );
  const withFiles = library.match({ text: 'fix the parser', files: ['src/router/index.ts'] }, 2);
  assert.equal(withFiles[0]?.name, 'changing-src-router', 'the files decide when the words say little');
});

test('the trust prior only breaks near-ties', () => {
  const twin = (name: string, extra: Partial<MatchableSkill>): MatchableSkill => ({
    name,
    description: 'Rotate TLS certificates on the load balancer.',
    body: 'Use certbot renew, then reload nginx.',
    scope: [],
    ...extra,
  });
  const twins = buildSkillIndex([
    twin('tls-a', { tier: 'candidate', wilson: 0.1 }),
    twin('tls-b', { tier: 'trusted', wilson: 0.9 }),
  ]);
  const [first, second] = twins.match({ text: 'rotate the tls certificates' }, 2);
  assert.equal(first?.name, 'tls-b');
  assert.ok(first && second && first.score - second.score < 0.07);
});

test('quarantined skills are never returned', () => {
  const skills: MatchableSkill[] = [
    {
      name: 'evil-deploy',
      description: 'Deploy the app to production',
      body: 'deploy production deploy',
      scope: [],
      tier: 'quarantined',
    },
    { name: 'deploy', description: 'Deploy to staging', body: 'run the deploy script', scope: [] },
  ];
  const results = buildSkillIndex(skills).match({ text: 'deploy to production' }, 5);
  assert.deepEqual(
    results.map((result) => result.name),
    ['deploy'],
  );
});

test('an empty library or an empty task yields no results and a gap', () => {
  assert.deepEqual(buildSkillIndex([]).match({ text: 'anything' }, 3), []);
  assert.deepEqual(index.match({ text: 'the of and' }, 3), []);
  assert.equal(isGap(index.match({ text: '' }, 3)), true);
});
