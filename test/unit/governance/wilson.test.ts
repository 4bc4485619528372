import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilsonInterval, wilsonLowerBound } from '../../../src/core/governance/wilson';

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 5e-4, `${actual} ≉ ${expected}`);

test('Wilson 95% lower bound matches known values', () => {
  close(wilsonLowerBound(1, 1), 0.2065);
  close(wilsonLowerBound(5, 10), 0.2366);
  close(wilsonLowerBound(10, 10), 0.7225);
  close(wilsonLowerBound(81, 100), 0.7222);
  close(wilsonLowerBound(0, 10), 0);
  close(wilsonInterval(5, 10).upper, 0.7634);
});

test('no trials means no evidence: lower bound 0, upper bound 1', () => {
  assert.deepEqual(wilsonInterval(0, 0), { lower: 0, upper: 1 });
});

test('more evidence at the same rate ranks higher', () => {
  assert.ok(wilsonLowerBound(3, 3) < wilsonLowerBound(40, 45));
  assert.ok(wilsonLowerBound(9, 10) < wilsonLowerBound(90, 100));
});
