import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Disposable, disposeAll } from '../../../src/vscode/lifecycle';

/** Records the order in which things were disposed. */
function tracked(log: string[], name: string, fail = false): { dispose(): void } {
  return {
    dispose: () => {
      log.push(name);
      if (fail) throw new Error(`${name} failed`);
    },
  };
}

class Owner extends Disposable {
  register<T extends { dispose(): void }>(value: T): T {
    return this._register(value);
  }
  get isGone(): boolean {
    return this.disposed;
  }
}

test('disposeAll disposes the last item first', () => {
  const log: string[] = [];
  disposeAll([tracked(log, 'a'), tracked(log, 'b'), tracked(log, 'c')]);
  assert.deepEqual(log, ['c', 'b', 'a']);
});

test('disposeAll disposes every item even when some throw, then throws', () => {
  const log: string[] = [];
  assert.throws(() => disposeAll([tracked(log, 'a'), tracked(log, 'b', true), tracked(log, 'c')]), /b failed/);
  assert.deepEqual(log, ['c', 'b', 'a']);
  const several = (): void => disposeAll([tracked(log, 'x', true), tracked(log, 'y', true)]);
  assert.throws(several, (error: unknown) => error instanceof AggregateError && error.errors.length === 2);
});

test('a Disposable disposes what it registered once, in reverse order', () => {
  const log: string[] = [];
  const owner = new Owner();
  const first = tracked(log, 'first');
  assert.equal(owner.register(first), first, '_register hands the value back');
  owner.register(tracked(log, 'second'));
  assert.equal(owner.isGone, false);
  owner.dispose();
  owner.dispose();
  assert.deepEqual(log, ['second', 'first']);
  assert.equal(owner.isGone, true);
});

test('registering after dispose disposes the value at once', () => {
  const log: string[] = [];
  const owner = new Owner();
  owner.dispose();
  owner.register(tracked(log, 'late'));
  assert.deepEqual(log, ['late']);
});
