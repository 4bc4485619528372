import type { RecordedEvent, TerminalEvent } from '../../../src/core/model/events';

/** A terminal event with a predictable id, for store tests and the crash child. */
export function terminalEvent(id: string, ts: number, output = 'ok', sessionHint = 's1'): TerminalEvent {
  return {
    id,
    ts,
    type: 'terminal',
    sessionHint,
    workspaceFolder: '/work/repo',
    attribution: { actor: 'claude-code', confidence: 0.9, evidence: ["terminal named 'claude'"] },
    commandLine: 'npm test',
    commandConfidence: 'high',
    cwd: '/work/repo',
    terminalName: 'claude',
    startedAt: ts,
    durationMs: 1200,
    exitCode: 0,
    output,
    outputTruncated: false,
  };
}

/** One event of every kind, each carrying `secret` in its free-text fields. */
export function eventsCarrying(secret: string, idPrefix: string, ts: number): RecordedEvent[] {
  const attribution = { actor: 'codex' as const, confidence: 0.8, evidence: ['transcript'] };
  return [
    terminalEvent(`${idPrefix}-term`, ts, `$ echo done\n${secret}\nexit 0`),
    {
      id: `${idPrefix}-edit`,
      ts: ts + 1,
      type: 'edit',
      attribution,
      path: 'src/config.ts',
      diff: `--- a/src/config.ts\n+++ b/src/config.ts\n@@ -1 +1,2 @@\n const a = 1;\n+const key = '${secret}';\n`,
      linesAdded: 1,
      linesRemoved: 0,
      visibleInEditor: false,
    },
    {
      id: `${idPrefix}-commit`,
      ts: ts + 2,
      type: 'commit',
      attribution,
      hash: '3f786850e387550fdab836ed7e6dc881de23001b',
      parents: [],
      message: `Rotate credentials\n\nold value was ${secret}`,
      files: ['src/config.ts'],
      diff: `+${secret}\n`,
    },
    {
      id: `${idPrefix}-step`,
      ts: ts + 3,
      type: 'transcript',
      attribution,
      agent: 'codex',
      sessionId: 'sess-1',
      step: { kind: 'tool-result', callId: 'c1', isError: false, output: `result: ${secret}` },
    },
    {
      id: `${idPrefix}-call`,
      ts: ts + 4,
      type: 'transcript',
      attribution,
      agent: 'codex',
      sessionId: 'sess-1',
      step: {
        kind: 'tool-call',
        callId: 'c2',
        tool: 'run-command',
        rawName: 'shell',
        summary: `curl ${secret}`,
        input: { command: ['bash', '-lc', `echo ${secret}`] },
      },
    },
  ];
}
