import type { StoredCandidate } from '../../../src/core/candidates/candidateRepository';
import type { Redacted } from '../../../src/core/redaction/gate';
import { redactCandidate } from '../../../src/core/redaction/redactCandidate';

/** A valid pending candidate; override what a test is about. */
export function candidate(overrides: Partial<StoredCandidate> = {}): Redacted<StoredCandidate> {
  return redactCandidate({
    id: 'c1',
    name: 'changing-src-api',
    description: 'When editing src/api, update docs/api.md.',
    kind: 'new',
    body: '# Changing src/api\n\n## When to use\n\nEditing src/api.\n',
    scope: ['src/api/*'],
    confidence: 0.8,
    evidence: [{ kind: 'commit', ref: 'abc', detail: 'x' }],
    source: 'cochange',
    status: 'pending',
    createdAt: 1,
    support: 4,
    ...overrides,
  });
}
