import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactText } from '../../../src/core/redaction/redactText';
import { SECRET_PATTERNS } from '../../../src/core/redaction/secretPatterns';

/** Inputs shaped to make a backtracking regex explode: long runs of almost-matches. */
function adversarialInputs(): string[] {
  const n = 50_000;
  return [
    'a'.repeat(n),
    'A_'.repeat(n / 2),
    '-----BEGIN RSA PRIVATE KEY-----'.repeat(n / 30),
    `-----BEGIN PRIVATE KEY-----${'A'.repeat(n)}`,
    `eyJ${'a'.repeat(n / 2)}.eyJ${'b'.repeat(n / 2)}`,
    'sk-'.repeat(n / 3),
    'TOKEN='.repeat(n / 6),
    'PASSWORD: "'.repeat(n / 11),
    'https://a:'.repeat(n / 10),
    `https://${'u'.repeat(n / 2)}:${'p'.repeat(n / 2)}`,
    'Bearer '.repeat(n / 7),
    `Bearer ${'a'.repeat(n)}`,
    'Authorization: Basic '.repeat(n / 21),
    `xoxb-${'a-'.repeat(n / 2)}`,
    '0Q~'.repeat(n / 3),
    `${'1'.repeat(n)}:AA`,
    `${'a'.repeat(n)}-us1`,
    'password='.repeat(n / 9),
    `token: ${'x'.repeat(n)}`,
    '\n'.repeat(n),
    'é✔'.repeat(n / 2),
  ];
}

describe('redaction against adversarial input', () => {
  const inputs = adversarialInputs();

  it('runs the whole redactor over 50 KB adversarial strings within a time bound each', () => {
    for (const input of inputs) {
      const started = performance.now();
      redactText(input);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 500, `${JSON.stringify(input.slice(0, 20))}… took ${elapsed.toFixed(0)} ms`);
    }
  });

  it('runs every pattern on its own over the same strings within a time bound each', () => {
    for (const pattern of SECRET_PATTERNS) {
      const expression = new RegExp(pattern.source, 'g');
      for (const input of inputs) {
        const started = performance.now();
        input.replace(expression, '');
        const elapsed = performance.now() - started;
        assert.ok(
          elapsed < 500,
          `${pattern.kind} on ${JSON.stringify(input.slice(0, 20))}… took ${elapsed.toFixed(0)} ms`,
        );
      }
    }
  });
});
