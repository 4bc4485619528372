import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anyOf, composePattern } from '../../../src/core/util/patterns';

describe('composed patterns', () => {
  it('matches what the one-line literal matches', () => {
    const composed = composePattern([String.raw`\bgit\s+`, anyOf(['push', 'pull']), String.raw`\b`], 'i');
    const literal = /\bgit\s+(?:push|pull)\b/i;
    assert.equal(composed.source, literal.source);
    assert.equal(composed.flags, literal.flags);
    for (const text of ['git push', 'GIT  Pull', 'git pushed', 'gitpush'])
      assert.equal(composed.test(text), literal.test(text), text);
  });

  it('keeps alternatives as regex source, not as escaped text', () => {
    assert.ok(composePattern([anyOf([String.raw`a\.b`, 'c+'])]).test('a.b'));
    assert.ok(!composePattern([anyOf([String.raw`a\.b`])]).test('axb'));
  });

  it('refuses an empty alternative list and an invalid whole at once', () => {
    assert.throws(() => anyOf([]), /at least one/);
    assert.throws(() => composePattern(['(?:a', '|b']), SyntaxError);
  });
});
