import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDefinition } from '../../../src/core/distill/heuristic/apiReuse/definitions';

const texts = new Map([
  [
    'src/util.ts',
    '/** Runs a call again on failure, with <i>backoff</i>. */\nexport async function withRetry() {}\n\n/** ' +
      '@deprecated use withRetry */\nexport function retryOld() {}\n',
  ],
  ['lib/errors.js', "const codes = {\n  FST_ERR_X: createError('FST_ERR_X', 'x'),\n}\n"],
  ['pkg/util.go', '// Max returns the larger of two ints.\nfunc Max(a, b int) int { return a }\n'],
  ['src/a.py', 'def helper(x):\n    """Turns x into a list of pairs, keeping order."""\n    return x\n'],
]);

test('finds where a helper is defined, with the first sentence its comment says, in several languages', () => {
  assert.deepEqual(findDefinition('withRetry', texts, ['src/util.ts']), {
    path: 'src/util.ts',
    line: 2,
    summary: 'Runs a call again on failure, with backoff.',
    deprecated: false,
  });
  assert.equal(findDefinition('FST_ERR_X', texts, ['lib/errors.js'])?.line, 2, 'an entry of an exported table counts');
  assert.equal(findDefinition('Max', texts, ['pkg/util.go'])?.summary, 'Max returns the larger of two ints.');
  assert.equal(findDefinition('helper', texts, ['src/a.py'])?.summary, 'Turns x into a list of pairs, keeping order.');
  assert.equal(findDefinition('missing', texts, ['src/util.ts']), undefined);
});

test('says when a definition is deprecated, so no skill recommends it', () => {
  assert.equal(findDefinition('retryOld', texts, ['src/util.ts'])?.deprecated, true);
});
