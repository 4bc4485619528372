import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CaptureFilter } from '../../../src/core/capture/captureFilter';
import { GitCheckIgnore } from '../../../src/core/capture/gitIgnoreOracle';
import { Recorder } from '../../../src/core/capture/recorder';
import type { EditEvent, FileEvent, RecordedEvent, TerminalEvent } from '../../../src/core/model/events';
import { SessionRepository } from '../../../src/core/sessions/sessionRepository';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';

function setup(options: { filter?: CaptureFilter; store?: SessionRepository } = {}): {
  recorder: Recorder;
  events: RecordedEvent[];
  clock: { t: number };
} {
  const events: RecordedEvent[] = [];
  const clock = { t: 1_000_000 };
  const recorder = new Recorder({
    sink: { append: (batch) => events.push(...batch) },
    clock: { now: () => clock.t },
    timers: false,
    ...(options.filter ? { filterFor: () => options.filter } : {}),
    ...(options.store ? { sessionStore: options.store } : {}),
    editorAgent: 'copilot',
  });
  return { recorder, events, clock };
}

describe('Recorder', () => {
  let repo: TempRepo;
  before(() => {
    repo = createTempRepo();
    repo.commit('init', { files: { '.gitignore': 'build/\n', 'src/a.ts': 'a\n' } });
  });
  after(() => repo.cleanup());

  it('records a terminal execution with excerpt, attribution and a session id', () => {
    const { recorder, events } = setup();
    recorder.onTerminalExecutionEnded({
      commandLine: 'npm test',
      confidence: 2,
      terminalName: 'zsh',
      startedAt: 10,
      endedAt: 1010,
      exitCode: 1,
      output: '\u001b[31m1 failing\u001b[0m\r\n',
      workspaceFolder: '/ws',
    });
    const event = events[0] as TerminalEvent;
    assert.equal(event.type, 'terminal');
    assert.equal(event.output, '1 failing');
    assert.equal(event.exitCode, 1);
    assert.equal(event.attribution.actor, 'human');
    assert.match(event.sessionHint ?? '', /^ses-/);
  });

  it('folds keystrokes into one edit event per burst and records the save', () => {
    const { recorder, events, clock } = setup();
    recorder.onDocumentOpened('/ws', 'src/a.ts', 'a\n');
    let text = 'a\n';
    for (const char of 'const b = 2;\n') {
      text += char;
      const now = text;
      recorder.onDocumentChanged({
        workspaceFolder: '/ws',
        path: 'src/a.ts',
        ts: clock.t++,
        visibleInEditor: true,
        currentText: () => now,
      });
    }
    assert.equal(events.length, 0, 'nothing is emitted while typing');
    recorder.onDocumentSaved({ workspaceFolder: '/ws', path: 'src/a.ts', ts: clock.t });
    assert.deepEqual(
      events.map((e) => e.type),
      ['edit', 'file'],
    );
    const editEvent = events[0] as EditEvent;
    assert.match(editEvent.diff, /^\+const b = 2;$/m);
    assert.equal(editEvent.linesAdded, 1);
    assert.equal(editEvent.attribution.actor, 'human');
    assert.equal((events[1] as FileEvent).op, 'save');
    assert.equal(events[0]?.sessionHint, events[1]?.sessionHint);
  });

  it('attributes external writes and hidden edits during an agent launcher to that agent', () => {
    const { recorder, events, clock } = setup();
    recorder.onTerminalExecutionStarted({
      terminalName: 'zsh',
      commandLine: 'claude',
      startedAt: clock.t,
      workspaceFolder: '/ws',
    });
    clock.t += 1000;
    recorder.onExternalWrite({ workspaceFolder: '/ws', path: 'src/new.ts', kind: 'create' });
    recorder.onDocumentOpened('/ws', 'src/b.ts', 'x\n');
    recorder.onDocumentChanged({
      workspaceFolder: '/ws',
      path: 'src/b.ts',
      ts: clock.t,
      visibleInEditor: false,
      currentText: () => 'x\ny\n',
    });
    recorder.tick(clock.t + 5000);
    recorder.onTerminalExecutionEnded({
      commandLine: 'claude',
      confidence: 2,
      terminalName: 'zsh',
      startedAt: 1_000_000,
      endedAt: clock.t + 6000,
      exitCode: 0,
      output: '',
      workspaceFolder: '/ws',
    });
    assert.deepEqual(
      events.map((e) => [e.type, e.attribution.actor]),
      [
        ['file', 'claude-code'],
        ['edit', 'claude-code'],
        ['terminal', 'claude-code'],
      ],
    );
    const sessions = new Set(events.map((e) => e.sessionHint));
    assert.equal(sessions.size, 1, 'one session spans the launcher');
    assert.match([...sessions][0] ?? '', /^term-/);
  });

  it('flushes an idle burst from its own timer, once per burst', async () => {
    const events: RecordedEvent[] = [];
    const recorder = new Recorder({ sink: { append: (batch) => events.push(...batch) }, edits: { idleMs: 40 } });
    recorder.onDocumentOpened(undefined, 'a.txt', '');
    for (let i = 1; i <= 20; i++) {
      const text = 'x'.repeat(i);
      recorder.onDocumentChanged({ path: 'a.txt', ts: Date.now(), visibleInEditor: true, currentText: () => text });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(
      events.map((e) => e.type),
      ['edit'],
    );
    assert.match((events[0] as EditEvent).diff, /^\+x{20}$/m);
    await recorder.dispose();
  });

  it('drops the watcher echo of an editor save', () => {
    const { recorder, events, clock } = setup();
    recorder.onDocumentSaved({ path: 'a.ts', ts: clock.t });
    recorder.onExternalWrite({ path: 'a.ts', kind: 'change', ts: clock.t + 200 });
    assert.equal(events.length, 1);
    assert.equal(recorder.stats().echoesIgnored, 1);
  });

  it('honours .gitignore and keeps events in order while git answers', async () => {
    const filter = new CaptureFilter({ gitIgnore: new GitCheckIgnore(repo.dir), captureExclude: ['secret/**'] });
    const { recorder, events } = setup({ filter });
    recorder.onExternalWrite({ path: 'build/out.js', kind: 'change', ts: 1 });
    recorder.onExternalWrite({ path: 'src/a.ts', kind: 'change', ts: 2 });
    recorder.onExternalWrite({ path: 'secret/key.txt', kind: 'change', ts: 3 });
    recorder.onTerminalExecutionEnded({
      commandLine: 'ls',
      confidence: 2,
      terminalName: 'zsh',
      startedAt: 3,
      endedAt: 4,
      exitCode: 0,
      output: '',
    });
    assert.equal(events.length, 0, 'queued behind the pending git question');
    await recorder.flush();
    assert.deepEqual(
      events.map((e) => (e.type === 'file' ? e.path : e.type)),
      ['src/a.ts', 'terminal'],
    );
    assert.equal(recorder.stats().excluded, 2);
    recorder.onExternalWrite({ path: 'build/out.js', kind: 'change', ts: 5 });
    recorder.onExternalWrite({ path: 'src/a.ts', kind: 'change', ts: 6 });
    assert.equal(events.length, 3, 'cached answers make the path synchronous');
  });

  it('reports terminals without shell integration', () => {
    const { recorder } = setup();
    let changes = 0;
    recorder.onShellIntegrationStatusChanged(() => changes++);
    recorder.onTerminalShellIntegrationMissing('1', 'cmd.exe', 5);
    recorder.onTerminalShellIntegrationMissing('1', 'cmd.exe', 6);
    assert.deepEqual(recorder.terminalsWithoutShellIntegration(), [
      { terminalId: '1', terminalName: 'cmd.exe', since: 5 },
    ]);
    recorder.onTerminalShellIntegrationActivated('1');
    assert.deepEqual(recorder.terminalsWithoutShellIntegration(), []);
    assert.equal(changes, 2);
  });

  it('persists sessions with outcomes, edit survival and ratings to the store', async () => {
    const store = new SessionRepository(await openSqlJsDatabase());
    const { recorder, events, clock } = setup({ store });
    recorder.onHeadChanged('/ws', 'h0', 'main');
    recorder.onDocumentOpened('/ws', 'src/c.ts', '');
    recorder.onDocumentChanged({
      workspaceFolder: '/ws',
      path: 'src/c.ts',
      ts: clock.t,
      visibleInEditor: false,
      currentText: () => 'export const agentLine = 1;\n',
    });
    recorder.onCommit({
      workspaceFolder: '/ws',
      hash: 'h1',
      parents: ['h0'],
      message: 'feat: c',
      files: ['src/c.ts'],
      diff: '--- a/src/c.ts\n+++ b/src/c.ts\n@@ -0,0 +1 @@\n+export const agentLine = 1;\n',
      ts: clock.t + 10,
    });
    assert.deepEqual(
      events.map((e) => e.type),
      ['edit', 'commit'],
      'pending bursts flush before the commit',
    );
    await recorder.flush();
    const sessionId = events[0]?.sessionHint ?? '';
    const stored = store.get(sessionId);
    assert.equal(stored?.headBefore, 'h0');
    assert.equal(stored?.headAfter, 'h1');
    assert.equal(stored?.labels.survivalByPath['src/c.ts'], 'survived');
    recorder.rate(sessionId, 'down', '/ws');
    await recorder.dispose();
    assert.equal(store.get(sessionId)?.outcome, 'failure');
    assert.equal(events.at(-1)?.type, 'rating');

    const later = setup({ store }).recorder;
    later.rate(sessionId, 'up', '/ws');
    assert.equal(store.get(sessionId)?.outcome, 'success', 'a session from an earlier run is rated in the store');
    await later.dispose();
    assert.equal(store.get(sessionId)?.outcome, 'success');
  });
});
