import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EditEvent, RecordedEvent, TerminalEvent, TranscriptEvent, TranscriptStep } from '../../../src/core/model/events';
import { findCaptureDuplicate, normaliseCommandLine, sessionTasks } from '../../../src/core/sources/captureMerge';

const attribution = { actor: 'unknown' as const, confidence: 0, evidence: [] };
const transcript = (id: string, ts: number, step: TranscriptStep, sessionId = 's1'): TranscriptEvent => ({
  id, ts, type: 'transcript', agent: 'claude-code', sessionId, attribution, step, workspaceFolder: '/w',
});
const terminal = (id: string, startedAt: number, commandLine: string): TerminalEvent => ({
  id, ts: startedAt + 500, type: 'terminal', commandLine, commandConfidence: 'high', terminalName: 'claude', startedAt, durationMs: 500, output: '', outputTruncated: false, attribution,
});
const edit = (id: string, ts: number, path: string): EditEvent => ({
  id, ts, type: 'edit', path, diff: '', linesAdded: 1, linesRemoved: 0, visibleInEditor: false, attribution,
});

describe('findCaptureDuplicate', () => {
  it('pairs a Bash call with the terminal run of the same command closest in time', () => {
    const call = transcript('c', 10_000, { kind: 'tool-call', callId: 'x', tool: 'run-command', rawName: 'Bash', summary: '  npm   test ' });
    const captured: RecordedEvent[] = [terminal('far', 10_000 - 200_000, 'npm test'), terminal('near', 10_800, 'npm test'), terminal('other', 10_100, 'npm run lint')];
    const match = findCaptureDuplicate(call, captured, 60_000);
    assert.equal(match?.captured.id, 'near');
    assert.equal(match?.reason, 'same-command');
  });

  it('does not pair outside the window or with a different command', () => {
    const call = transcript('c', 0, { kind: 'tool-call', callId: 'x', tool: 'run-command', rawName: 'Bash', summary: 'npm test' });
    assert.equal(findCaptureDuplicate(call, [terminal('t', 120_001, 'npm test')], 120_000), undefined);
    assert.equal(findCaptureDuplicate(call, [terminal('t', 10, 'npm test -- --watch')], 120_000), undefined);
  });

  it('pairs an edit call on an absolute path with the recorder\'s workspace-relative edit', () => {
    const call = transcript('c', 5_000, { kind: 'tool-call', callId: 'x', tool: 'edit', rawName: 'Edit', summary: '/w/src/a.ts', path: '/w/src/a.ts' });
    const match = findCaptureDuplicate(call, [edit('e1', 5_300, 'src/b.ts'), edit('e2', 5_400, 'src/a.ts')]);
    assert.equal(match?.captured.id, 'e2');
    assert.equal(match?.reason, 'same-path');
  });

  it('ignores prompts and reads', () => {
    assert.equal(findCaptureDuplicate(transcript('p', 0, { kind: 'prompt', text: 'npm test' }), [terminal('t', 0, 'npm test')]), undefined);
  });

  it('normalises shell wrappers, quotes and trailing semicolons', () => {
    assert.equal(normaliseCommandLine("bash -lc 'cargo test -p parser'"), 'cargo test -p parser');
    assert.equal(normaliseCommandLine('echo "a  b";'), "echo 'a b'");
  });
});

describe('sessionTasks', () => {
  it('takes each session\'s first prompt by time as its task', () => {
    const tasks = sessionTasks([
      transcript('2', 20, { kind: 'prompt', text: 'second' }),
      transcript('1', 10, { kind: 'prompt', text: 'fix the date parser' }),
      transcript('3', 5, { kind: 'note', text: 'not a prompt' }),
      transcript('4', 30, { kind: 'prompt', text: 'other task' }, 's2'),
    ]);
    assert.deepEqual([...tasks], [['s1', 'fix the date parser'], ['s2', 'other task']]);
  });
});
