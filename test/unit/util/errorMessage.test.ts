import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorMessage } from '../../../src/core/util/errorMessage';

test('an Error gives its message, without the name or stack', () => {
  assert.equal(errorMessage(new TypeError('bad input')), 'bad input');
});

test('anything else thrown is turned into a string', () => {
  assert.equal(errorMessage('plain text'), 'plain text');
  assert.equal(errorMessage(42), '42');
  assert.equal(errorMessage(undefined), 'undefined');
  assert.equal(errorMessage({ code: 'ENOENT' }), '[object Object]');
});
