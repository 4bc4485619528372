import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  agentFromCommandLine,
  agentFromTerminalName,
  commandExecutable,
} from '../../../src/core/model/agentSignatures';
import { attributeEdit, attributeFileWrite, attributeTerminal } from '../../../src/core/capture/attribution';
import { duplicateCapturedIds, findCapturedDuplicate } from '../../../src/core/sessions/transcriptMatching';
import { edit, terminal, transcript } from '../sessions/eventFactory';

describe('agent signatures', () => {
  it('finds the agent CLI behind env vars and launchers', () => {
    assert.equal(commandExecutable('FOO=1 npx -y @anthropic-ai/claude-code --resume'), '@anthropic-ai/claude-code');
    assert.equal(agentFromCommandLine('claude -p "fix the tests"')?.agent, 'claude-code');
    assert.equal(agentFromCommandLine('/usr/local/bin/codex exec "x"')?.agent, 'codex');
    assert.equal(agentFromCommandLine('npx @google/gemini-cli')?.agent, 'gemini-cli');
    assert.equal(agentFromCommandLine('gh copilot suggest "x"')?.agent, 'copilot');
    assert.equal(agentFromCommandLine('cursor-agent')?.agent, 'cursor');
    assert.equal(agentFromCommandLine('npm test'), undefined);
    assert.equal(agentFromCommandLine('grep claude notes.txt'), undefined, 'an argument is not the executable');
  });

  it('reads terminal names agents give their terminals', () => {
    assert.equal(agentFromTerminalName('Copilot')?.agent, 'copilot');
    assert.equal(agentFromTerminalName('Claude Code')?.agent, 'claude-code');
    assert.equal(agentFromTerminalName('Roo Code')?.agent, 'roo');
    assert.equal(agentFromTerminalName('root shell'), undefined);
    assert.equal(agentFromTerminalName('zsh'), undefined);
  });
});

describe('attribution', () => {
  it('attributes terminals by command, then name, then a running agent, else human', () => {
    assert.deepEqual(attributeTerminal({ terminalName: 'zsh', commandLine: 'codex' }).actor, 'codex');
    const byName = attributeTerminal({ terminalName: 'Copilot', commandLine: 'npm test' });
    assert.equal(byName.actor, 'copilot');
    assert.match(byName.evidence.join(), /terminal named 'Copilot'/);
    assert.equal(
      attributeTerminal({ terminalName: 'zsh', commandLine: 'ls', agentRunningInTerminal: 'gemini-cli' }).actor,
      'gemini-cli',
    );
    const human = attributeTerminal({ terminalName: 'zsh', commandLine: 'npm test' });
    assert.equal(human.actor, 'human');
    assert.ok(human.confidence < 0.9);
  });

  it('attributes edits to files not visible in an editor to the active agent', () => {
    const active = [
      { agent: 'codex' as const, source: "terminal 'codex'", lastActiveAt: 10 },
      { agent: 'claude-code' as const, source: "terminal 'claude'", lastActiveAt: 20 },
    ];
    const hidden = attributeEdit({ visibleInEditor: false, activeAgents: active });
    assert.equal(hidden.actor, 'claude-code', 'the most recently active agent wins');
    assert.ok(hidden.evidence.some((line) => line.includes('not visible')));
    assert.equal(attributeEdit({ visibleInEditor: false, activeAgents: [], editorAgent: 'copilot' }).actor, 'copilot');
    assert.equal(attributeEdit({ visibleInEditor: false, activeAgents: [] }).actor, 'unknown');
    assert.equal(attributeEdit({ visibleInEditor: true, activeAgents: [] }).actor, 'human');
    assert.equal(attributeEdit({ visibleInEditor: true, fromDisk: true, activeAgents: active }).actor, 'claude-code');
  });

  it('attributes external writes to the agent active at the time', () => {
    const one = [{ agent: 'gemini-cli' as const, source: "terminal 'gemini'", lastActiveAt: 1 }];
    const write = attributeFileWrite({ origin: 'external', activeAgents: one });
    assert.equal(write.actor, 'gemini-cli');
    assert.equal(write.confidence, 0.75);
    assert.equal(attributeFileWrite({ origin: 'external', activeAgents: [] }).actor, 'unknown');
    assert.equal(attributeFileWrite({ origin: 'editor', activeAgents: [] }).actor, 'human');
  });
});

describe('transcript matching seam', () => {
  it('finds the captured terminal event a tool call duplicates within the window', () => {
    const captured = [
      terminal(10_000, 'npm  test', { startedAt: 9_000 }),
      terminal(100_000, 'npm test', { startedAt: 99_000 }),
    ];
    const call = transcript(9_500, 's1', {
      kind: 'tool-call',
      callId: 'c1',
      tool: 'run-command',
      rawName: 'Bash',
      summary: 'npm test',
    });
    assert.equal(findCapturedDuplicate(call, captured)?.id, captured[0]?.id);
    const late = transcript(300_000, 's1', {
      kind: 'tool-call',
      callId: 'c2',
      tool: 'run-command',
      rawName: 'Bash',
      summary: 'npm test',
    });
    assert.equal(findCapturedDuplicate(late, captured), undefined);
  });

  it('matches edit tool calls by absolute path and claims each captured event once', () => {
    const edits = [edit(1000, 'src/a.ts', '', 'claude-code')];
    const calls = [1, 2].map((n) =>
      transcript(1000 + n, 's1', {
        kind: 'tool-call',
        callId: `c${n}`,
        tool: 'edit',
        rawName: 'Edit',
        summary: '/work/app/src/a.ts',
        path: '/work/app/src/a.ts',
      }),
    );
    assert.deepEqual([...duplicateCapturedIds([...edits, ...calls])], [edits[0]?.id]);
  });
});
