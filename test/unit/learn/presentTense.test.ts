import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StoredCandidate } from '../../../src/core/candidates/candidateRepository';
import { runLearn, type LearnResult } from '../../../src/core/learn/learnPipeline';
import { staleCandidatePaths, treeAtHead } from '../../support/cli/staleCandidatePaths';
import { buildFastRepo, type FastRepo, type PlannedCommit } from '../../support/git/fastHistory';
import { seeded } from './plantedRepo';

/*
 * 560 commits, oldest first, with four planted regularities among noise (one file of 40 notes):
 * - lib/engine.js ↔ docs/engine.md throughout; lib/engine.js is renamed to src/core/engine.js at
 *   commit 300, and the pair goes on under the new name;
 * - legacy/a.js ↔ legacy/b.js, strong, until the legacy/ folder is deleted at commit 200;
 * - src/billing/old.ts ↔ docs/old-billing.md, 40 times, ending 300 commits before HEAD; after
 *   that old.ts still changes alone, and src/billing/rates.ts ↔ docs/rates.md goes dormant;
 * - src/fresh/feature.ts ↔ test/fresh/feature.test.ts, eight times in the last 50 commits only.
 */
const TOTAL = 560;

function plannedHistory(): PlannedCommit[] {
  const random = seeded(11);
  const commits: PlannedCommit[] = [
    {
      message: 'chore: start',
      files: {
        'README.md': '# demo\n',
        'lib/engine.js': 'e0\n',
        'docs/engine.md': 'e0\n',
        'legacy/a.js': 'a0\n',
        'legacy/b.js': 'b0\n',
        'src/billing/old.ts': 'o0\n',
        'docs/old-billing.md': 'o0\n',
        'src/billing/rates.ts': 'r0\n',
        'docs/rates.md': 'r0\n',
      },
    },
  ];
  let oldPairs = 0;
  for (let index = 1; index < TOTAL; index++) {
    const files: Record<string, string | null> = { [`notes/n${Math.floor(random() * 40)}.txt`]: `${index}\n` };
    const fromHead = TOTAL - index;
    const renames: Array<[string, string]> = [];
    const engine = index < 300 ? 'lib/engine.js' : 'src/core/engine.js';
    if (index === 300) renames.push(['lib/engine.js', 'src/core/engine.js']);
    else if (index % 9 === 0) Object.assign(files, { [engine]: `e${index}\n`, 'docs/engine.md': `e${index}\n` });
    if (index < 200 && index % 7 === 0)
      Object.assign(files, { 'legacy/a.js': `a${index}\n`, 'legacy/b.js': `b${index}\n` });
    if (index === 200) Object.assign(files, { 'legacy/a.js': null, 'legacy/b.js': null });
    if (fromHead > 300 && index % 6 === 0 && oldPairs < 40) {
      oldPairs++;
      Object.assign(files, {
        'src/billing/old.ts': `o${index}\n`,
        'docs/old-billing.md': `o${index}\n`,
        'src/billing/rates.ts': `r${index}\n`,
        'docs/rates.md': `r${index}\n`,
      });
    }
    if (fromHead <= 300 && index % 11 === 0) files['src/billing/old.ts'] = `o${index}\n`;
    if (fromHead <= 50 && index % 6 === 0)
      Object.assign(files, { 'src/fresh/feature.ts': `f${index}\n`, 'test/fresh/feature.test.ts': `f${index}\n` });
    commits.push({
      message: renames.length > 0 ? 'refactor: move the engine into src/core' : `chore: step ${index}`,
      files,
      renames,
    });
  }
  return commits;
}

describe('learning speaks about the repository as it is now', () => {
  let repo: FastRepo;
  let result: LearnResult;
  /** The same repository learned as it was at commit 190, while legacy/ and the old billing pair lived. */
  let earlier: LearnResult;
  const named = (candidate: StoredCandidate): string =>
    [
      candidate.description,
      candidate.body,
      candidate.scope.join(' '),
      candidate.evidence.map((item) => item.ref).join(' '),
    ].join('\n');
  const mentioning = (text: string, from = result): StoredCandidate[] =>
    from.distilled.filter((candidate) => named(candidate).includes(text));

  before(async () => {
    repo = buildFastRepo(plannedHistory(), 'skillwright-present-');
    assert.equal(Number(repo.git('rev-list', '--count', 'HEAD')), TOTAL);
    result = await runLearn({ repo: repo.dir });
    earlier = await runLearn({ repo: repo.dir, until: `HEAD~${TOTAL - 1 - 190}` });
  });
  after(() => repo.cleanup());

  it("carries a renamed file's history to its new name", () => {
    const engine = mentioning('src/core/engine.js').filter((candidate) => candidate.source === 'cochange');
    assert.ok(
      engine.length > 0,
      `no co-change skill for src/core/engine.js in ${result.distilled.map((candidate) => candidate.name).join(', ')}`,
    );
    assert.ok(engine.some((candidate) => named(candidate).includes('docs/engine.md')));
    assert.equal(mentioning('lib/engine.js').length, 0, 'the old name is gone from every candidate');
    // Its evidence reaches back before the rename: most of the pair's commits used the old name.
    assert.ok((engine[0]?.span?.from ?? Infinity) < Date.UTC(2022, 1, 1), `span ${JSON.stringify(engine[0]?.span)}`);
    assert.ok(result.stats.history.renames >= 1);
  });

  it('proposes nothing about a deleted folder', () => {
    assert.ok(mentioning('legacy/a.js', earlier).length > 0, 'while it existed, the legacy pair was a skill');
    assert.deepEqual(
      mentioning('legacy/').map((candidate) => candidate.name),
      [],
    );
  });

  it('does not propose a regularity that stopped 300 commits ago', () => {
    assert.ok(mentioning('docs/old-billing.md', earlier).length > 0, 'while it held, the billing pair was a skill');
    assert.deepEqual(
      mentioning('docs/old-billing.md').map((candidate) => candidate.name),
      [],
      'the file kept changing alone since',
    );
    assert.deepEqual(
      mentioning('docs/rates.md').map((candidate) => candidate.name),
      [],
      'the pair went dormant',
    );
  });

  it('proposes a new regularity of the last 50 commits', () => {
    const fresh = mentioning('src/fresh/feature.ts').filter((candidate) => candidate.source === 'cochange');
    assert.ok(
      fresh.some((candidate) => named(candidate).includes('test/fresh/feature.test.ts')),
      `got ${result.distilled.map((candidate) => candidate.name).join(', ')}`,
    );
    const span = fresh[0]?.span;
    assert.ok(
      span && span.commits >= 8 && span.from > Date.UTC(2022, 0, 3) + (TOTAL - 60) * 6 * 3_600_000,
      `span ${JSON.stringify(span)}`,
    );
  });

  it('names no path that is absent at HEAD, by the independent check', () => {
    assert.deepEqual(staleCandidatePaths(result.distilled, treeAtHead(repo.dir)), []);
  });

  it("keeps statistics out of the bodies and in the candidate's figures", () => {
    for (const candidate of result.distilled.filter((item) => item.source === 'cochange')) {
      assert.doesNotMatch(candidate.body, /support|confidence|lift|\d+ of \d+ commits/i, candidate.name);
      assert.ok(candidate.statistics?.support, candidate.name);
    }
  });
});
