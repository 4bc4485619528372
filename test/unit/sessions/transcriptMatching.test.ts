import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  EditEvent,
  FileEvent,
  RecordedEvent,
  TerminalEvent,
  TranscriptEvent,
  TranscriptStep,
} from '../../../src/core/model/events';
import {
  duplicateCapturedIds,
  findCapturedDuplicate,
  normaliseCommandLine,
  RecentToolCalls,
} from '../../../src/core/sessions/transcriptMatching';

const attribution = { actor: 'unknown' as const, confidence: 0, evidence: [] };
const transcript = (id: string, ts: number, step: TranscriptStep, workspaceFolder = '/w'): TranscriptEvent => ({
  id,
  ts,
  type: 'transcript',
  agent: 'claude-code',
  sessionId: 's1',
  attribution,
  step,
  workspaceFolder,
});
const terminal = (id: string, startedAt: number, commandLine: string, workspaceFolder = '/w'): TerminalEvent => ({
  id,
  ts: startedAt + 500,
  type: 'terminal',
  commandLine,
  commandConfidence: 'high',
  terminalName: 'claude',
  startedAt,
  durationMs: 500,
  output: '',
  outputTruncated: false,
  attribution,
  workspaceFolder,
});
const edit = (id: string, ts: number, path: string): EditEvent => ({
  id,
  ts,
  type: 'edit',
  path,
  diff: '',
  linesAdded: 1,
  linesRemoved: 0,
  visibleInEditor: false,
  attribution,
  workspaceFolder: '/w',
});
const bash = (id: string, ts: number, summary: string, workspaceFolder = '/w'): TranscriptEvent =>
  transcript(id, ts, { kind: 'tool-call', callId: id, tool: 'run-command', rawName: 'Bash', summary }, workspaceFolder);
const editCall = (id: string, ts: number, path: string): TranscriptEvent =>
  transcript(id, ts, { kind: 'tool-call', callId: id, tool: 'edit', rawName: 'Edit', summary: path, path });

describe('findCapturedDuplicate', () => {
  it('pairs a Bash call with the terminal run of the same command closest in time', () => {
    const captured: RecordedEvent[] = [
      terminal('far', 10_000 - 200_000, 'npm test'),
      terminal('near', 10_800, 'npm test'),
      terminal('other', 10_100, 'npm run lint'),
    ];
    assert.equal(findCapturedDuplicate(bash('c', 10_000, '  npm   test '), captured, 60_000)?.id, 'near');
  });

  it('does not pair outside the window, with a different command, or across workspace folders', () => {
    const call = bash('c', 0, 'npm test');
    assert.equal(findCapturedDuplicate(call, [terminal('t', 30_001, 'npm test')]), undefined, 'default window is 30 s');
    assert.equal(findCapturedDuplicate(call, [terminal('t', 10, 'npm test -- --watch')]), undefined);
    assert.equal(findCapturedDuplicate(call, [terminal('t', 10, 'npm test', '/other')]), undefined);
  });

  it('pairs a shell-wrapped command with its plain terminal twin', () => {
    assert.equal(
      findCapturedDuplicate(bash('c', 0, "bash -lc 'cargo test -p parser'"), [
        terminal('t', 100, 'cargo test -p parser'),
      ])?.id,
      't',
    );
  });

  it("pairs an edit call on an absolute path with the recorder's workspace-relative edit or file event", () => {
    assert.equal(
      findCapturedDuplicate(editCall('c', 5_000, '/w/src/a.ts'), [
        edit('e1', 5_300, 'src/b.ts'),
        edit('e2', 5_400, 'src/a.ts'),
      ])?.id,
      'e2',
    );
    const renamed: FileEvent = {
      id: 'f',
      ts: 5_100,
      type: 'file',
      op: 'rename',
      path: 'src/new.ts',
      oldPath: 'src/a.ts',
      attribution,
      workspaceFolder: '/w',
    };
    assert.equal(findCapturedDuplicate(editCall('c', 5_000, '/w/src/a.ts'), [renamed])?.id, 'f');
    assert.equal(
      findCapturedDuplicate(editCall('c', 5_000, '/elsewhere/src/a.ts'), [edit('e', 5_000, 'src/a.ts')]),
      undefined,
      'a same-named file outside the folder',
    );
  });

  it('ignores prompts and claimed events', () => {
    assert.equal(
      findCapturedDuplicate(transcript('p', 0, { kind: 'prompt', text: 'npm test' }), [terminal('t', 0, 'npm test')]),
      undefined,
    );
    assert.equal(
      findCapturedDuplicate(bash('c', 0, 'npm test'), [terminal('t', 0, 'npm test')], 30_000, new Set(['t'])),
      undefined,
    );
  });
});

