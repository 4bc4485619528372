import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterGapDrafts, contentTerms } from '../../../src/core/gaps/gapClustering';
import { detectTrajectoryGaps, gapFromTask } from '../../../src/core/gaps/gapDetector';
import { gapPrompt } from '../../../src/core/gaps/gapPrompt';
import { buildSkillIndex } from '../../../src/core/matching/skillIndex';
import type { RecordedEvent } from '../../../src/core/model/events';
import type { Session } from '../../../src/core/model/trajectory';
import { LABELLED_SKILLS } from '../../support/matching/labelledSkills';
import { composePattern } from '../../../src/core/util/patterns';

const WITHOUT_MIGRATIONS = LABELLED_SKILLS.filter((skill) => skill.name !== 'db-migrations');
const attribution = { actor: 'claude-code' as const, confidence: 1, evidence: [] };

const MIGRATION_TASKS = [
  'add a database migration for the invoices table',
  'index users.email in a new migration',
  'the migration renaming customer_id fails on staging',
  'create a migration for a soft delete column on projects',
  'database migration rollback broke the seed data',
  'squash the old knex migrations into one',
  'migration to backfill the archived flag',
  'why does migrate:latest hang on the orders migration',
  'add a unique constraint migration for slugs',
  'generate a migration for the audit_log table',
];

function session(
  id: string,
  task: string | undefined,
  outcome: Session['outcome'],
  eventIds: string[] = [],
  startedAt = 1_700_000_000_000,
): Session {
  return { id, actor: 'claude-code', startedAt, endedAt: startedAt + 60_000, task, outcome, eventIds };
}

test('ten sessions about database migrations make one gap with ten pieces of evidence', () => {
  const index = buildSkillIndex(WITHOUT_MIGRATIONS);
  const sessions = [
    ...MIGRATION_TASKS.map((task, i) => session(`m${i}`, task, 'success')),
    session('other1', 'add a playwright test for the login flow', 'success'),
    session('other2', 'rotate the TLS certificates on the load balancer', 'success'),
  ];
  const gaps = detectTrajectoryGaps({ sessions, events: [], index });
  const migration = gaps.find((gap) => gap.evidence.some((item) => item.ref === 'm0'));
  assert.ok(migration, 'a migration gap exists');
  assert.deepEqual(migration.evidence.map((item) => item.ref).sort(), MIGRATION_TASKS.map((_, i) => `m${i}`).sort());
  assert.ok(
    !gaps.some((gap) => gap.evidence.some((item) => item.ref === 'other1')),
    'the playwright task is covered by a skill',
  );
  const tls = gaps.find((gap) => gap.evidence.some((item) => item.ref === 'other2'));
  assert.ok(tls && tls !== migration && tls.evidence.length === 1, 'the TLS task is its own gap');
  assert.equal(gaps.length, 2);
});

test('with the migrations skill in the library the same sessions are not gaps', () => {
  const sessions = [0, 1, 3, 8].map((i) => session(`m${i}`, MIGRATION_TASKS[i], 'success'));
  assert.deepEqual(detectTrajectoryGaps({ sessions, events: [], index: buildSkillIndex(LABELLED_SKILLS) }), []);
});

test('an area edited in repeatedly failing sessions becomes a scoped gap unless a skill covers it', () => {
  const events: RecordedEvent[] = [];
  const sessions: Session[] = [];
  for (let i = 0; i < 3; i++) {
    const id = `e${i}`;
    events.push({
      id,
      ts: i,
      type: 'edit',
      path: `services/billing/ledger/entry${i}.go`,
      diff: '',
      linesAdded: 1,
      linesRemoved: 0,
      visibleInEditor: false,
      attribution,
    });
    sessions.push(session(`s${i}`, undefined, 'failure', [id]));
  }
  const twoOnly = detectTrajectoryGaps({
    sessions: sessions.slice(0, 2),
    events,
    index: buildSkillIndex(LABELLED_SKILLS),
  });
  assert.deepEqual(twoOnly, [], 'two failures are not yet a pattern');
  const [gap] = detectTrajectoryGaps({ sessions, events, index: buildSkillIndex(LABELLED_SKILLS) });
  assert.equal(gap?.kind, 'failing-area');
  assert.deepEqual(gap?.scope, ['services/billing/ledger/**']);
  assert.equal(gap?.evidence.length, 3);

  const covering = [
    ...LABELLED_SKILLS,
    {
      name: 'ledger-rules',
      description: 'Ledger invariants',
      body: 'Entries are append-only.',
      scope: ['services/billing/**'],
    },
  ];
  assert.deepEqual(detectTrajectoryGaps({ sessions, events, index: buildSkillIndex(covering) }), []);
});

test('a command failing the same way across sessions is one gap keyed by its error signature', () => {
  const events: RecordedEvent[] = [];
  const sessions: Session[] = [];
  for (let i = 0; i < 3; i++) {
    const call = {
      id: `c${i}`,
      ts: i,
      type: 'transcript' as const,
      agent: 'claude-code' as const,
      sessionId: `t${i}`,
      attribution,
      step: {
        kind: 'tool-call' as const,
        callId: `k${i}`,
        tool: 'run-command' as const,
        rawName: 'Bash',
        summary: 'cargo build --release',
      },
    };
    const result = {
      id: `r${i}`,
      ts: i + 1,
      type: 'transcript' as const,
      agent: 'claude-code' as const,
      sessionId: `t${i}`,
      attribution,
      step: {
        kind: 'tool-result' as const,
        callId: `k${i}`,
        isError: true,
        output: `error[E0433]: failed to resolve: use of undeclared crate \`tokio_${i}\``,
      },
    };
    events.push(call, result);
    sessions.push(session(`t${i}`, undefined, 'failure', [call.id, result.id]));
  }
  const gaps = detectTrajectoryGaps({ sessions, events, index: buildSkillIndex(LABELLED_SKILLS) });
  const command = gaps.find((gap) => gap.kind === 'failing-command');
  assert.ok(command, JSON.stringify(gaps));
  assert.equal(command.evidence.length, 3);
  assert.match(command.errorSignature ?? '', /^cargo build :: error\[e<n>\]: failed to resolve/);
  assert.match(gapPrompt(command), /^I need a skill that can get `cargo build` past/);
});

test('the gap prompt asks the concrete question and carries the evidence', () => {
  const task = { text: 'How do we rotate the TLS certificates on the load balancer?' };
  const draft = gapFromTask(task, buildSkillIndex(LABELLED_SKILLS).match(task, 1), { sessionId: 'abc', ts: 1 });
  assert.ok(draft);
  const prompt = gapPrompt(draft);
  const question = composePattern([
    '^I need a skill that can help with tasks like “rotate the TLS certificates on the load balancer”: ',
    String.raw`in this repo, how do we rotate the TLS certificates on the load balancer\?`,
  ]);
  assert.match(prompt, question);
  assert.match(prompt, /Evidence \(1\):\n- session: abc — How do we rotate/);
});

test('clustering keeps unrelated topics apart even when they share generic words', () => {
  const drafts = [
    'fix the failing test in checkout',
    'fix the failing test for kafka consumer',
    'kafka consumer lag alerts',
  ].map((text) => gapFromTask({ text }, [], { ts: 0 }));
  const clusters = clusterGapDrafts(drafts.flatMap((draft) => draft ?? []));
  assert.equal(clusters.length, 2);
  assert.deepEqual(contentTerms('fix the failing test in checkout'), ['checkout']);
});
