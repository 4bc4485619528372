import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordedEvent } from '../../../src/core/model/events';
import { sessionize } from '../../../src/core/sessions/sessionize';
import { SessionTracker } from '../../../src/core/sessions/sessionTracker';
import { addDiff, by, commit, edit, file, MIN, terminal, transcript, WS } from './eventFactory';

function sessionOf(result: ReturnType<typeof sessionize>, event: RecordedEvent): string {
  const id = result.assignments.get(event.id);
  assert.ok(id, `event ${event.id} has a session`);
  return id;
}

describe('sessionize rules', () => {
  it('starts a new session after an idle gap longer than the setting', () => {
    const a = edit(0, 'a.ts', addDiff('a.ts', ['x']));
    const b = terminal(5 * MIN, 'npm test');
    const c = edit(16 * MIN, 'a.ts', addDiff('a.ts', ['y']));
    const result = sessionize([a, b, c], { idleGapMs: 10 * MIN });
    assert.equal(sessionOf(result, a), sessionOf(result, b));
    assert.notEqual(sessionOf(result, b), sessionOf(result, c));
    const wider = sessionize([a, b, c], { idleGapMs: 12 * MIN });
    assert.equal(sessionOf(wider, a), sessionOf(wider, c));
  });

  it('lets a transcript session id win and pulls the agent’s captured events into it', () => {
    const prompt = transcript(0, 'abc', { kind: 'prompt', text: 'make the tests pass' });
    const agentEdit = edit(MIN, 'src/a.ts', addDiff('src/a.ts', ['fixed']), 'claude-code');
    const humanEdit = edit(MIN + 1, 'README.md', addDiff('README.md', ['doc']), 'human');
    const result = sessionize([prompt, agentEdit, humanEdit]);
    assert.equal(sessionOf(result, prompt), 'claude-code:abc');
    assert.equal(sessionOf(result, agentEdit), 'claude-code:abc');
    assert.notEqual(sessionOf(result, humanEdit), 'claude-code:abc');
    const session = result.sessions.find((s) => s.id === 'claude-code:abc');
    assert.equal(session?.actor, 'claude-code');
    assert.equal(session?.task, 'make the tests pass');
    assert.equal(session?.kind, 'transcript');
  });

  it('makes an agent launcher’s lifetime one session, including writes while it runs', () => {
    const launcher = terminal(10 * MIN, 'claude', {
      startedAt: MIN,
      durationMs: 9 * MIN,
      terminalName: 'zsh',
      attribution: by('claude-code', 0.95),
    });
    const write = file(2 * MIN, 'external-write', 'src/b.ts', 'claude-code');
    const humanCmd = terminal(3 * MIN, 'git status');
    const afterwards = file(11 * MIN, 'external-write', 'src/c.ts', 'claude-code');
    const result = sessionize([write, humanCmd, launcher, afterwards]);
    const launched = sessionOf(result, launcher);
    assert.match(launched, /^term-/);
    assert.equal(sessionOf(result, write), launched);
    assert.notEqual(sessionOf(result, humanCmd), launched);
    assert.notEqual(sessionOf(result, afterwards), launched, 'the session ends with the launcher');
    const session = result.sessions.find((s) => s.id === launched);
    assert.equal(session?.actor, 'claude-code');
    assert.equal(session?.startedAt, MIN);
    assert.equal(session?.endedAt, 10 * MIN);
  });

  it('keeps sessions per workspace folder', () => {
    const a = edit(0, 'a.ts', addDiff('a.ts', ['x']));
    const b = { ...edit(1000, 'a.ts', addDiff('a.ts', ['y'])), workspaceFolder: '/other' };
    const result = sessionize([a, b]);
    assert.notEqual(sessionOf(result, a), sessionOf(result, b));
    assert.equal(result.sessions.find((s) => s.id === sessionOf(result, b))?.workspaceFolder, '/other');
  });

  it('links a commit to the sessions whose edits it contains and records HEAD after', () => {
    const agentEdit = edit(0, 'src/a.ts', addDiff('src/a.ts', ['const answer = 42;']), 'copilot');
    const human = edit(1000, 'notes.md', addDiff('notes.md', ['todo']), 'human');
    const c = commit(2000, 'abc123', ['src/a.ts'], addDiff('src/a.ts', ['const answer = 42;']));
    const result = sessionize([agentEdit, human, c]);
    const agentSession = result.sessions.find((s) => s.id === sessionOf(result, agentEdit));
    assert.equal(sessionOf(result, c), agentSession?.id);
    assert.equal(agentSession?.headAfter, 'abc123');
    assert.equal(agentSession?.labels.survivalByPath['src/a.ts'], 'survived');
    assert.equal(agentSession?.outcome, 'success');
  });

  it('regroups stored events whose hints the recorder assigned, but keeps source hints', () => {
    const a = { ...edit(0, 'a.ts', addDiff('a.ts', ['x'])), sessionHint: 'ses-old' };
    const b = { ...edit(1000, 'b.ts', addDiff('b.ts', ['y'])), sessionHint: 'external:42' };
    const result = sessionize([a, b]);
    assert.notEqual(sessionOf(result, a), 'ses-old');
    assert.equal(sessionOf(result, b), 'external:42');
  });
});

