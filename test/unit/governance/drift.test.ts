import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { extractCitations } from '../../../src/core/governance/citations';
import { describeDriftReason, reviewDrift, type DriftSkill } from '../../../src/core/governance/driftReview';
import { createGitCliReader } from '../../../src/core/governance/gitReader';
import { loadSkillLibrary } from '../../../src/core/skills/library';
import { driftCandidate } from '../../../src/core/governance/driftCandidates';
import { createTempRepo } from '../../support/git/tempRepo';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 1);
const repo = createTempRepo('skillwright-drift-');
after(() => repo.cleanup());

const longFile = (label: string): string =>
  Array.from({ length: 40 }, (_, i) => `export const ${label}${i} = ${i};`).join('\n') + '\n';

const acceptedCommit = repo.commit('initial', {
  files: {
    'src/config/env.ts': 'export function parseConfigFile(path: string) { return path; }\n',
    'src/db/tables.ts': 'export interface OrderRow { id: string }\n',
    'src/routes/orders.ts': longFile('route'),
    'src/stable.ts': 'export const stable = 1;\n',
  },
});

const BODY = `## Steps
1. Config is read by \`parseConfigFile()\` in src/config/env.ts.
2. Update the row types in \`src/db/tables.ts\`.
3. Routes live in src/routes/orders.ts; run \`pnpm test\`.
4. Create packages/new/thing.ts if you need one.`;

function skill(overrides: Partial<DriftSkill>): DriftSkill {
  return {
    name: 'orders',
    body: BODY,
    evidenceFiles: ['src/stable.ts'],
    acceptedAt: NOW - 3 * DAY,
    acceptedCommit,
    lastUsedAt: NOW - DAY,
    ...overrides,
  };
}

test('citations: paths and code-like symbols are read from the body', () => {
  const citations = extractCitations(BODY);
  assert.deepEqual(citations.files.sort(), [
    'packages/new/thing.ts',
    'src/config/env.ts',
    'src/db/tables.ts',
    'src/routes/orders.ts',
  ]);
  assert.deepEqual(citations.symbols, ['parseConfigFile']);
});

test('citations: a quoted relative import specifier is not a repository path', () => {
  const body =
    'Import with the extension, as in `import { a } from \'./util.js\'` or `require("./lib/x.js")`; see ' +
    './docs/guide.md.';
  assert.deepEqual(extractCitations(body).files, ['docs/guide.md']);
});

test('a fresh, used skill whose citations hold is not flagged', async () => {
  const flags = await reviewDrift([skill({})], { git: createGitCliReader(repo.dir), now: NOW });
  assert.deepEqual(flags, []);
});

test('deleted files, renamed symbols and heavy churn since acceptance are flagged', async () => {
  repo.remove('src/db/tables.ts');
  repo.write('src/config/env.ts', 'export function loadConfig(path: string) { return path; }\n');
  repo.write('src/routes/orders.ts', longFile('handler'));
  repo.commit('rewrite');
  const [flag] = await reviewDrift([skill({})], { git: createGitCliReader(repo.dir), now: NOW });
  assert.equal(flag?.skill, 'orders');
  const kinds = Object.fromEntries((flag?.reasons ?? []).map((reason) => [reason.kind, reason]));
  assert.deepEqual(kinds['missing-files'], { kind: 'missing-files', files: ['src/db/tables.ts'] });
  assert.deepEqual(kinds['missing-symbols'], { kind: 'missing-symbols', symbols: ['parseConfigFile'] });
  assert.deepEqual(kinds['changed-files'], {
    kind: 'changed-files',
    files: [{ path: 'src/routes/orders.ts', changedLines: 80, linesThen: 40 }],
  });
  assert.equal(kinds.unused, undefined);
  assert.ok(!JSON.stringify(flag).includes('packages/new/thing.ts'), 'a file that never existed is not "missing"');
  assert.match(describeDriftReason(kinds['missing-files'] as never), /no longer exist: src\/db\/tables.ts/);
});

