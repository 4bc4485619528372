import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconcileCandidates } from '../../../src/core/candidates/reconcile';
import { candidate } from './fixtures';

const empty = { library: [], pending: [], rejected: [] };

describe('reconcileCandidates', () => {
  it('keeps a rejected idea out until its support grows at least 2× and by 5', () => {
    const rejected = [candidate({ id: 'old', status: 'rejected', support: 4, rejectReason: 'meh' })];
    const small = reconcileCandidates({ ...empty, rejected, fresh: [candidate({ id: 'new', support: 7 })] });
    assert.deepEqual(
      small.dropped.map((item) => [item.reason, item.detail]),
      [['rejected-before', 'meh']],
    );
    const grown = reconcileCandidates({ ...empty, rejected, fresh: [candidate({ id: 'new', support: 9 })] });
    assert.deepEqual(
      grown.added.map((item) => item.id),
      ['new'],
    );
  });

  it('drops what the library already says and turns a changed skill into an edit with a diff', () => {
    const skill = {
      name: 'changing-src-api',
      description: candidate().description,
      body: candidate().body,
      hash: 'h1',
    };
    const same = reconcileCandidates({
      ...empty,
      library: [skill],
      fresh: [candidate({ body: candidate().body.replace('Editing', 'Editing 12') })],
    });
    assert.equal(same.dropped[0]?.reason, 'in-library');
    const changedBody =
      '# Changing src/api\n\n## Steps\n\n1. Update docs/api.md and test/api/routes.test.ts together with the ' +
      'router tables.\n';
    const edit = reconcileCandidates({ ...empty, library: [skill], fresh: [candidate({ body: changedBody })] });
    const [proposal] = edit.added;
    assert.equal(proposal?.kind, 'edit');
    assert.equal(proposal?.baseHash, 'h1');
    assert.match(proposal?.diff ?? '', /^\+1\. Update docs\/api\.md/m);
  });

  it('refreshes a pending candidate in place and caps the queue by rank', () => {
    const pending = [candidate({ id: 'keep', createdAt: 5 })];
    const fresh = [
      candidate({ id: 'fresh-same', support: 9 }),
      ...['a', 'b', 'c'].map((name, index) =>
        candidate({ id: name, name: `skill-${name}`, source: 'x', confidence: 0.5 + index / 10 }),
      ),
    ];
    const result = reconcileCandidates({ ...empty, pending, fresh }, { maxPending: 3 });
    assert.deepEqual(
      result.updated.map((item) => [item.id, item.createdAt, item.support]),
      [['keep', 5, 9]],
    );
    assert.deepEqual(
      result.added.map((item) => item.id),
      ['c', 'b'],
    );
    assert.deepEqual(
      result.dropped.map((item) => [item.candidate.id, item.reason]),
      [['a', 'over-cap']],
    );
  });

  it('merges duplicates among fresh candidates, keeping the better supported one', () => {
    const result = reconcileCandidates({
      ...empty,
      fresh: [candidate({ id: 'x', support: 3 }), candidate({ id: 'y', support: 8 })],
    });
    assert.deepEqual(
      result.added.map((item) => item.id),
      ['y'],
    );
  });
});