describe('SessionTracker online', () => {
  it('gives the same sessions as sessionize when events arrive in time order', () => {
    const launcher = terminal(10 * MIN, 'codex', {
      startedAt: MIN,
      durationMs: 9 * MIN,
      attribution: by('codex', 0.95),
    });
    const events: RecordedEvent[] = [
      edit(0, 'a.ts', addDiff('a.ts', ['x'])),
      file(2 * MIN, 'external-write', 'src/b.ts', 'codex'),
      terminal(3 * MIN, 'npm test', { exitCode: 1 }),
      terminal(4 * MIN, 'npm test'),
      launcher,
      edit(30 * MIN, 'a.ts', addDiff('a.ts', ['z'])),
      transcript(31 * MIN, 'g1', { kind: 'prompt', text: 'hi' }, 'gemini-cli'),
      commit(32 * MIN, 'def', ['a.ts']),
    ];
    const offline = sessionize(events);
    const tracker = new SessionTracker();
    const online = new Map<string, string>();
    for (const event of events) {
      if (event === launcher) continue;
      if (event.ts >= MIN && !online.has(launcher.id)) {
        tracker.agentLaunched({
          workspaceFolder: WS,
          terminalName: launcher.terminalName,
          startedAt: launcher.startedAt,
          agent: 'codex',
        });
        online.set(launcher.id, '');
      }
      if (event.ts > launcher.ts && online.get(launcher.id) === '') online.set(launcher.id, tracker.assign(launcher));
      online.set(event.id, tracker.assign(event));
    }
    assert.deepEqual(Object.fromEntries(online), Object.fromEntries(offline.assignments));
    const strip = (sessions: ReturnType<SessionTracker['all']>): unknown =>
      sessions.map((s) => ({ ...s, eventIds: [...s.eventIds].sort() })).sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(strip(tracker.all()), strip(offline.sessions));
  });

  it('reports the agents active in a folder for attribution', () => {
    const tracker = new SessionTracker();
    tracker.agentLaunched({ workspaceFolder: WS, terminalName: 'zsh', startedAt: 0, agent: 'claude-code' });
    tracker.assign(transcript(1000, 's', { kind: 'prompt', text: 'x' }, 'codex'));
    const agents = tracker
      .activeAgents(WS, 2000)
      .map((a) => a.agent)
      .sort();
    assert.deepEqual(agents, ['claude-code', 'codex']);
    assert.deepEqual(tracker.activeAgents('/elsewhere', 2000), []);
    assert.deepEqual(
      tracker.activeAgents(WS, 60 * MIN).map((a) => a.agent),
      ['claude-code'],
      'an idle transcript is no longer active',
    );
  });

  it('hands out changed sessions once and records HEAD before', () => {
    const tracker = new SessionTracker();
    tracker.noteHead(WS, 'h0', 'main');
    const id = tracker.assign(edit(0, 'a.ts', addDiff('a.ts', ['x'])));
    const changed = tracker.takeChanged();
    assert.deepEqual(
      changed.map((s) => s.id),
      [id],
    );
    assert.equal(changed[0]?.headBefore, 'h0');
    assert.equal(changed[0]?.branch, 'main');
    assert.deepEqual(tracker.takeChanged(), []);
  });
});
