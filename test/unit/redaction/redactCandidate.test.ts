import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandidateRepository, type StoredCandidate } from '../../../src/core/candidates/candidateRepository';
import { redactedText } from '../../../src/core/redaction/gate';
import { redactCandidate } from '../../../src/core/redaction/redactCandidate';
import { renderCandidate } from '../../../src/core/skills/render';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { secretCorpus } from '../../support/store/secretCorpus';

const github = secretCorpus().find((sample) => sample.name === 'github classic pat');
const openai = secretCorpus().find((sample) => sample.name === 'openai legacy key');

function leaky(): StoredCandidate {
  assert.ok(github && openai);
  return {
    id: 'c-leaky',
    name: 'api-token-rotation',
    description: `Rotate the token ${github.text}. Use when keys leak.`,
    kind: 'edit',
    body: `## Evidence\n\n- commit: feat: add key ${openai.text}\n`,
    diff: `+- commit: feat: add key ${openai.text}\n`,
    scope: ['src/secrets/**/*.ts', 'config/token*.json', '.env.example'],
    confidence: 0.7,
    evidence: [
      { kind: 'commit', ref: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', detail: `fix: rotate ${github.text}` },
      { kind: 'command', ref: `curl -H "Authorization: Bearer ${openai.text}" https://api.example.com` },
      { kind: 'session', ref: 'session-42', eventId: 'e1' },
    ],
    source: 'commit-conventions',
    status: 'pending',
    createdAt: 1,
  };
}

function secretsIn(text: string): string[] {
  return [github, openai]
    .filter((sample) => sample && text.includes(sample.secret))
    .map((sample) => sample?.name ?? '');
}

describe('redactCandidate', () => {
  it('is the only way into the candidate store and SKILL.md: unredacted text does not compile', () => {
    // Never run: tsc checks the test files, and each line below must fail to compile.
    const unredactedWrites = (repository: CandidateRepository): void => {
      // @ts-expect-error an unredacted candidate cannot be saved
      repository.save(leaky());
      // @ts-expect-error nor rendered to SKILL.md
      renderCandidate(leaky());
      // @ts-expect-error nor can a reviewer's reject reason be stored as typed
      repository.markRejected('c-leaky', 'reason');
    };
    assert.equal(typeof unredactedWrites, 'function');
  });

  it('redacts description, body, diff, evidence details and command refs', () => {
    const redacted = redactCandidate(leaky());
    assert.deepEqual(secretsIn(JSON.stringify(redacted)), []);
    assert.match(redacted.description, /\[REDACTED:github\]/);
    assert.match(redacted.evidence[1]?.ref ?? '', /Bearer \[REDACTED/);
  });

  it('keeps the name, the scope globs, commit hashes and session ids exactly', () => {
    const original = leaky();
    const redacted = redactCandidate(original);
    assert.equal(redacted.name, original.name);
    assert.deepEqual(redacted.scope, original.scope);
    assert.equal(redacted.evidence[0]?.ref, original.evidence[0]?.ref);
    assert.deepEqual(redacted.evidence[2], original.evidence[2]);
  });

  it('returns a clean candidate as the same object and never mutates its input', () => {
    const original = leaky();
    const before = JSON.stringify(original);
    redactCandidate(original);
    assert.equal(JSON.stringify(original), before);
    const clean = {
      ...original,
      description: 'Run tests. Use before committing.',
      body: '## Steps\n',
      diff: '',
      evidence: [{ kind: 'commit' as const, ref: 'abc' }],
    };
    assert.equal(redactCandidate(clean), clean);
  });

  it('the candidate store keeps no secret, whatever path saved it (save, saveAll, status changes)', async () => {
    const db = await openSqlJsDatabase();
    const repository = new CandidateRepository(db);
    repository.save(redactCandidate(leaky()));
    repository.saveAll([redactCandidate({ ...leaky(), id: 'c-two', name: 'other-skill' })]);
    repository.markRejected('c-two', redactedText(`contains ${github?.text}`));
    assert.deepEqual(secretsIn(new TextDecoder().decode(db.export())), []);
    const stored = repository.get('c-leaky');
    assert.equal(stored?.name, 'api-token-rotation');
    assert.deepEqual(stored?.scope, leaky().scope);
    assert.equal(repository.list().length, 2);
  });

  it('renderCandidate takes only a candidate that went through the gate, and what it renders holds no secret', () => {
    const text = renderCandidate(redactCandidate(leaky()));
    assert.deepEqual(secretsIn(text), []);
    assert.match(text, /^name: api-token-rotation$/m);
    assert.match(text, /src\/secrets\/\*\*\/\*\.ts,config\/token\*\.json,\.env\.example/);
  });
});