test('flags 28 days unused and a success rate clearly below the library, but not a short bad streak', async () => {
  const stats = (successes: number, trials: number) => ({
    successes,
    trials,
    failures: trials - successes,
    rate: successes / trials,
    wilson: 0,
    excludedSupport: 0,
    excludedBefore: 0,
  });
  const skills = [
    skill({ name: 'idle', body: 'No citations.', evidenceFiles: [], lastUsedAt: NOW - 30 * DAY }),
    skill({
      name: 'never-used',
      body: 'No citations.',
      evidenceFiles: [],
      lastUsedAt: undefined,
      acceptedAt: NOW - 40 * DAY,
    }),
    skill({ name: 'failing', body: 'No citations.', evidenceFiles: [], stats: stats(1, 10) }),
    skill({ name: 'unlucky', body: 'No citations.', evidenceFiles: [], stats: stats(3, 5) }),
  ];
  const flags = await reviewDrift(skills, { git: createGitCliReader(repo.dir), now: NOW, libraryAverage: 0.8 });
  assert.deepEqual(
    flags.map((flag) => [flag.skill, flag.reasons.map((reason) => reason.kind)]),
    [
      ['idle', ['unused']],
      ['never-used', ['unused']],
      ['failing', ['low-success']],
    ],
  );
  const custom = await reviewDrift(
    [skills[0] as DriftSkill],
    { git: createGitCliReader(repo.dir), now: NOW },
    { unusedDays: 60 },
  );
  assert.deepEqual(custom, []);
});

test('a cited file renamed since acceptance is a rename to follow, not a missing file', async () => {
  const moved = createTempRepo('skillwright-drift-rename-');
  try {
    const accepted = moved.commit('initial', {
      files: { 'lib/payments.ts': 'export const pay = 1;\n', 'docs/pay.md': '# Pay\n' },
    });
    moved.git('mv', 'lib/payments.ts', 'docs/payments.ts');
    moved.commit('move payments next to their docs');
    moved.git('mv', 'docs/payments.ts', 'docs/billing.ts');
    moved.commit('rename payments to billing');
    const body = 'Change `lib/payments.ts` and keep docs/pay.md in step.';
    const [flag] = await reviewDrift([skill({ name: 'payments', body, evidenceFiles: [], acceptedCommit: accepted })], {
      git: createGitCliReader(moved.dir),
      now: NOW,
    });
    assert.deepEqual(flag?.reasons, [
      { kind: 'renamed-files', files: [{ from: 'lib/payments.ts', to: 'docs/billing.ts' }] },
    ]);
    assert.match(describeDriftReason(flag?.reasons[0] as never), /renamed: lib\/payments\.ts → docs\/billing\.ts/);
  } finally {
    moved.cleanup();
  }
});

test('a rename-only finding becomes an edit with the new paths and no review note', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'skillwright-drift-skill-'));
  try {
    mkdirSync(join(folder, 'payments'));
    writeFileSync(
      join(folder, 'payments', 'SKILL.md'),
      '---\nname: payments\ndescription: Paying.\nmetadata:\n  skillwright.scope: "lib/payments.ts, ' +
        'docs/**"\n---\n# Payments\n\nChange `lib/payments.ts`, not lib/payments.tsx.\n',
    );
    const [loaded] = (await loadSkillLibrary(folder)).skills;
    assert.ok(loaded);
    const renames = [{ from: 'lib/payments.ts', to: 'docs/billing.ts' }];
    const edit = driftCandidate(
      loaded,
      { reasons: ['cites files that were renamed: lib/payments.ts → docs/billing.ts'], renames },
      folder,
      NOW,
    );
    assert.equal(edit.kind, 'edit');
    assert.equal(edit.body.trim(), '# Payments\n\nChange `docs/billing.ts`, not lib/payments.tsx.');
    assert.deepEqual(edit.scope, ['docs/billing.ts', 'docs/**']);
    const flagged = driftCandidate(
      loaded,
      {
        reasons: [
          'not used by any session for 40 days',
          'cites files that were renamed: lib/payments.ts → docs/billing.ts',
        ],
        renames,
      },
      folder,
      NOW,
    );
    assert.match(flagged.body, /## Review needed[\s\S]*Change `docs\/billing\.ts`/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
