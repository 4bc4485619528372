import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../src/cli/command';
import { positiveInt, positiveInts } from '../../../src/cli/options';

test('positiveInt reads a whole number above zero and leaves an absent flag absent', () => {
  assert.equal(positiveInt('12', '--max'), 12);
  assert.equal(positiveInt(undefined, '--max'), undefined);
});

test('positiveInt refuses zero, negatives, fractions and words with a UsageError naming the flag', () => {
  for (const bad of ['0', '-3', '1.5', 'ten', '']) {
    assert.throws(
      () => positiveInt(bad, '--max'),
      (error: unknown) =>
        error instanceof UsageError && error.message === `--max needs a positive whole number, got '${bad}'`,
    );
  }
});

test('positiveInts reads a comma-separated list and names the bad part', () => {
  assert.deepEqual(positiveInts('1, 3,5', '--k'), [1, 3, 5]);
  assert.equal(positiveInts(undefined, '--k'), undefined);
  assert.throws(
    () => positiveInts('1,x', '--k'),
    (error: unknown) => error instanceof UsageError && error.message === "--k needs positive whole numbers, got 'x'",
  );
});
