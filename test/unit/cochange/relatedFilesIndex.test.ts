import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RelatedFilesIndex } from '../../../src/core/cochange/relatedFilesIndex';
import { buildCoChangeRepo, type CoChangeRepo, moveFile } from '../../support/git/coChangeRepo';

describe('RelatedFilesIndex', () => {
  let planted: CoChangeRepo;
  let index: RelatedFilesIndex;

  before(async () => {
    planted = buildCoChangeRepo();
    index = await RelatedFilesIndex.build(planted.repo.dir);
  });
  after(() => planted.repo.cleanup());

  it('answers with the files that change together, best first, with their evidence', () => {
    const result = index.related(['src/router/index.ts'], 3);
    assert.deepEqual(result.files, ['src/router/index.ts']);
    const [test, docs] = result.related;
    assert.equal(test?.path, 'test/router/index.test.ts');
    assert.deepEqual([test?.together, test?.of], [6, 6]);
    assert.ok(test?.reasons.includes('changed-together'));
    assert.equal(docs?.path, 'docs/routing.md');
    assert.equal(docs?.together, 4);
    assert.ok((test?.probability ?? 0) > (docs?.probability ?? 1), 'six of six beats four of six');
    assert.match(test?.lastCommit?.subject ?? '', /^feat\(router\): step 5$/);
    assert.match(test?.span?.from ?? '', /^2024-01-\d\d$/);
  });

  it("carries a renamed file's history to its new name", () => {
    const [docs] = index.related(['src/billing/invoice.ts'], 3).related;
    assert.equal(docs?.path, 'docs/billing.md');
    assert.equal(docs?.together, 6, 'five commits under the old name and one under the new');
    assert.equal(docs?.lastCommit?.hash, planted.billingCommits[5]);
    assert.equal(index.related(['src/old/billing.ts']).unknown[0], 'src/old/billing.ts', 'the old name is gone');
  });

  it('takes absolute paths inside the repository and sets unknown ones apart', () => {
    const result = index.related(
      [join(planted.repo.dir, 'src/router/index.ts'), 'nope/missing.ts', '../outside.ts'],
      2,
    );
    assert.deepEqual(result.files, ['src/router/index.ts']);
    assert.deepEqual(result.unknown, ['nope/missing.ts', '../outside.ts']);
    assert.deepEqual(index.related(['nope.ts']).related, []);
  });

  it('always answers for a file with no history of its own: its folder and its test', async () => {
    planted.repo.commit('feat(router): add guards', { files: { 'src/router/guards.ts': 'export {};\n' } });
    assert.equal(await index.refresh(), 1);
    const result = index.related(['src/router/guards.ts'], 3);
    assert.equal(result.related[0]?.path, 'src/router/index.ts');
    assert.ok(result.related[0]?.reasons.includes('same-folder'));
  });

  it('catches up with new commits, renames included, without a rebuild', async () => {
    moveFile(planted.repo, 'docs/billing.md', 'docs/invoices.md');
    planted.repo.commit('docs: rename the billing page');
    planted.repo.commit('feat(billing): credit notes', {
      files: { 'src/billing/invoice.ts': 'export const bill = 100;\n', 'docs/invoices.md': '# Invoices\n' },
    });
    assert.equal(await index.refresh(), 2);
    assert.equal(await index.refresh(), 0, 'nothing new');
    const [docs] = index.related(['src/billing/invoice.ts'], 2).related;
    assert.equal(docs?.path, 'docs/invoices.md');
    assert.equal(docs?.together, 7);
    assert.equal(index.commit, planted.repo.git('rev-parse', 'HEAD'));
  });

  it('rebuilds when HEAD no longer descends from what it indexed', async () => {
    planted.repo.git('checkout', '-q', '-b', 'other', 'HEAD~3');
    planted.repo.commit('feat: elsewhere', {
      files: { 'src/router/index.ts': 'export const r = -1;\n', 'notes/n9.md': '9\n' },
    });
    assert.equal(await index.refresh(), -1);
    assert.equal(index.related(['docs/invoices.md']).unknown.length, 1, 'the branch never renamed the page');
  });
});
