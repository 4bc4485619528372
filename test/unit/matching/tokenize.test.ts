import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stem, tokenize } from '../../../src/core/matching/tokenize';

test('identifiers in every casing meet prose on the same terms', () => {
  const prose = tokenize('parse config file');
  assert.deepEqual(tokenize('parseConfigFile'), prose);
  assert.deepEqual(tokenize('parse_config_file'), prose);
  assert.deepEqual(tokenize('parse-config-file'), prose);
  assert.deepEqual(tokenize('ParseConfigFile()'), prose);
  assert.deepEqual(tokenize('parsing the config files'), prose);
});

test('acronyms, paths and digit-bearing words split sensibly', () => {
  assert.deepEqual(tokenize('HTTPServer'), ['http', 'server']);
  assert.deepEqual(tokenize('src/db/migrations/001_init.sql'), ['src', 'db', 'migrat', '001', 'init', 'sql']);
  assert.deepEqual(tokenize('upload to s3 and run e2e'), ['upload', 's3', 'run', 'e2e']);
  assert.deepEqual(tokenize('TS2307: Cannot find module'), ['ts2307', 'cannot', 'find', 'modul']);
});

test('stop words and single letters are dropped, case is folded', () => {
  assert.deepEqual(tokenize('How do we add a NEW Table to the DB?'), ['add', 'new', 'tabl', 'db']);
  assert.deepEqual(tokenize('a I x'), []);
});

test('the light stemmer conflates inflections without mangling short words', () => {
  assert.equal(stem('migrations'), stem('migrate'));
  assert.equal(stem('migrating'), stem('migration'));
  assert.equal(stem('running'), 'run');
  assert.equal(stem('tests'), stem('testing'));
  assert.equal(stem('dependencies'), stem('dependency'));
  assert.equal(stem('adding'), stem('add'));
  assert.equal(stem('status'), 'status');
  assert.equal(stem('api'), 'api');
});

test('tokenising garbage never throws', () => {
  assert.deepEqual(tokenize(''), []);
  assert.doesNotThrow(() => tokenize('\u0000\uffff'.repeat(1000) + 'x'.repeat(100_000)));
});
