import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { filesBelow } from '../../../src/core/util/filesBelow';

test('lists files below a new folder, bounded, without .git or node_modules, and never throws', async () => {
  const root = mkdtempSync(join(tmpdir(), 'files-below-'));
  try {
    for (const path of ['a.jsonl', 'deep/b.jsonl', 'deep/c.txt', '.git/HEAD', 'node_modules/x/index.js']) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), 'x');
    }
    const all = (await filesBelow(root, { limit: 100 })).map((file) => relative(root, file)).sort();
    assert.deepEqual(all, ['a.jsonl', 'deep/b.jsonl', 'deep/c.txt']);
    assert.equal((await filesBelow(root, { limit: 1 })).length, 1);
    const jsonl = (await filesBelow(root, { limit: 100, keep: (name) => name.endsWith('.jsonl') }))
      .map((file) => relative(root, file))
      .sort();
    assert.deepEqual(jsonl, ['a.jsonl', 'deep/b.jsonl']);
    assert.deepEqual(await filesBelow(join(root, 'missing'), { limit: 10 }), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
