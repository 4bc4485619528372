import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyCommand } from '../../../src/core/sessions/commandKinds';
import { collectSignals, sessionOutcome, stepOutcome } from '../../../src/core/sessions/outcomeLabels';
import { terminal, transcript } from './eventFactory';

describe('classifyCommand', () => {
  const table: [string, ReturnType<typeof classifyCommand>][] = [
    ['npm test', 'test'],
    ['npm run test:unit -- --grep foo', 'test'],
    ['pnpm test', 'test'],
    ['yarn test', 'test'],
    ['npx vitest run', 'test'],
    ['pytest -x tests/', 'test'],
    ['python -m pytest', 'test'],
    ['uv run pytest', 'test'],
    ['cargo test --all', 'test'],
    ['go test ./...', 'test'],
    ['./gradlew test', 'test'],
    ['mvn -q verify', 'test'],
    ['dotnet test', 'test'],
    ['bundle exec rspec', 'test'],
    ['make test', 'test'],
    ['node --import tsx --test a.test.ts', 'test'],
    ['CI=1 npm test', 'test'],
    ['npm run build && npm test', 'test'],
    ['npm run build', 'build'],
    ['cargo build --release', 'build'],
    ['go build ./cmd/x', 'build'],
    ['make', 'build'],
    ['tsc -p .', 'build'],
    ['mvn package', 'build'],
    ['tsc --noEmit', 'typecheck'],
    ['npm run typecheck', 'typecheck'],
    ['mypy src', 'typecheck'],
    ['eslint src', 'lint'],
    ['npx eslint .', 'lint'],
    ['npm run lint', 'lint'],
    ['ruff check .', 'lint'],
    ['cargo clippy', 'lint'],
    ['go vet ./...', 'lint'],
    ['git status', undefined],
    ['ls -la', undefined],
    ['npm install', undefined],
    ['cat Makefile', undefined],
  ];
  for (const [command, kind] of table) {
    it(`${command} → ${kind ?? 'none'}`, () => assert.equal(classifyCommand(command), kind));
  }
});

describe('outcome labels', () => {
  it('uses the last result of each check: fail → fix → pass is a success', () => {
    const verdict = sessionOutcome(
      collectSignals([terminal(1, 'npm test', { exitCode: 1 }), terminal(2, 'npm test', { exitCode: 0 })]),
    );
    assert.equal(verdict.outcome, 'success');
    assert.match(verdict.reasons.join(), /last test passed/);
  });

  it('is a failure when the last test failed and mixed when checks disagree', () => {
    assert.equal(
      sessionOutcome(
        collectSignals([terminal(1, 'npm test', { exitCode: 0 }), terminal(2, 'npm test', { exitCode: 2 })]),
      ).outcome,
      'failure',
    );
    assert.equal(
      sessionOutcome(
        collectSignals([terminal(1, 'npm test', { exitCode: 0 }), terminal(2, 'eslint .', { exitCode: 1 })]),
      ).outcome,
      'mixed',
    );
  });

  it('ignores ordinary commands and missing exit codes', () => {
    assert.equal(sessionOutcome(collectSignals([terminal(1, 'ls', { exitCode: 1 })])).outcome, 'unknown');
    const noExit = terminal(1, 'npm test');
    delete noExit.exitCode;
    assert.equal(sessionOutcome(collectSignals([noExit])).outcome, 'unknown');
  });

  it('counts tool errors only when the session ends on one and no check ran', () => {
    const recovered = [
      transcript(1, 's', { kind: 'tool-result', callId: 'a', isError: true, output: 'boom' }),
      transcript(2, 's', { kind: 'tool-result', callId: 'b', isError: false, output: 'ok' }),
    ];
    assert.equal(sessionOutcome(collectSignals(recovered)).outcome, 'unknown');
    const endedOnError = [
      ...recovered,
      transcript(3, 's', { kind: 'tool-result', callId: 'c', isError: true, output: 'boom' }),
    ];
    assert.equal(sessionOutcome(collectSignals(endedOnError)).outcome, 'failure');
  });

  it('lets an explicit rating override everything', () => {
    const signals = collectSignals([terminal(1, 'npm test', { exitCode: 1 })]);
    signals.rating = 'up';
    assert.equal(sessionOutcome(signals).outcome, 'success');
  });

  it('labels edit survival in the session outcome', () => {
    assert.equal(
      sessionOutcome({
        checks: {},
        toolErrors: 0,
        toolResults: 0,
        survival: { survived: 1, rewritten: 0, reverted: 9, label: 'reverted' },
      }).outcome,
      'failure',
    );
    assert.equal(
      sessionOutcome({
        checks: {},
        toolErrors: 0,
        toolResults: 0,
        survival: { survived: 5, rewritten: 5, reverted: 0, label: 'rewritten' },
      }).outcome,
      'mixed',
    );
  });

  it('labels steps by exit code and tool result', () => {
    assert.equal(stepOutcome(terminal(1, 'x', { exitCode: 0 })), 'success');
    assert.equal(stepOutcome(terminal(1, 'x', { exitCode: 127 })), 'failure');
    assert.equal(
      stepOutcome(transcript(1, 's', { kind: 'tool-result', callId: 'a', isError: true, output: '' })),
      'failure',
    );
  });
});
