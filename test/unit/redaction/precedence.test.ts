import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactText } from '../../../src/core/redaction/redactText';
import { secretCorpus } from '../../support/store/secretCorpus';

const keys = secretCorpus().filter((sample) => sample.name.includes('private key'));

describe('redactText: a multi-line private key after another secret-shaped prefix', () => {
  it('the corpus has private keys to try', () => {
    assert.ok(keys.length >= 2);
  });

  for (const assignment of [
    'export TOKEN=',
    'TOKEN=',
    'API_KEY: ',
    'SECRET="',
    "private_key = '",
    'Authorization: Bearer ',
  ]) {
    it(`${assignment}<key> loses the whole key, body included`, () => {
      for (const key of keys) {
        const redacted = redactText(`${assignment}${key.text}\nnext line`);
        for (const line of key.secret.split('\n').filter((part) => part.length >= 16 && !part.startsWith('-----'))) {
          assert.ok(!redacted.includes(line), `${key.name} after ${JSON.stringify(assignment)} leaked: ${redacted}`);
        }
        assert.match(redacted, /\[REDACTED:private-key\]/);
        assert.ok(redacted.endsWith('next line'), 'text after the key stays');
      }
    });
  }

  it('is idempotent and keeps the variable name', () => {
    const key = keys[0];
    assert.ok(key);
    const once = redactText(`export TOKEN=${key.text}`);
    assert.equal(redactText(once), once);
    assert.ok(once.startsWith('export TOKEN='), once);
  });
});
