import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TranscriptEvent } from '../../../src/core/model/events';
import { redactEvent } from '../../../src/core/redaction/redactEvent';
import { redactText, secretKinds, unanchoredKinds } from '../../../src/core/redaction/redactText';
import { secretCorpus } from '../../support/store/secretCorpus';

describe('redactText', () => {
  const corpus = secretCorpus();

  it(`covers at least 40 secret formats (${corpus.length} in the corpus)`, () => {
    assert.ok(corpus.length >= 40);
    assert.ok(secretKinds().length >= 40);
  });

  for (const entry of corpus) {
    it(`removes a ${entry.name} and says what it was`, () => {
      const text = `line before\n  ${entry.text}  \nline after`;
      const redacted = redactText(text);
      assert.ok(!redacted.includes(entry.secret), redacted);
      assert.match(redacted, /\[REDACTED:[a-z0-9-]+\]/);
      assert.ok(redacted.startsWith('line before\n') && redacted.endsWith('\nline after'), 'surrounding text stays');
    });
  }

  it('leaves ordinary developer text alone', () => {
    const benign = [
      'commit 3f786850e387550fdab836ed7e6dc881de23001b (HEAD -> main, origin/main)',
      'session 123e4567-e89b-12d3-a456-426614174000 started',
      "const fixture = 'SGVsbG8gd29ybGQhIFRoaXMgaXMgdGVzdCBkYXRh';",
      '"integrity": "sha512-9v2XlMZ0h1GSmzXhLQ1qcDIW1kHnXWbBDTzVNXZxxgY3s6CoyZNdL3tUq3cf0u1Nt1r0vV8rHnN3R8Y6Tt3EGw=="',
      'export interface Options { token: string; password?: string; apiKey: string | undefined }',
      'const token = await getToken(scope);',
      'PWD=/home/dev/project OLDPWD=/home/dev',
      'DB_PASSWORD=${DB_PASSWORD}',
      'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      'Visit https://example.com:8080/docs?page=2#intro for details',
      'git@github.com:skillwright/skillwright.git',
      'src/core/store/eventStore.ts:120:5 - error TS2322: Type "string" is not assignable to type "number".',
      '✔ redacts secrets (12.3ms)',
      'Tokenizer: split on whitespace, then Bearer authentication applies',
      'npm notice New minor version of npm available! 10.8.2 -> 10.9.0',
      // Flags that look like secret flags and are not (issue 16 added the flag rules).
      'psql -h db.internal -p 5432 -U app',
      'docker run -p 8080:80 -e NODE_ENV=production nginx',
      'mysql -u root -p',
      'gh auth login --with-token < token.txt',
      'deploy --token-file ~/.config/deploy/token --password-stdin',
      'curl -u "$USER:$API_TOKEN" https://api.example.com',
      'gh pr create --title "Fix token refresh" --body "Rotates the token before expiry"',
      'aws configure set region eu-west-1',
      // Random-looking values without a secret word beside them, and identifiers beside one.
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixes the api key lookup',
      'fixup! revert 1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c (token refresh)',
      'request id 3AA5C34371567BD2 took 120 ms',
      'data:image/png;base64,' +
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    ];
    for (const text of benign) assert.equal(redactText(text), text);
  });

  it(
    "scans for assignment and URL-credential patterns only in text holding '=' or ':', which each of " +
      'their matches needs',
    () => {
      // A new pattern that does not start at a word boundary lands here: check that every match of it
      // holds a '=' or ':' before adding it to this list, or redactText would skip it in some texts.
      assert.deepEqual(unanchoredKinds(), ['npm', 'sentry-dsn', 'url-password', 'env-secret', 'secret-assignment']);
      assert.equal(redactText('export GITHUB_TOKEN ghp_' + 'a'.repeat(36)), `export GITHUB_TOKEN [REDACTED:github]`);
    },
  );

  it('is idempotent', () => {
    for (const entry of corpus) {
      const once = redactText(entry.text);
      assert.equal(redactText(once), once, entry.name);
    }
  });
});

describe('redactEvent', () => {
  it('redacts nested tool input and any value under a secret-named key, and keeps the id', () => {
    const [openai, github] = secretCorpus();
    const event: TranscriptEvent = {
      id: 'evt-1',
      ts: 5,
      type: 'transcript',
      attribution: { actor: 'claude-code', confidence: 1, evidence: [`saw ${github?.text}`] },
      agent: 'claude-code',
      sessionId: 's',
      step: {
        kind: 'tool-call',
        callId: 'c',
        tool: 'run-command',
        rawName: 'Bash',
        summary: `export OPENAI_API_KEY=${openai?.text}`,
        input: {
          command: `curl -H 'x-api-key: ${openai?.text}'`,
          env: { STRIPE_TOKEN: 'plain-looking-value' },
          nested: [[{ deep: github?.text }]],
        },
      },
    };
    const redacted = redactEvent(event);
    const json = JSON.stringify(redacted);
    assert.ok(!json.includes(openai?.secret ?? '!') && !json.includes(github?.secret ?? '!'), json);
    assert.ok(!json.includes('plain-looking-value'), 'a value under a secret-named key goes whatever it looks like');
    assert.equal(redacted.id, 'evt-1');
    assert.equal(
      event.step.kind === 'tool-call' && event.step.summary.includes(openai?.secret ?? '!'),
      true,
      'the input event is not mutated',
    );
  });
});