describe('duplicateCapturedIds', () => {
  it('claims each captured event at most once, for the nearest calls in order', () => {
    const events: RecordedEvent[] = [
      terminal('t1', 1_000, 'npm test'),
      bash('c1', 1_100, 'npm test'),
      bash('c2', 1_200, 'npm test'),
      terminal('t2', 9_000, 'npm run lint'),
    ];
    assert.deepEqual([...duplicateCapturedIds(events)], ['t1']);
  });
});

describe('normaliseCommandLine', () => {
  it('normalises shell wrappers, quotes and trailing semicolons', () => {
    assert.equal(normaliseCommandLine("bash -lc 'cargo test -p parser'"), 'cargo test -p parser');
    assert.equal(normaliseCommandLine('/bin/sh -c "make"'), 'make');
    assert.equal(normaliseCommandLine('echo "a  b";'), "echo 'a b'");
  });
});

describe('RecentToolCalls', () => {
  it('lets a terminal run that comes after its transcript call claim that call, once', () => {
    const recent = new RecentToolCalls();
    recent.remember(transcript('p', 900, { kind: 'prompt', text: 'npm test' }));
    recent.remember(bash('old', 1_000, 'npm test'));
    recent.remember(bash('new', 20_000, 'npm test'));
    recent.remember(bash('lint', 20_100, 'npm run lint'));
    assert.equal(recent.claim(terminal('t1', 20_500, 'npm test'))?.id, 'new');
    assert.equal(
      recent.claim(terminal('t2', 21_000, 'npm test'))?.id,
      'old',
      'the nearer call was taken; the older one is still within 30 s',
    );
    assert.equal(recent.claim(terminal('t3', 21_500, 'npm test')), undefined);
    assert.equal(recent.claim(edit('e', 20_000, 'src/a.ts')), undefined);
  });

  it('forgets calls outside the window', () => {
    const recent = new RecentToolCalls(30_000);
    recent.remember(bash('c', 0, 'npm test'));
    assert.equal(recent.claim(terminal('t', 200_000, 'npm test')), undefined);
  });
});

it("an edit of the same file that adds none of the agent's lines is not the agent's edit", () => {
  const folder = '/repo';
  const call: TranscriptEvent = {
    id: 'call',
    ts: 1000,
    type: 'transcript',
    agent: 'claude-code',
    sessionId: 's',
    workspaceFolder: folder,
    attribution: { actor: 'claude-code', confidence: 1, evidence: [] },
    step: {
      kind: 'tool-call',
      callId: 'c',
      tool: 'edit',
      rawName: 'Edit',
      summary: '/repo/src/a.ts',
      path: '/repo/src/a.ts',
      diff: '--- a\n+++ b\n@@ -1 +1 @@\n-old\n+const fromAgent = 1;\n',
    },
  };
  const edit = (id: string, added: string): RecordedEvent => ({
    id,
    ts: 2000,
    type: 'edit',
    path: 'src/a.ts',
    workspaceFolder: folder,
    linesAdded: 1,
    linesRemoved: 0,
    visibleInEditor: true,
    attribution: { actor: 'human', confidence: 0.5, evidence: [] },
    diff: `--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1,2 @@\n old\n+${added}\n`,
  });
  assert.equal(findCapturedDuplicate(call, [edit('human', 'const fromHuman = 2;')]), undefined);
  assert.equal(findCapturedDuplicate(call, [edit('agent', 'const fromAgent = 1;')])?.id, 'agent');
});
