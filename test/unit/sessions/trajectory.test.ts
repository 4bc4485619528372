import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionize } from '../../../src/core/sessions/sessionize';
import { toTrajectory } from '../../../src/core/sessions/trajectory';
import { addDiff, by, commit, edit, MIN, terminal, transcript } from './eventFactory';

describe('toTrajectory', () => {
  it('condenses a session into ordered steps, merging transcript tool calls with captured twins', () => {
    const agentEdit = edit(2 * MIN, 'src/a.ts', addDiff('src/a.ts', ['export const fixed = true;']), 'claude-code');
    const events = [
      transcript(0, 's1', { kind: 'prompt', text: 'fix the failing test' }),
      transcript(MIN, 's1', {
        kind: 'tool-call',
        callId: 'c1',
        tool: 'run-command',
        rawName: 'Bash',
        summary: 'npm test',
      }),
      terminal(MIN + 2000, 'npm test', {
        startedAt: MIN + 100,
        exitCode: 1,
        output: 'FAIL src/a.test.ts\n1 failing',
        attribution: by('claude-code'),
      }),
      transcript(MIN + 2100, 's1', {
        kind: 'tool-result',
        callId: 'c1',
        isError: true,
        exitCode: 1,
        output: 'FAIL src/a.test.ts\n1 failing',
      }),
      agentEdit,
      terminal(3 * MIN, 'npm test', {
        startedAt: 3 * MIN - 500,
        durationMs: 500,
        exitCode: 0,
        output: 'ok',
        attribution: by('claude-code'),
      }),
      commit(4 * MIN, '0123456789abcdef', ['src/a.ts'], addDiff('src/a.ts', ['export const fixed = true;'])),
    ];
    const { sessions } = sessionize(events);
    const session = sessions.find((s) => s.id === 'claude-code:s1');
    assert.ok(session);
    const trajectory = toTrajectory(
      session,
      events.filter((e) => session.eventIds.includes(e.id)),
    );
    assert.deepEqual(
      trajectory.steps.map((s) => [s.action, s.outcome]),
      [
        ['prompt: fix the failing test', 'unknown'],
        ['Bash: npm test', 'failure'],
        ['edit src/a.ts (+1 -0)', 'success'],
        ['$ npm test', 'success'],
        ['commit 0123456789 commit 0123456789abcdef', 'success'],
      ],
    );
    assert.match(trajectory.steps[1]?.observation ?? '', /exit 1\nFAIL src\/a\.test\.ts/);
    assert.deepEqual(trajectory.steps[2]?.files, ['src/a.ts']);
    assert.match(trajectory.steps[3]?.observation ?? '', /^exit 0, 500 ms\nok$/);
    assert.equal(trajectory.session.outcome, 'success');
  });

  it('keeps long outputs short, preferring the tail', () => {
    const long = terminal(0, 'make', { exitCode: 2, output: `${'noise\n'.repeat(1000)}error: missing symbol` });
    const { sessions } = sessionize([long]);
    const [session] = sessions;
    assert.ok(session);
    const step = toTrajectory(session, [long], { observationChars: 100 }).steps[0];
    assert.ok((step?.observation.length ?? 0) < 200);
    assert.match(step?.observation ?? '', /error: missing symbol$/);
  });
});
