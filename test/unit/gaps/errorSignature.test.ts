import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandHead, errorSignature } from '../../../src/core/gaps/errorSignature';

test('runs that differ only in paths, numbers, hashes and quotes share a signature', () => {
  const a = errorSignature(
    'npx tsc -p tsconfig.json',
    "src/users/service.ts(12,5): error TS2339: Property 'email' does not exist on type 'User'.",
  );
  const b = errorSignature(
    'npx tsc -p tsconfig.build.json',
    "\u001b[31msrc/orders/repo.ts(88,13): error TS2339: Property 'total' does not exist on type 'Order'.\u001b[0m",
  );
  assert.equal(a, b);
  assert.match(a, /^tsc :: <path>\(<n>,<n>\): error ts<n>: property <str> does not exist on type <str>\.$/);
});

test('a different error or a different command is a different signature', () => {
  const base = errorSignature('pnpm knex migrate:latest', 'Error: relation "orders" already exists');
  assert.notEqual(base, errorSignature('pnpm knex migrate:latest', 'Error: connect ECONNREFUSED 127.0.0.1:5432'));
  assert.notEqual(base, errorSignature('pnpm vitest run', 'Error: relation "orders" already exists'));
});

test('the error line is found among noise, and the command head skips runners and env', () => {
  const output = 'Starting...\nloaded 12 modules\nFATAL: password authentication failed for user "app"\nbye';
  assert.match(
    errorSignature('DATABASE_URL=x npm run db:seed', output),
    /^db:seed :: fatal: password authentication failed for user <str>$/,
  );
  assert.equal(commandHead('FOO=1 npx vitest run src/a.test.ts --reporter dot'), 'vitest run');
  assert.equal(commandHead(''), '');
});
